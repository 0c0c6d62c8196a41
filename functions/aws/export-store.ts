/**
 * Auditor exports kept beside the archive (`exports/<time>-<file>` and its manifest):
 * streamed with a multipart upload, so an export of a large period never has to fit in
 * one request.
 */
import { Readable } from 'node:stream';
import { Upload } from '@aws-sdk/lib-storage';
import { ENV } from '#domain/workflow.js';
import type { ExportFile } from './audit-exports.js';
import { s3 } from './clients/s3.js';
import { env } from './env.js';

const PART_SIZE = 8 * 1024 * 1024;

export async function storeExport(file: ExportFile, now: Date = new Date()): Promise<string> {
  const bucket = env(ENV.archiveBucket);
  const key = `exports/${now.toISOString().replace(/[:.]/g, '-')}-${file.filename}`;
  await new Upload({
    client: s3,
    partSize: PART_SIZE,
    queueSize: 4,
    params: { Bucket: bucket, Key: key, Body: Readable.from(chunks(file.body)), ContentType: file.contentType },
  }).done();
  const manifest = { file: key, sha256: file.sha256, bytes: file.body.length, executions: file.executions, problems: file.problems, at: now.toISOString() };
  await new Upload({ client: s3, params: { Bucket: bucket, Key: `${key}.manifest.json`, Body: JSON.stringify(manifest, null, 2), ContentType: 'application/json' } }).done();
  return key;
}

function* chunks(body: Buffer): Generator<Buffer> {
  for (let i = 0; i < body.length; i += PART_SIZE) yield body.subarray(i, i + PART_SIZE);
}
