/**
 * POST /api/uploads {filename, contentType, size} -> 201 {uploadId, partSize, parts}.
 * Checks the declared size and type (and that the file name's extension is the type's),
 * records a pending upload (expires in two days unless a release claims it) and hands out
 * presigned PUT URLs for `incoming/<id>`:
 * one below the configured part size, otherwise one per part of a multipart upload.
 * Each POST is a new upload; an abandoned one simply expires.
 */
import { uploadRequestSchema } from '#domain/submission.js';
import { Invalid, TooLarge, Unsupported } from '#domain/errors.js';
import { formatBytes } from '#domain/format.js';
import { newUlid } from '#domain/ids.js';
import { ALLOWED_TYPES, displayName, extensionMatches, extensionOf, extensionsLabel, normaliseType, planParts } from '#domain/uploads.js';
import { ENV } from '#contract/handlers.js';
import { config, env } from '#runtime/env.js';
import { createMultipart, presignParts, presignPut } from '#adapters/object-store.js';
import { putUpload, UPLOAD_TTL_SECONDS } from '#adapters/upload-store.js';
import { uploadsPerIp } from '#domain/limits.js';
import { limitBySourceIp } from '#adapters/http/client-limits.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

/**
 * Long enough for a 2 GB video on a slow connection. The URL still works after /complete;
 * what is put through it then never reaches a release, because register copies only the
 * object of the ETag checked at /complete (functions/usecases/attachment-move.ts). That covers
 * multipart uploads too, where a signed `If-None-Match: *` cannot (UploadPart takes no
 * conditional header), and it needs no SHA-256 of a 2 GB file in the browser before the
 * URL is made, as a signed `x-amz-checksum-sha256` would.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html
 */
const URL_LIFETIME_SECONDS = 6 * 3600;

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const request = parseBody(event, uploadRequestSchema);
  const cfg = config();
  if (request.size > cfg.uploads.maxBytes) throw new TooLarge('upload.tooLarge', { max: formatBytes(cfg.uploads.maxBytes) });
  const type = normaliseType(request.contentType);
  if (!type) throw new Unsupported('upload.typeNotAllowed');
  // The bytes must later prove the declared type (uploads-complete), so a name that
  // matches the declared type matches the detected one too.
  if (!extensionMatches(request.filename, type)) {
    throw new Invalid('upload.extensionMismatch', {
      extension: extensionOf(request.filename) || '-',
      type: ALLOWED_TYPES[type].label,
      expected: extensionsLabel(type),
    });
  }
  await limitBySourceIp(event, uploadsPerIp(cfg));
  const plan = planParts(request.size, cfg.uploads.partSize);

  const bucket = env(ENV.uploadsBucket);
  const uploadId = newUlid();
  const key = `incoming/${uploadId}`;
  const multipartUploadId = plan.multipart ? await createMultipart(bucket, key, type) : undefined;
  const now = new Date();
  await putUpload({
    uploadId,
    state: 'pending',
    name: displayName(request.filename),
    declaredType: type,
    size: request.size,
    key,
    multipartUploadId,
    partSize: plan.partSize,
    partCount: plan.partCount,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + UPLOAD_TTL_SECONDS,
  });
  const parts = multipartUploadId
    ? await presignParts(bucket, key, multipartUploadId, plan.partCount, URL_LIFETIME_SECONDS)
    : [{ partNumber: 1, url: await presignPut(bucket, key, URL_LIFETIME_SECONDS) }];
  return { status: 201, body: { uploadId, partSize: plan.partSize, multipart: plan.multipart, parts } };
});
