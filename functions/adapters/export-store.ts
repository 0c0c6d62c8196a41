/**
 * Auditor exports kept beside the archive (`exports/<time>-<file>` and its manifest). An
 * export larger than one part goes up as a multipart upload, a few parts at a time, so
 * one request never has to carry a whole large period; a failed upload is aborted, so
 * no half-written parts are left to pay for.
 */
import { ENV } from '#contract/handlers.js';
import type { ExportFile } from '#domain/audit/export.js';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { s3 } from './clients/s3.js';
import { env } from '#runtime/env.js';

const PART_SIZE = 8 * 1024 * 1024;
const PARTS_AT_ONCE = 4;

export async function storeExport(file: ExportFile, now: Date = new Date()): Promise<string> {
  const bucket = env(ENV.archiveBucket);
  const key = `exports/${now.toISOString().replace(/[:.]/g, '-')}-${file.filename}`;
  await putLarge(bucket, key, file.body, file.contentType);
  const manifest = {
    file: key,
    sha256: file.sha256,
    bytes: file.body.length,
    executions: file.executions,
    problems: file.problems,
    at: now.toISOString(),
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: `${key}.manifest.json`,
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
  return key;
}

async function putLarge(bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
  if (body.length <= PART_SIZE) {
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    return;
  }
  // The parts carry the SDK's default CRC32 (the archive bucket's Object Lock requires a
  // checksum on each), so the upload is made for CRC32 and completed with each part's.
  const created = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType, ChecksumAlgorithm: 'CRC32' }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('S3 gave no multipart upload id');
  try {
    const parts: CompletedPart[] = [];
    const count = Math.ceil(body.length / PART_SIZE);
    for (let first = 1; first <= count; first += PARTS_AT_ONCE) {
      const batch = Array.from({ length: Math.min(PARTS_AT_ONCE, count - first + 1) }, (_, i) => first + i);
      parts.push(
        ...(await Promise.all(
          batch.map(async (partNumber) => {
            const part = body.subarray((partNumber - 1) * PART_SIZE, partNumber * PART_SIZE);
            const out = await s3.send(
              new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: part }),
            );
            return { PartNumber: partNumber, ETag: out.ETag, ChecksumCRC32: out.ChecksumCRC32 };
          }),
        )),
      );
    }
    await s3.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
  } catch (e) {
    await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    throw e;
  }
}
