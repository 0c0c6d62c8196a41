/**
 * Auditor exports kept beside the archive (`exports/<time>-<file>` and its manifest). An
 * export larger than one part goes up as a multipart upload, a few parts at a time, so
 * one request never has to carry a whole large period; a failed upload is aborted, so
 * no half-written parts are left to pay for.
 */
import { ENV } from '#domain/workflow.js';
import type { ExportFile } from './audit-exports.js';
import { s3 } from './clients/s3.js';
import { env } from './env.js';

const PART_SIZE = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;

export async function storeExport(file: ExportFile, now: Date = new Date()): Promise<string> {
  const bucket = env(ENV.archiveBucket);
  const key = `exports/${now.toISOString().replace(/[:.]/g, '-')}-${file.filename}`;
  await putLarge(bucket, key, file.body, file.contentType);
  const manifest = { file: key, sha256: file.sha256, bytes: file.body.length, executions: file.executions, problems: file.problems, at: now.toISOString() };
  await s3.putObject(bucket, `${key}.manifest.json`, JSON.stringify(manifest, null, 2), { contentType: 'application/json' });
  return key;
}

async function putLarge(bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  if (body.length <= PART_SIZE) return s3.putObject(bucket, key, body, { contentType });
  const uploadId = await s3.createMultipartUpload(bucket, key, contentType);
  try {
    const parts: { partNumber: number; etag: string }[] = [];
    const count = Math.ceil(body.length / PART_SIZE);
    for (let first = 1; first <= count; first += PARTS_AT_ONCE) {
      const batch = Array.from({ length: Math.min(PARTS_AT_ONCE, count - first + 1) }, (_, i) => first + i);
      parts.push(
        ...(await Promise.all(
          batch.map(async (partNumber) => ({
            partNumber,
            etag: await s3.uploadPart(bucket, key, uploadId, partNumber, body.subarray((partNumber - 1) * PART_SIZE, partNumber * PART_SIZE)),
          })),
        )),
      );
    }
    await s3.completeMultipartUpload(bucket, key, uploadId, parts);
  } catch (e) {
    await s3.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
    throw e;
  }
}
