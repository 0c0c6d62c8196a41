import type { IncomingHttpHeaders } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import type { BucketSettings } from './s3-bucket-settings.js';
import { AwsChunkedDecoder, decodedHeaders, isAwsChunked } from './s3-chunked.js';
import { checkCopyCondition, checkReadCondition, checkWriteCondition } from './s3-conditions.js';
import { checksumHeaders, declaredIntegrity, declaresIntegrity, VerifiedBody } from './s3-checksums.js';
import { S3Error } from './s3-error.js';
import { requestedRetention, requireIntegrityForLockedWrite, retentionOfNewVersion } from './s3-object-lock.js';
import {
  bucketObjectLock,
  bucketVersioning,
  deleteInVersionedBucket,
  deleteManyInVersionedBucket,
  getVersion,
  listVersions,
  objectRetention,
  versionHeaders,
  type S3Call,
} from './s3-version-api.js';
import type { VersionedFilesystemStore } from './s3-versioned-store.js';
import { writeContext, type WriteContext } from './s3-write-context.js';

/**
 * The request front of the local S3, run before s3rver's routes. It answers what s3rver
 * does not know (versioning, Object Lock, versions: s3-version-api.ts) and prepares what
 * s3rver does: an aws-chunked body is decoded (s3-chunked.ts), a declared checksum is
 * checked on the way (s3-checksums.ts), a write to a locked bucket without one is refused,
 * and the store learns the new version's retention (s3-write-context.ts). After s3rver,
 * it adds the headers S3 answers with: x-amz-version-id, the lock, the checksum.
 * Conditional reads, copies and puts are refused as S3 refuses them (s3-conditions.ts).
 */

type Context = S3Call & { path: string; req: Readable & { headers: IncomingHttpHeaders }; status: number };
type Next = () => Promise<unknown>;

function target(path: string): { bucket?: string; key?: string } {
  const [, bucket, ...rest] = path.split('/');
  const key = rest.join('/');
  return { bucket: bucket ? decodeURIComponent(bucket) : undefined, key: key ? decodeURIComponent(key) : undefined };
}

const has = (ctx: Context, name: string) => name in ctx.query;
/** The query names a subresource; the SDK's x-id only names its operation. */
const plain = (ctx: Context) => Object.keys(ctx.query).every((q) => q === 'x-id');

export function s3Front(store: VersionedFilesystemStore) {
  return async function front(ctx: Context, next: Next): Promise<void> {
    const { bucket, key } = target(ctx.path);
    if (!bucket) return void (await next());
    const now = new Date();
    if (!key) return bucketCall(ctx, next, store, bucket);

    hoistQueryHeaders(ctx);
    const settings = await store.settings.get(bucket);
    if (has(ctx, 'retention')) {
      await mustExist(store, bucket);
      return objectRetention(ctx, store, bucket, key, settings, now);
    }
    const versioned = settings.versioning === 'Enabled';
    switch (ctx.method) {
      case 'GET':
      case 'HEAD':
        if (typeof ctx.query.versionId === 'string' && versioned) {
          await mustExist(store, bucket);
          return getVersion(ctx, store, bucket, key);
        }
        refuseVersionIdOfUnversioned(ctx, versioned);
        await checkReadCondition(ctx.headers, store, bucket, key);
        return read(ctx, next, store, bucket, key, versioned);
      case 'DELETE':
        if (has(ctx, 'uploadId') || has(ctx, 'tagging')) return void (await next());
        if (versioned) {
          await mustExist(store, bucket);
          return deleteInVersionedBucket(ctx, store, bucket, key, now);
        }
        refuseVersionIdOfUnversioned(ctx, versioned);
        return void (await next());
      case 'PUT':
        if (has(ctx, 'tagging') || has(ctx, 'acl')) return void (await next());
        // CopyObject carries no bytes, so no Content-MD5 or checksum of them: S3 copies and
        // checks them itself, even into a locked bucket, and the copy is a new version with
        // the destination's retention (x-amz-object-lock-* or the bucket's default).
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
        if (!has(ctx, 'uploadId')) await checkWriteCondition(ctx.headers, store, bucket, key);
        if ('x-amz-copy-source' in ctx.headers) {
          await checkCopyCondition(ctx.headers, store);
          return write(ctx, next, { settings, retention: retentionOfNewVersion(ctx.headers, settings, now) });
        }
        return writeBytes(ctx, next, store, bucket, settings, now);
      case 'POST':
        if (has(ctx, 'uploads')) requestedRetention(ctx.headers, settings, now);
        if (has(ctx, 'uploadId')) return completeUpload(ctx, next, store, bucket, settings, now);
        return void (await next());
      default:
        return void (await next());
    }
  };
}

/**
 * A presigned URL carries its x-amz-* headers in the query (x-amz-checksum-crc32 among
 * them: the SDK signs the checksum of the body it had, none, into a presigned PutObject);
 * S3 takes them as headers, and so does s3rver, only later than the checks here.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
 * https://github.com/aws/aws-sdk-js-v3/issues/6994
 */
function hoistQueryHeaders(ctx: Context): void {
  for (const [name, value] of Object.entries(ctx.query)) {
    const header = name.toLowerCase();
    if (header.startsWith('x-amz-') && !header.startsWith('x-amz-signature') && typeof value === 'string') ctx.headers[header] = value;
  }
}

async function mustExist(store: VersionedFilesystemStore, bucket: string): Promise<void> {
  if (!(await store.getBucket(bucket))) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist', { BucketName: bucket });
}

/** Only the "null" version exists in a bucket never versioned. */
function refuseVersionIdOfUnversioned(ctx: Context, versioned: boolean): void {
  const versionId = ctx.query.versionId;
  if (!versioned && versionId !== undefined && versionId !== 'null')
    throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: String(versionId) });
}

async function bucketCall(ctx: Context, next: Next, store: VersionedFilesystemStore, bucket: string): Promise<void> {
  const settings = await store.settings.get(bucket);
  const subresource = ['versioning', 'object-lock', 'versions'].find((q) => has(ctx, q));
  if (subresource) {
    await mustExist(store, bucket);
    if (subresource === 'versions' && ctx.method === 'GET') return listVersions(ctx, store, bucket);
    if (subresource === 'versioning' && (ctx.method === 'GET' || ctx.method === 'PUT'))
      return bucketVersioning(ctx, store, bucket, settings);
    if (subresource === 'object-lock' && (ctx.method === 'GET' || ctx.method === 'PUT'))
      return bucketObjectLock(ctx, store, bucket, settings);
    return void (await next());
  }
  if (ctx.method === 'POST' && has(ctx, 'delete') && settings.versioning === 'Enabled') {
    await mustExist(store, bucket);
    return deleteManyInVersionedBucket(ctx, store, bucket, new Date());
  }
  if (ctx.method === 'PUT' && plain(ctx)) {
    store.settings.forget(bucket);
    await next();
    // A bucket made with Object Lock is versioned from the start.
    // https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateBucket.html (x-amz-bucket-object-lock-enabled)
    if (String(ctx.headers['x-amz-bucket-object-lock-enabled']).toLowerCase() === 'true') {
      await store.settings.update(bucket, (s) => ({ ...s, versioning: 'Enabled', objectLock: s.objectLock ?? {} }));
    }
    return;
  }
  await next();
  if (ctx.method === 'DELETE' && plain(ctx)) store.settings.forget(bucket);
}

/** GET/HEAD of the current object: s3rver serves it; the version, lock and checksum are added. */
async function read(
  ctx: Context,
  next: Next,
  store: VersionedFilesystemStore,
  bucket: string,
  key: string,
  versioned: boolean,
): Promise<void> {
  if (versioned) {
    // s3rver answers 404 for a key whose newest version is a delete marker; S3 says so.
    const newest = (await store.versions.list(bucket, key))[0];
    if (newest?.deleteMarker) ctx.set({ 'x-amz-delete-marker': 'true', 'x-amz-version-id': newest.versionId });
  }
  await next();
  const checksumAsked = String(ctx.headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  if ((ctx.status !== 200 && ctx.status !== 206) || (!versioned && !checksumAsked)) return;
  const metadata = await store.getMetadata(bucket, key).catch(() => undefined);
  if (!metadata) return;
  const versionId = metadata['x-amz-version-id'];
  const record = versioned && typeof versionId === 'string' ? await store.versions.get(bucket, key, versionId) : undefined;
  if (record) ctx.set(versionHeaders(record, ctx.headers, ctx.status === 206));
  else if (checksumAsked && ctx.status === 200) ctx.set(checksumHeaders(metadata));
}

/** Runs s3rver's write with what the store must know, then answers the new VersionId. */
async function write(ctx: Context, next: Next, context: WriteContext): Promise<void> {
  await writeContext.run(context, next);
  if (context.versionId) ctx.set('x-amz-version-id', context.versionId);
}

/** PutObject and UploadPart: the body decoded and checked as it streams to the store. */
async function writeBytes(
  ctx: Context,
  next: Next,
  store: VersionedFilesystemStore,
  bucket: string,
  settings: BucketSettings,
  now: Date,
): Promise<void> {
  const isPart = has(ctx, 'uploadId');
  if (settings.objectLock) {
    // A part is locked by the headers its upload was started with (or the bucket's default).
    const lockHeaders = isPart ? await store.uploadHeaders(bucket, String(ctx.query.uploadId)) : ctx.headers;
    requireIntegrityForLockedWrite(ctx.headers, settings, 'x-amz-object-lock-mode' in (lockHeaders ?? {}));
  }
  const retention = isPart ? undefined : retentionOfNewVersion(ctx.headers, settings, now);

  const declared = declaredIntegrity(ctx.headers);
  const headers = ctx.req.headers;
  const stages: NodeJS.ReadWriteStream[] = [];
  let decoder: AwsChunkedDecoder | undefined;
  if (isAwsChunked(headers)) {
    const declaredLength = headers['x-amz-decoded-content-length'];
    decoder = new AwsChunkedDecoder(declaredLength === undefined ? undefined : Number(declaredLength));
    decodedHeaders(headers);
    stages.push(decoder);
  }
  const verified = declaresIntegrity(declared) ? new VerifiedBody(declared, () => decoder?.trailers ?? {}) : undefined;
  if (verified) stages.push(verified);
  if (stages.length) {
    // The stages replace the request as the body s3rver reads, with its headers.
    const body = pipeline(
      [ctx.req, ...stages] as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream],
      () => undefined,
    ) as unknown as Readable & { headers: IncomingHttpHeaders };
    body.headers = headers;
    ctx.req = body;
  }
  await write(ctx, next, { settings, ...(retention ? { retention } : {}), ...(verified ? { verified } : {}) });
  if (verified) ctx.set(verified.stored as Record<string, string>);
}

/**
 * CompleteMultipartUpload: the object is locked by the upload's own headers or the
 * bucket's default, and then every part must have come with a check that passed (the
 * bytes travel with UploadPart; the SDK sends CompleteMultipartUpload without a checksum
 * of its own, and S3 takes it), unless the request checks the whole object itself.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPart.html (Content-MD5, x-amz-checksum-*)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html
 */
async function completeUpload(
  ctx: Context,
  next: Next,
  store: VersionedFilesystemStore,
  bucket: string,
  settings: BucketSettings,
  now: Date,
): Promise<void> {
  const uploadHeaders = ((await store.uploadHeaders(bucket, String(ctx.query.uploadId))) ?? {}) as IncomingHttpHeaders;
  const retention = retentionOfNewVersion(uploadHeaders, settings, now);
  const integrityRequired = !!settings.objectLock && !!retention && !declaresIntegrity(declaredIntegrity(ctx.headers));
  await write(ctx, next, { settings, ...(retention ? { retention } : {}), integrityRequired });
}
