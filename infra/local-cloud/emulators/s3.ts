import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { urlOf, type Emulator } from './dynamodb.js';
import { s3Front } from './s3-front.js';
import { VersionedFilesystemStore } from './s3-versioned-store.js';

/**
 * S3: s3rver in this process, objects as files under `dir`. Path-style only (no virtual
 * hosts on 127.0.0.1); it accepts any signature, so the app checks uploads itself (DESIGN).
 * Bucket CORS, versioning and Object Lock are set through the S3 API by the deployer, from
 * the template. Multipart uploads complete as on S3 (part ETags checked, `md5-of-md5s-N`),
 * see s3-store.ts. What s3rver lacks — versions, Object Lock, checksums, aws-chunked
 * bodies — a front of ours adds before its routes (s3-front.ts).
 */

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => {
  run(): Promise<unknown>;
  close(): Promise<void>;
  httpServer: Server;
  middleware: Array<(ctx: never, next: () => Promise<unknown>) => unknown>;
  store: unknown;
  context: { store: unknown };
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
  const store = new VersionedFilesystemStore(options.dir);
  s3rver.store = s3rver.context.store = store;
  // Before s3rver's router (its last middleware), after its XML encoding of answers.
  const router = s3rver.middleware.at(-1);
  if (router?.name !== 'dispatch') throw new Error("s3rver's middleware is not laid out as expected: its router should come last");
  s3rver.middleware.splice(s3rver.middleware.length - 1, 0, s3Front(store) as never);
  await s3rver.run();
  return {
    url: urlOf(s3rver.httpServer),
    async close() {
      s3rver.httpServer.closeAllConnections?.();
      await s3rver.close();
      await store.close();
    },
  };
}
