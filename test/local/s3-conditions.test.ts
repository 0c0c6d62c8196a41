/**
 * The conditional requests Warta relies on, against the local S3 through the SDK: a copy
 * only of the source of a given ETag (register moves only the checked upload), a read only
 * of the object of a given ETag (/complete checks one object), and a put only where no
 * object is. Each refusal must be S3's: 412 PreconditionFailed.
 */
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, startLocalS3, type LocalS3 } from './s3-fixture.js';

const Bucket = 'warta-conditions';
let s3: LocalS3;
let client: S3Client;

beforeAll(async () => {
  s3 = await startLocalS3('s3-conditions');
  client = s3.client();
  await client.send(new CreateBucketCommand({ Bucket }));
});
afterAll(async () => s3?.close());

describe('local S3 conditional requests', () => {
  it('copies a source whose ETag matches, and refuses with 412 one that was replaced', async () => {
    // Prepare
    const first = await client.send(new PutObjectCommand({ Bucket, Key: 'incoming/a', Body: 'checked bytes' }));
    await client.send(new PutObjectCommand({ Bucket, Key: 'incoming/b', Body: 'checked bytes' }));
    const checked = (await client.send(new HeadObjectCommand({ Bucket, Key: 'incoming/b' }))).ETag!;
    await client.send(new PutObjectCommand({ Bucket, Key: 'incoming/b', Body: 'swapped bytes' }));
    // Act
    const copied = await client.send(
      new CopyObjectCommand({ Bucket, Key: 'releases/a', CopySource: `${Bucket}/incoming/a`, CopySourceIfMatch: first.ETag }),
    );
    const refused = await failureOf(
      client.send(new CopyObjectCommand({ Bucket, Key: 'releases/b', CopySource: `${Bucket}/incoming/b`, CopySourceIfMatch: checked })),
    );
    const target = await failureOf(client.send(new HeadObjectCommand({ Bucket, Key: 'releases/b' })));
    // Assert
    expect(copied.CopyObjectResult?.ETag).toBe(first.ETag);
    expect(refused).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(target.status).toBe(404);
  });

  it('reads by If-Match only the object of that ETag', async () => {
    // Prepare
    const put = await client.send(new PutObjectCommand({ Bucket, Key: 'incoming/c', Body: 'first' }));
    // Act
    const read = await client.send(new GetObjectCommand({ Bucket, Key: 'incoming/c', IfMatch: put.ETag, Range: 'bytes=0-1' }));
    const body = await read.Body!.transformToString();
    const refused = await failureOf(
      client.send(new GetObjectCommand({ Bucket, Key: 'incoming/c', IfMatch: '"0123456789abcdef0123456789abcdef"' })),
    );
    // Assert
    expect(body).toBe('fi');
    expect(refused).toMatchObject({ name: 'PreconditionFailed', status: 412 });
  });

  it('puts with If-None-Match: * only where no object is', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket, Key: 'incoming/d', Body: 'first', IfNoneMatch: '*' }));
    // Act
    const refused = await failureOf(client.send(new PutObjectCommand({ Bucket, Key: 'incoming/d', Body: 'second', IfNoneMatch: '*' })));
    const kept = await (await client.send(new GetObjectCommand({ Bucket, Key: 'incoming/d' }))).Body!.transformToString();
    // Assert
    expect(refused).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(kept).toBe('first');
  });
});
