/**
 * A local S3 of its own for a test file (the local cloud's emulator on an ephemeral port,
 * files in a temporary directory), and SDK clients for it: `checksums` is the SDK's
 * requestChecksumCalculation, WHEN_SUPPORTED by default as on AWS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Emulator } from '../../infra/local-cloud/emulators/dynamodb.js';
import { startS3 } from '../../infra/local-cloud/emulators/s3.js';

export interface LocalS3 {
  url: string;
  client(checksums?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED'): S3Client;
  close(): Promise<void>;
}

export async function startLocalS3(name: string): Promise<LocalS3> {
  const dir = mkdtempSync(join(tmpdir(), `warta-${name}-`));
  const emulator: Emulator = await startS3({ dir, host: '127.0.0.1', port: 0 });
  const clients: S3Client[] = [];
  return {
    url: emulator.url,
    client(checksums = 'WHEN_SUPPORTED') {
      const client = new S3Client({
        endpoint: emulator.url,
        forcePathStyle: true,
        region: 'ap-southeast-3',
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: checksums,
        maxAttempts: 1,
      });
      clients.push(client);
      return client;
    },
    async close() {
      for (const c of clients) c.destroy();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error an SDK call fails with (its name, S3's message, the HTTP status). */
export async function failureOf(call: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await call;
  } catch (e) {
    const error = e as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
  }
  throw new Error('the call succeeded');
}
