/**
 * POST /api/uploads/{uploadId}/complete {parts} -> 200 {uploadId, name, contentType, size}.
 * Finishes a multipart upload, then checks the object itself: its size against the
 * declared one and the limit, its type by its own bytes (a ranged read of its first and,
 * for ZIP containers, last bytes). A bad file is deleted and the refusal remembered, so
 * calling again gives the same answer; a good one is marked complete. A second call
 * returns the result. The object's ETag is recorded with the check: register moves only
 * the object of that ETag, so bytes put over it afterwards never reach a release. The file is not hashed here: reading a 2 GB video back cannot fit
 * API Gateway's 29-second limit, so its sha256 is taken by the register stage, from the
 * bytes the release keeps.
 */
import { uploadCompleteSchema, uploadIdSchema } from '#domain/submission.js';
import { Invalid, NotFound, TooLarge, Unsupported, type DomainError } from '#domain/errors.js';
import { formatBytes } from '#domain/format.js';
import { ALLOWED_TYPES, detectType, HEAD_BYTES, needsZipTail, ZIP_TAIL_BYTES } from '#domain/uploads.js';
import { ENV } from '#contract/handlers.js';
import { config, env } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { abortMultipart, completeMultipart, deleteObject, objectHead, ObjectChanged, readRange } from '#adapters/object-store.js';
import { findUpload, settleUpload, type UploadItem } from '#adapters/upload-store.js';
import { httpHandler, parseBody, parseWith } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

const view = (u: UploadItem) => ({ uploadId: u.uploadId, name: u.name, contentType: u.contentType, size: u.size });

function refusal(u: UploadItem): DomainError {
  const r = u.rejection ?? { status: 400, key: 'upload.rejected', params: {} };
  if (r.status === 413) return new TooLarge(r.key, r.params);
  if (r.status === 415) return new Unsupported(r.key, r.params);
  return new Invalid(r.key, r.params);
}

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const uploadId = parseWith(uploadIdSchema, event.pathParameters?.uploadId ?? '');
  const { parts } = parseBody(event, uploadCompleteSchema);
  const upload = await findUpload(uploadId);
  if (!upload) throw new NotFound('upload.notFound', { uploadId });
  if (upload.state === 'complete') return { status: 200, body: view(upload) };
  if (upload.state === 'rejected') throw refusal(upload);

  const bucket = env(ENV.uploadsBucket);
  const reject = async (error: DomainError): Promise<never> => {
    await deleteObject(bucket, upload.key);
    if (upload.multipartUploadId) await abortMultipart(bucket, upload.key, upload.multipartUploadId);
    await settleUpload(uploadId, { state: 'rejected', rejection: { status: error.status, key: error.key, params: error.params } });
    logger.info('upload refused', { uploadId, reason: error.key });
    throw error;
  };

  if (upload.multipartUploadId) {
    const numbers = new Set(parts.map((p) => p.partNumber));
    const complete =
      parts.length === upload.partCount && numbers.size === upload.partCount && [...numbers].every((n) => n >= 1 && n <= upload.partCount);
    if (!complete) throw new Invalid('upload.partsMissing', { expected: upload.partCount });
    await completeMultipart(
      bucket,
      upload.key,
      upload.multipartUploadId,
      [...parts].sort((a, b) => a.partNumber - b.partNumber),
    );
  }

  const found = await objectHead(bucket, upload.key);
  if (!found) throw new Invalid('upload.missingObject');
  const { size, etag } = found;
  const maxBytes = config().uploads.maxBytes;
  if (size > maxBytes) return reject(new TooLarge('upload.tooLarge', { max: formatBytes(maxBytes) }));
  if (size !== upload.size) return reject(new Invalid('upload.sizeMismatch', { actual: size, declared: upload.size }));

  // Read by the ETag just seen, so the bytes checked are those of the object recorded; one
  // put over it mid-check is not passed off as checked.
  let head: Uint8Array;
  let tail: Uint8Array | undefined;
  try {
    head = await readRange(bucket, upload.key, 0, Math.min(HEAD_BYTES, size) - 1, etag);
    tail = needsZipTail(head) ? await readRange(bucket, upload.key, Math.max(0, size - ZIP_TAIL_BYTES), size - 1, etag) : undefined;
  } catch (e) {
    if (e instanceof ObjectChanged) return reject(new Invalid('upload.changedWhileChecked'));
    throw e;
  }
  const detected = detectType(head, tail);
  const declaredLabel = ALLOWED_TYPES[upload.declaredType as keyof typeof ALLOWED_TYPES]?.label ?? upload.declaredType;
  if (!detected || detected !== upload.declaredType) return reject(new Unsupported('upload.typeMismatch', { declared: declaredLabel }));

  // The ETag is what register copies by: a later PUT to the still-valid URL changes it,
  // and that copy is then refused (functions/adapters/object-store.ts moveObject).
  await settleUpload(uploadId, { state: 'complete', contentType: detected, etag });
  const settled = await findUpload(uploadId);
  if (settled?.state === 'rejected') throw refusal(settled);
  return { status: 200, body: view(settled ?? { ...upload, contentType: detected }) };
});
