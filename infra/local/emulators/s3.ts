import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { urlOf, type Emulator } from './dynamodb.js';

/**
 * S3: s3rver in this process, objects as files under `dir`. Path-style only (no virtual
 * hosts on 127.0.0.1); it accepts any signature, so the app checks uploads itself (DESIGN).
 * Bucket CORS is set through the S3 API by the deployer, from the template.
 */

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<unknown>;
  close(): Promise<void>;
  httpServer: Server;
};

export async function startS3(options: { dir: string; host: string; port: number }): Promise<Emulator> {
  mkdirSync(options.dir, { recursive: true });
  const s3rver = new S3rver({
    address: options.host,
    port: options.port,
    directory: options.dir,
    silent: true,
    vhostBuckets: false,
    allowMismatchedSignatures: true,
  });
  await s3rver.run();
  return {
    url: urlOf(s3rver.httpServer),
    async close() {
      s3rver.httpServer.closeAllConnections?.();
      await s3rver.close();
    },
  };
}
