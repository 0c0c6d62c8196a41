import { createReadStream } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import type { BucketSettings, DefaultRetention } from './s3-bucket-settings.js';
import { checksumHeaders } from './s3-checksums.js';
import { S3Error } from './s3-error.js';
import { assertDeletable, assertRetentionChange, retentionHeaders, retentionOfDocument } from './s3-object-lock.js';
import type { VersionedFilesystemStore } from './s3-versioned-store.js';
import type { VersionRecord } from './s3-versions.js';

/**
 * The S3 calls about versions and Object Lock that s3rver does not know, answered from
 * the versions kept by s3-versions.ts: bucket versioning and Object Lock configuration,
 * ListObjectVersions, an object's retention, GET/HEAD of a given version, DELETE.
 */

/** The slice of a Koa context these handlers use. */
export interface S3Call {
  method: string;
  headers: IncomingHttpHeaders;
  query: Record<string, string | string[] | undefined>;
  req: NodeJS.ReadableStream;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
  set(headers: Record<string, string>): void;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const OWNER = { ID: '123456789000', DisplayName: 'local' };
const malformedXml = () =>
  new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
const withStatus = (e: Error & { status: number }, status: number) => Object.assign(e, { status });

export async function xmlBody(call: S3Call): Promise<Record<string, any>> {
  let text = '';
  for await (const chunk of call.req) text += (chunk as Buffer).toString('utf8');
  try {
    return new XMLParser({ parseTagValue: false }).parse(text, true) as Record<string, any>;
  } catch {
    throw malformedXml();
  }
}

/** GetBucketVersioning / PutBucketVersioning. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketVersioning.html */
export async function bucketVersioning(
  call: S3Call,
  store: VersionedFilesystemStore,
  bucket: string,
  settings: BucketSettings,
): Promise<void> {
  if (call.method === 'GET') {
    call.body = { VersioningConfiguration: { '@': { xmlns: XMLNS }, ...(settings.versioning ? { Status: settings.versioning } : {}) } };
    return;
  }
  const status = (await xmlBody(call)).VersioningConfiguration?.Status;
  if (status !== 'Enabled' && status !== 'Suspended') throw malformedXml();
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html (versioning cannot be suspended)
  if (settings.objectLock && status !== 'Enabled') {
    throw new S3Error(
      'InvalidBucketState',
      'An Object Lock configuration is present on this bucket, so the versioning state cannot be changed.',
    );
  }
  await store.settings.update(bucket, (s) => ({ ...s, versioning: status }));
  call.body = '';
}

/** GetObjectLockConfiguration / PutObjectLockConfiguration. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectLockConfiguration.html */
export async function bucketObjectLock(
  call: S3Call,
  store: VersionedFilesystemStore,
  bucket: string,
  settings: BucketSettings,
): Promise<void> {
  if (call.method === 'GET') {
    if (!settings.objectLock)
      throw withStatus(
        new S3Error('ObjectLockConfigurationNotFoundError', 'Object Lock configuration does not exist for this bucket', {
          BucketName: bucket,
        }),
        404,
      );
    const rule = settings.objectLock.defaultRetention;
    const period = rule ? (rule.years ? { Years: rule.years } : { Days: rule.days }) : {};
    call.body = {
      ObjectLockConfiguration: {
        '@': { xmlns: XMLNS },
        ObjectLockEnabled: 'Enabled',
        ...(rule ? { Rule: { DefaultRetention: { Mode: rule.mode, ...period } } } : {}),
      },
    };
    return;
  }
  const doc = (await xmlBody(call)).ObjectLockConfiguration;
  if (!doc || doc.ObjectLockEnabled !== 'Enabled') throw malformedXml();
  if (!settings.objectLock && settings.versioning !== 'Enabled') {
    throw new S3Error('InvalidBucketState', "Versioning must be 'Enabled' on the bucket to apply a Object Lock configuration");
  }
  let defaultRetention: DefaultRetention | undefined;
  const rule = doc.Rule?.DefaultRetention;
  if (rule) {
    const days = rule.Days === undefined ? undefined : Number(rule.Days);
    const years = rule.Years === undefined ? undefined : Number(rule.Years);
    if ((rule.Mode !== 'GOVERNANCE' && rule.Mode !== 'COMPLIANCE') || (days === undefined) === (years === undefined)) throw malformedXml();
    const period = days ?? years!;
    if (!Number.isInteger(period) || period <= 0)
      throw new S3Error('InvalidArgument', 'Default retention period must be a positive integer value.');
    defaultRetention = { mode: rule.Mode, ...(days !== undefined ? { days } : { years }) };
  }
  await store.settings.update(bucket, (s) => ({ ...s, versioning: 'Enabled', objectLock: defaultRetention ? { defaultRetention } : {} }));
  call.body = '';
}

/** ListObjectVersions, without paging. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html */
export async function listVersions(call: S3Call, store: VersionedFilesystemStore, bucket: string): Promise<void> {
  const prefix = typeof call.query.prefix === 'string' ? call.query.prefix : '';
  const records = await store.versions.listBucket(bucket, prefix);
  const versions: unknown[] = [];
  const markers: unknown[] = [];
  records.forEach((r, i) => {
    const common = {
      Key: r.key,
      VersionId: r.versionId,
      IsLatest: i === 0 || records[i - 1]!.key !== r.key,
      LastModified: r.lastModified,
      Owner: OWNER,
    };
    if (r.deleteMarker) markers.push(common);
    else versions.push({ ...common, ETag: JSON.stringify(r.etag ?? ''), Size: r.size ?? 0, StorageClass: 'STANDARD' });
  });
  call.body = {
    ListVersionsResult: {
      '@': { xmlns: XMLNS },
      Name: bucket,
      Prefix: prefix,
      KeyMarker: '',
      VersionIdMarker: '',
      MaxKeys: 1000,
      IsTruncated: false,
      Version: versions,
      DeleteMarker: markers,
    },
  };
}

/** The version a call names (?versionId=), or the key's newest; a delete marker counts. */
async function namedVersion(call: S3Call, store: VersionedFilesystemStore, bucket: string, key: string): Promise<VersionRecord> {
  const versionId = call.query.versionId;
  if (typeof versionId === 'string') {
    const record = await store.versions.get(bucket, key, versionId);
    if (!record) throw new S3Error('NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
    return record;
  }
  const newest = (await store.versions.list(bucket, key))[0];
  if (!newest || newest.deleteMarker) throw new S3Error('NoSuchKey', 'The specified key does not exist.', { Key: key });
  return newest;
}

/** GetObjectRetention / PutObjectRetention. https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectRetention.html */
export async function objectRetention(
  call: S3Call,
  store: VersionedFilesystemStore,
  bucket: string,
  key: string,
  settings: BucketSettings,
  now: Date,
): Promise<void> {
  if (!settings.objectLock) throw new S3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');
  const record = await namedVersion(call, store, bucket, key);
  if (record.deleteMarker)
    throw withStatus(new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.'), 405);
  if (call.method === 'GET') {
    if (!record.retention)
      throw withStatus(new S3Error('NoSuchObjectLockConfiguration', 'The specified object does not have a ObjectLock configuration'), 404);
    call.body = { Retention: { '@': { xmlns: XMLNS }, Mode: record.retention.mode, RetainUntilDate: record.retention.retainUntil } };
    return;
  }
  const next = retentionOfDocument(await xmlBody(call), settings, now);
  assertRetentionChange(record.retention, next, call.headers, now);
  await store.versions.setRetention(bucket, record, next);
  call.body = '';
}

/** Headers S3 adds to a GET/HEAD of a version: its id, its lock, and its checksum when asked. */
export function versionHeaders(record: VersionRecord, headers: IncomingHttpHeaders, partial: boolean): Record<string, string> {
  const asked = String(headers['x-amz-checksum-mode'] ?? '').toUpperCase() === 'ENABLED';
  return {
    'x-amz-version-id': record.versionId,
    ...retentionHeaders(record.retention),
    ...(asked && !partial ? checksumHeaders(record.metadata ?? {}) : {}),
  };
}

/** GET/HEAD ?versionId= : that version's bytes (whole or one range). https://docs.aws.amazon.com/AmazonS3/latest/userguide/RetrievingObjectVersions.html */
export async function getVersion(call: S3Call, store: VersionedFilesystemStore, bucket: string, key: string): Promise<void> {
  const record = await namedVersion(call, store, bucket, key);
  if (record.deleteMarker) {
    call.set({ 'x-amz-delete-marker': 'true', 'x-amz-version-id': record.versionId });
    throw withStatus(new S3Error('MethodNotAllowed', 'The specified method is not allowed against this resource.'), 405);
  }
  const size = record.size ?? 0;
  const range = /^bytes=(\d*)-(\d*)$/.exec(String(call.headers.range ?? ''));
  let start = 0;
  let end = size - 1;
  if (range && (range[1] || range[2])) {
    start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
    end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start > end || start >= size)
      throw new S3Error('InvalidRange', 'The requested range is not satisfiable', {
        RangeRequested: call.headers.range,
        ActualObjectSize: size,
      });
    call.set('Content-Range', `bytes ${start}-${end}/${size}`);
  }
  const partial = !!range && (!!range[1] || !!range[2]);
  for (const [name, value] of Object.entries(record.metadata ?? {}))
    if (!name.startsWith('x-amz-checksum-') && typeof value === 'string') call.set(name, value);
  call.set({
    ...versionHeaders(record, call.headers, partial),
    ETag: JSON.stringify(record.etag ?? ''),
    'Last-Modified': new Date(record.lastModified).toUTCString(),
    'Accept-Ranges': 'bytes',
    'Content-Length': String(size === 0 ? 0 : end - start + 1),
  });
  call.status = partial ? 206 : 200;
  // A HEAD gets no body, or Koa would answer its Content-Length as 0.
  if (call.method === 'HEAD') return;
  call.body = size > 0 ? createReadStream(store.versions.bytesOf(bucket, record), { start, end }) : '';
}

/**
 * DELETE in a versioned bucket: without a versionId, a delete marker; with one, that
 * version for good, unless its retention forbids it.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
 */
export async function deleteInVersionedBucket(
  call: S3Call,
  store: VersionedFilesystemStore,
  bucket: string,
  key: string,
  now: Date,
): Promise<void> {
  const versionId = call.query.versionId;
  if (typeof versionId !== 'string') {
    const marker = await store.versions.addDeleteMarker(bucket, key);
    call.set({ 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId });
    call.status = 204;
    return;
  }
  const record = await store.versions.get(bucket, key, versionId);
  if (record) {
    assertDeletable(record.retention, call.headers, now);
    await store.versions.deleteVersion(bucket, record);
    if (record.deleteMarker) call.set('x-amz-delete-marker', 'true');
  }
  call.set('x-amz-version-id', versionId);
  call.status = 204;
}

/**
 * DeleteObjects in a versioned bucket: each key as DeleteObject would take it, a locked
 * version refused on its own line (AccessDenied) while the others go.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html
 */
export async function deleteManyInVersionedBucket(call: S3Call, store: VersionedFilesystemStore, bucket: string, now: Date): Promise<void> {
  const doc = (await xmlBody(call)).Delete;
  if (!doc?.Object) throw malformedXml();
  const objects = ([] as Array<{ Key?: string; VersionId?: string }>).concat(doc.Object);
  const deleted: unknown[] = [];
  const errors: unknown[] = [];
  for (const { Key, VersionId } of objects) {
    if (typeof Key !== 'string') throw malformedXml();
    if (VersionId === undefined) {
      const marker = await store.versions.addDeleteMarker(bucket, Key);
      deleted.push({ Key, DeleteMarker: true, DeleteMarkerVersionId: marker.versionId });
      continue;
    }
    const record = await store.versions.get(bucket, Key, VersionId);
    try {
      if (record) {
        assertDeletable(record.retention, call.headers, now);
        await store.versions.deleteVersion(bucket, record);
      }
      deleted.push({ Key, VersionId, ...(record?.deleteMarker ? { DeleteMarker: true, DeleteMarkerVersionId: VersionId } : {}) });
    } catch (e) {
      const error = e as Error & { code?: string };
      if (!error.code) throw e;
      errors.push({ Key, VersionId, Code: error.code, Message: error.message });
    }
  }
  const quiet = String(doc.Quiet) === 'true';
  call.body = { DeleteResult: { '@': { xmlns: XMLNS }, ...(quiet ? {} : { Deleted: deleted }), Error: errors } };
}
