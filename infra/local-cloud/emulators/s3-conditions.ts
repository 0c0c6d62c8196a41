/**
 * The conditional requests of S3 that s3rver does not answer as S3 does (it knows only
 * If-None-Match on a read, and answers 304): a copy only of the source of a given ETag, a
 * read only of the object of a given ETag, and a put only where no object is. Each
 * refusal is S3's: 412 PreconditionFailed, nothing read or written.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (x-amz-copy-source-if-match)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (If-Match)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html (If-None-Match: *)
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from './s3-error.js';
import type { VersionedFilesystemStore } from './s3-versioned-store.js';

const bare = (etag: unknown) => String(etag).trim().replace(/^W\//, '').replace(/"/g, '');

async function etagOf(store: VersionedFilesystemStore, bucket: string, key: string): Promise<string | undefined> {
  const metadata = await store.getMetadata(bucket, key).catch(() => undefined);
  return metadata?.etag === undefined ? undefined : bare(metadata.etag);
}

function failed(condition: string): Error {
  return new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });
}

/** `If-Match: <etag>` on GET/HEAD: another object (or none) is not read. */
export async function checkReadCondition(
  headers: IncomingHttpHeaders,
  store: VersionedFilesystemStore,
  bucket: string,
  key: string,
): Promise<void> {
  const wanted = headers['if-match'];
  if (typeof wanted !== 'string') return;
  const etag = await etagOf(store, bucket, key);
  if (etag === undefined) return; // s3rver answers NoSuchKey
  if (wanted.trim() !== '*' && bare(wanted) !== etag) throw failed('If-Match');
}

/** `x-amz-copy-source-if-match` on CopyObject: only the source of that ETag is copied. */
export async function checkCopyCondition(headers: IncomingHttpHeaders, store: VersionedFilesystemStore): Promise<void> {
  const wanted = headers['x-amz-copy-source-if-match'];
  if (typeof wanted !== 'string') return;
  const [sourceBucket = '', ...rest] = decodeURIComponent(String(headers['x-amz-copy-source']).split('?')[0]!)
    .replace(/^\//, '')
    .split('/');
  const etag = await etagOf(store, sourceBucket, rest.join('/'));
  if (etag !== undefined && bare(wanted) !== etag) throw failed('x-amz-copy-source-If-Match');
}

/** `If-None-Match: *` on PutObject or CopyObject: an object already there is not replaced. */
export async function checkWriteCondition(
  headers: IncomingHttpHeaders,
  store: VersionedFilesystemStore,
  bucket: string,
  key: string,
): Promise<void> {
  if (String(headers['if-none-match'] ?? '').trim() !== '*') return;
  if ((await etagOf(store, bucket, key)) !== undefined) throw failed('If-None-Match');
}
