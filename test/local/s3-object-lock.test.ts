/**
 * Versioning and Object Lock on the local S3, as S3 documents them (cited in
 * infra/local-cloud/emulators/s3-object-lock.ts and s3-versions.ts): the deployer locks the
 * template's archive bucket; every write makes a version with a VersionId and the
 * bucket's default COMPLIANCE retention; a delete without a VersionId writes a delete
 * marker; a locked version cannot be deleted nor its retention shortened; a write of
 * bytes to the locked bucket must carry Content-MD5 or an x-amz-checksum-*.
 */
import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutBucketVersioningCommand,
  PutObjectRetentionCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployBuckets } from '../../infra/local-cloud/deployer/deploy.js';
import type { LocalBucket, LocalModel } from '../../infra/local-cloud/deployer/model.js';
import { failureOf, startLocalS3, type LocalS3 } from './s3-fixture.js';

const ARCHIVE = 'warta-archive';
const UPLOADS = 'warta-uploads';
const DAY = 86_400_000;
const LOCK_REQUIRES_CHECKSUM = 'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters';

let local: LocalS3;
let s3: S3Client;
let unchecked: S3Client;
let seq = 0;
const uniqueKey = (name: string) => `arsip/${name}-${++seq}-${Date.now()}.json`;

beforeAll(async () => {
  local = await startLocalS3('s3-lock');
  s3 = local.client();
  unchecked = local.client('WHEN_REQUIRED');
  // The buckets as the template declares them (infra/cdk/constructs/storage.ts): the archive
  // versioned, locked, COMPLIANCE for a day here; the uploads bucket plain.
  const buckets: LocalBucket[] = [
    { logicalId: 'Archive', name: ARCHIVE, cors: [], versioned: true, objectLock: true, defaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
    { logicalId: 'Uploads', name: UPLOADS, cors: [], versioned: false, objectLock: false },
  ];
  await deployBuckets({ buckets } as unknown as LocalModel, local.url, 'ap-southeast-3', () => undefined);
});
afterAll(() => local.close());

const body = async (out: { Body?: { transformToString(): Promise<string> } }) => out.Body!.transformToString();

describe('the archive bucket as deployed from the template', () => {
  it('is versioned, with Object Lock and the default COMPLIANCE retention', async () => {
    // Act
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: ARCHIVE }));
    const lock = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: ARCHIVE }));
    // Assert
    expect(versioning.Status).toBe('Enabled');
    expect(lock.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
    });
  });

  it('a bucket created with Object Lock is versioned and locked, with no default retention', async () => {
    // Prepare
    const Bucket = 'warta-locked-at-birth';
    // Act
    await s3.send(new CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
    // Assert
    expect((await s3.send(new GetBucketVersioningCommand({ Bucket }))).Status).toBe('Enabled');
    expect((await s3.send(new GetObjectLockConfigurationCommand({ Bucket }))).ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
    });
    expect(
      (await unchecked.send(new PutObjectCommand({ Bucket, Key: 'a', Body: 'no default retention: no checksum needed' }))).VersionId,
    ).toBeTruthy();
    expect(await failureOf(s3.send(new GetObjectLockConfigurationCommand({ Bucket: UPLOADS })))).toMatchObject({
      name: 'ObjectLockConfigurationNotFoundError',
      status: 404,
    });
  });

  it('is deployed again on a restart without change', async () => {
    // Act
    await deployBuckets(
      {
        buckets: [
          {
            logicalId: 'Archive',
            name: ARCHIVE,
            cors: [],
            versioned: true,
            objectLock: true,
            defaultRetention: { Mode: 'COMPLIANCE', Days: 1 },
          },
        ],
      } as unknown as LocalModel,
      local.url,
      'ap-southeast-3',
      () => undefined,
    );
    // Assert
    expect(
      (await s3.send(new GetObjectLockConfigurationCommand({ Bucket: ARCHIVE }))).ObjectLockConfiguration?.Rule?.DefaultRetention?.Days,
    ).toBe(1);
  });
});

describe('versions', () => {
  it('gives each write its own VersionId; a GET reads the newest, or the version asked for', async () => {
    // Prepare
    const Key = uniqueKey('versions');
    // Act
    const first = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: '{"v":1}' }));
    const second = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: '{"v":2}' }));
    // Assert
    expect(first.VersionId).toBeTruthy();
    expect(second.VersionId).toBeTruthy();
    expect(second.VersionId).not.toBe(first.VersionId);
    const newest = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key }));
    expect(newest.VersionId).toBe(second.VersionId);
    expect(await body(newest)).toBe('{"v":2}');
    const older = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key, VersionId: first.VersionId }));
    expect(await body(older)).toBe('{"v":1}');
    expect(older.VersionId).toBe(first.VersionId);
    const head = await s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key, VersionId: first.VersionId }));
    expect(head).toMatchObject({ VersionId: first.VersionId, ContentLength: 7, ObjectLockMode: 'COMPLIANCE' });
    const range = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key, VersionId: first.VersionId, Range: 'bytes=2-4' }));
    expect(await body(range)).toBe('v":');
  });

  it('applies the default retention to each new version', async () => {
    // Prepare
    const Key = uniqueKey('retention');
    const before = Date.now();
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'x' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key }));
    // Assert
    expect(head.VersionId).toBe(put.VersionId);
    expect(head.ObjectLockMode).toBe('COMPLIANCE');
    expect(head.ObjectLockRetainUntilDate!.getTime()).toBeGreaterThanOrEqual(before + DAY);
    const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId }));
    expect(retention.Retention?.Mode).toBe('COMPLIANCE');
  });

  it('writes a delete marker for a delete without a VersionId, and the object reads as gone', async () => {
    // Prepare
    const Key = uniqueKey('marker');
    const put = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'kept' }));
    // Act
    const deleted = await s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key }));
    // Assert
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toBeTruthy();
    expect(await failureOf(s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key })))).toMatchObject({ name: 'NoSuchKey', status: 404 });
    const raw = await fetch(`${local.url}/${ARCHIVE}/${Key}`);
    expect(raw.status).toBe(404);
    expect(raw.headers.get('x-amz-delete-marker')).toBe('true');
    const kept = await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId }));
    expect(await body(kept)).toBe('kept');
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: ARCHIVE, Prefix: Key }));
    expect(listed.Versions?.map((v) => v.VersionId)).toEqual([put.VersionId]);
    expect(listed.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[deleted.VersionId, true]]);
  });

  it('brings the object back when its delete marker is deleted', async () => {
    // Prepare
    const Key = uniqueKey('undelete');
    await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'back' }));
    const marker = await s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key }));
    // Act
    const removed = await s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key, VersionId: marker.VersionId }));
    // Assert
    expect(removed.DeleteMarker).toBe(true);
    expect(await body(await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key })))).toBe('back');
  });

  it('keeps an object written before versioning was turned on as its "null" version', async () => {
    // Prepare
    const Bucket = 'warta-versioned-later';
    await s3.send(new CreateBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key: 'a', Body: 'before' }));
    await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    // Act
    const after = await s3.send(new PutObjectCommand({ Bucket, Key: 'a', Body: 'after' }));
    // Assert
    const listed = await s3.send(new ListObjectVersionsCommand({ Bucket }));
    expect(listed.Versions?.map((v) => [v.VersionId, v.IsLatest, v.Size])).toEqual([
      [after.VersionId, true, 5],
      ['null', false, 6],
    ]);
    expect(await body(await s3.send(new GetObjectCommand({ Bucket, Key: 'a', VersionId: 'null' })))).toBe('before');
  });
});

describe('Object Lock in COMPLIANCE mode', () => {
  it('refuses to delete a version under retention (AccessDenied), and keeps it', async () => {
    // Prepare
    const Key = uniqueKey('undeletable');
    const put = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'locked' }));
    // Act
    const refused = await failureOf(s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId })));
    const bypass = await failureOf(
      s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId, BypassGovernanceRetention: true })),
    );
    // Assert
    expect(refused).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(bypass).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await body(await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId })))).toBe('locked');
  });

  it('refuses to shorten or remove a retention or weaken its mode, and lets it be lengthened', async () => {
    // Prepare
    const Key = uniqueKey('shorten');
    const put = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'x' }));
    const current = (await s3.send(new GetObjectRetentionCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId }))).Retention!;
    const shorter = new Date(current.RetainUntilDate!.getTime() - 3_600_000);
    const longer = new Date(current.RetainUntilDate!.getTime() + 30 * DAY);
    // Act
    const shortened = await failureOf(
      s3.send(
        new PutObjectRetentionCommand({
          Bucket: ARCHIVE,
          Key,
          VersionId: put.VersionId,
          Retention: { Mode: 'COMPLIANCE', RetainUntilDate: shorter },
        }),
      ),
    );
    const governed = await failureOf(
      s3.send(
        new PutObjectRetentionCommand({
          Bucket: ARCHIVE,
          Key,
          VersionId: put.VersionId,
          Retention: { Mode: 'GOVERNANCE', RetainUntilDate: longer },
          BypassGovernanceRetention: true,
        }),
      ),
    );
    const removed = await failureOf(
      s3.send(new PutObjectRetentionCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId, Retention: {} })),
    );
    await s3.send(
      new PutObjectRetentionCommand({
        Bucket: ARCHIVE,
        Key,
        VersionId: put.VersionId,
        Retention: { Mode: 'COMPLIANCE', RetainUntilDate: longer },
      }),
    );
    // Assert
    expect(shortened).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(removed).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(governed).toMatchObject({ name: 'AccessDenied', status: 403 });
    const after = await s3.send(new GetObjectRetentionCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId }));
    expect(after.Retention).toEqual({ Mode: 'COMPLIANCE', RetainUntilDate: longer });
  });
});

describe('DeleteObjects in the locked bucket', () => {
  it('refuses each locked version on its own line, and writes a delete marker for a key without a VersionId', async () => {
    // Prepare
    const [locked, other] = [uniqueKey('many-locked'), uniqueKey('many-other')];
    const put = await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key: locked, Body: 'l' }));
    await s3.send(new PutObjectCommand({ Bucket: ARCHIVE, Key: other, Body: 'o' }));
    // Act
    const out = await s3.send(
      new DeleteObjectsCommand({ Bucket: ARCHIVE, Delete: { Objects: [{ Key: locked, VersionId: put.VersionId }, { Key: other }] } }),
    );
    // Assert
    expect(out.Errors).toEqual([
      { Key: locked, VersionId: put.VersionId, Code: 'AccessDenied', Message: 'Access Denied because object protected by object lock.' },
    ]);
    expect(out.Deleted).toEqual([{ Key: other, DeleteMarker: true, DeleteMarkerVersionId: expect.any(String) }]);
    expect(await body(await s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key: locked })))).toBe('l');
    expect(await failureOf(s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key: other })))).toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('a retention asked for on the PutObject', () => {
  it('overrides the default; in GOVERNANCE mode only a bypassing delete removes the version', async () => {
    // Prepare
    const Key = uniqueKey('governance');
    const until = new Date(Date.now() + 2 * DAY);
    until.setUTCMilliseconds(0);
    const put = await s3.send(
      new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: 'g', ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until }),
    );
    // Act
    const head = await s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key }));
    const refused = await failureOf(s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId })));
    await s3.send(new DeleteObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId, BypassGovernanceRetention: true }));
    // Assert
    expect(head).toMatchObject({ ObjectLockMode: 'GOVERNANCE', ObjectLockRetainUntilDate: until });
    expect(refused).toMatchObject({ name: 'AccessDenied', status: 403 });
    expect(await failureOf(s3.send(new GetObjectCommand({ Bucket: ARCHIVE, Key, VersionId: put.VersionId })))).toMatchObject({
      name: 'NoSuchVersion',
      status: 404,
    });
  });

  it('is refused in a bucket without Object Lock', async () => {
    // Act
    const refused = await failureOf(
      s3.send(
        new PutObjectCommand({
          Bucket: UPLOADS,
          Key: uniqueKey('nolock'),
          Body: 'x',
          ObjectLockMode: 'COMPLIANCE',
          ObjectLockRetainUntilDate: new Date(Date.now() + DAY),
        }),
      ),
    );
    // Assert
    expect(refused).toEqual({ name: 'InvalidRequest', message: 'Bucket is missing Object Lock Configuration', status: 400 });
  });
});

describe('writes to a bucket under Object Lock', () => {
  it('refuses a PutObject with neither Content-MD5 nor a checksum (InvalidRequest)', async () => {
    // Prepare
    const Key = uniqueKey('unchecked');
    // Act
    const refused = await failureOf(unchecked.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: '{}' })));
    // Assert
    expect(refused).toEqual({ name: 'InvalidRequest', message: LOCK_REQUIRES_CHECKSUM, status: 400 });
    expect(await failureOf(s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key })))).toMatchObject({ status: 404 });
  });

  it('takes a PutObject with Content-MD5 alone, and the same write to an unlocked bucket without any', async () => {
    // Prepare
    const Key = uniqueKey('md5');
    const ContentMD5 = createHash('md5').update('{}').digest('base64');
    // Act
    const locked = await unchecked.send(new PutObjectCommand({ Bucket: ARCHIVE, Key, Body: '{}', ContentMD5 }));
    const plain = await unchecked.send(new PutObjectCommand({ Bucket: UPLOADS, Key, Body: '{}' }));
    // Assert
    expect(locked.VersionId).toBeTruthy();
    expect(plain.VersionId).toBeUndefined();
  });

  it('refuses an UploadPart without a checksum; the SDK default parts complete into a locked version', async () => {
    // Prepare
    const Key = uniqueKey('multipart');
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: ARCHIVE, Key, ContentType: 'text/csv' }));
    const part = Buffer.alloc(5 * 1024 * 1024, 'a');
    // Act
    const refused = await failureOf(unchecked.send(new UploadPartCommand({ Bucket: ARCHIVE, Key, UploadId, PartNumber: 1, Body: part })));
    const one = await s3.send(new UploadPartCommand({ Bucket: ARCHIVE, Key, UploadId, PartNumber: 1, Body: part }));
    const two = await s3.send(new UploadPartCommand({ Bucket: ARCHIVE, Key, UploadId, PartNumber: 2, Body: 'tail' }));
    const done = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: ARCHIVE,
        Key,
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: one.ETag },
            { PartNumber: 2, ETag: two.ETag },
          ],
        },
      }),
    );
    // Assert
    expect(refused).toEqual({ name: 'InvalidRequest', message: LOCK_REQUIRES_CHECKSUM, status: 400 });
    expect(done.VersionId).toBeTruthy();
    const head = await s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key }));
    expect(head).toMatchObject({
      VersionId: done.VersionId,
      ObjectLockMode: 'COMPLIANCE',
      ContentLength: part.length + 4,
      ContentType: 'text/csv',
    });
  });

  it('takes a CopyObject into the locked bucket (S3 copies server-side), as a new locked version', async () => {
    // Prepare
    const source = uniqueKey('upload');
    const Key = uniqueKey('copied');
    await unchecked.send(new PutObjectCommand({ Bucket: UPLOADS, Key: source, Body: 'foto', ContentType: 'image/jpeg' }));
    // Act
    const copied = await unchecked.send(
      new CopyObjectCommand({
        Bucket: ARCHIVE,
        Key,
        CopySource: `${UPLOADS}/${source}`,
        ContentType: 'image/jpeg',
        MetadataDirective: 'REPLACE',
      }),
    );
    // Assert
    expect(copied.VersionId).toBeTruthy();
    const head = await s3.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key }));
    expect(head).toMatchObject({ VersionId: copied.VersionId, ObjectLockMode: 'COMPLIANCE', ContentType: 'image/jpeg', ContentLength: 4 });
  });
});
