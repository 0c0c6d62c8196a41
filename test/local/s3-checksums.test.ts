/**
 * What the AWS SDK v3 sends by default (requestChecksumCalculation WHEN_SUPPORTED), taken
 * by the local S3 as S3 takes it: a checksum header for a buffer, an aws-chunked body
 * with a trailing checksum for a stream; each checksum checked against the bytes
 * (BadDigest when they differ), kept, and answered on GET/HEAD with ChecksumMode ENABLED.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { AwsCrc32 } from '@aws-crypto/crc32';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type ChecksumAlgorithm,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureOf, startLocalS3, type LocalS3 } from './s3-fixture.js';

const BUCKET = 'warta-site';
let local: LocalS3;
let s3: S3Client;
let seq = 0;
const uniqueKey = (name: string) => `berita/${name}-${++seq}-${Date.now()}`;

beforeAll(async () => {
  local = await startLocalS3('s3-checksums');
  s3 = local.client();
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(() => local.close());

const crc32 = async (text: string) => {
  const hash = new AwsCrc32();
  hash.update(Buffer.from(text));
  return Buffer.from(await hash.digest()).toString('base64');
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64');
/** A stream the SDK cannot read ahead: it sends it aws-chunked, the checksum in a trailer. */
const streamOf = (text: string) => Readable.from([Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))]);

/** PUTs a hand-made body, as a client outside the SDK would; resolves to status and body. */
function rawPut(key: string, headers: Record<string, string>, payload: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${local.url}/${BUCKET}/${key}`,
      { method: 'PUT', headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('checksums the SDK sends by default', () => {
  it('takes a buffer with its x-amz-checksum-crc32 header, keeps the checksum and answers it', async () => {
    // Prepare
    const Key = uniqueKey('buffer');
    const text = '<h1>Rilis pers</h1>';
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Buffer.from(text), ContentType: 'text/html' }));
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
    // Assert
    expect(put.ChecksumCRC32).toBe(await crc32(text));
    expect(await got.Body!.transformToString()).toBe(text);
    expect(got.ChecksumCRC32).toBe(await crc32(text));
    expect(head.ChecksumCRC32).toBe(await crc32(text));
  });

  it('takes a stream as an aws-chunked body with a trailing checksum, and keeps the bytes decoded', async () => {
    // Prepare
    const Key = uniqueKey('stream');
    const text = 'Siaran pers: banjir di Pangkalpinang';
    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key,
        Body: streamOf(text),
        ContentLength: Buffer.byteLength(text),
        ContentType: 'text/plain',
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key, ChecksumMode: 'ENABLED' }));
    // Assert
    expect(await got.Body!.transformToString()).toBe(text);
    expect(got.ContentLength).toBe(Buffer.byteLength(text));
    expect(got.ContentEncoding).toBeUndefined();
    expect(got.ChecksumCRC32).toBe(await crc32(text));
  });

  it.each<[ChecksumAlgorithm, 'ChecksumCRC32C' | 'ChecksumCRC64NVME' | 'ChecksumSHA1' | 'ChecksumSHA256']>([
    ['CRC32C', 'ChecksumCRC32C'],
    ['CRC64NVME', 'ChecksumCRC64NVME'],
    ['SHA1', 'ChecksumSHA1'],
    ['SHA256', 'ChecksumSHA256'],
  ])('checks and keeps %s, as a header and as a trailer', async (ChecksumAlgorithm, field) => {
    // Prepare
    const text = `arsip ${ChecksumAlgorithm}`;
    const [asHeader, asTrailer] = [uniqueKey('header'), uniqueKey('trailer')];
    // Act
    const put = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: asHeader, Body: Buffer.from(text), ChecksumAlgorithm }));
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: asTrailer,
        Body: streamOf(text),
        ContentLength: Buffer.byteLength(text),
        ChecksumAlgorithm,
      }),
    );
    // Assert
    const stored = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: asHeader, ChecksumMode: 'ENABLED' }));
    const trailed = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: asTrailer, ChecksumMode: 'ENABLED' }));
    expect(put[field]).toBeTruthy();
    expect(stored[field]).toBe(put[field]);
    expect(trailed[field]).toBe(put[field]);
    if (ChecksumAlgorithm === 'SHA256') expect(stored.ChecksumSHA256).toBe(sha256(text));
  });
});

describe('checksums that do not match', () => {
  it('refuses a wrong x-amz-checksum-crc32 (BadDigest) and keeps the object as it was', async () => {
    // Prepare
    const Key = uniqueKey('bad-crc');
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'first' }));
    // Act
    const refused = await failureOf(
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'second', ChecksumCRC32: await crc32('other') })),
    );
    // Assert
    expect(refused).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString()).toBe('first');
  });

  it('refuses a wrong Content-MD5 (BadDigest)', async () => {
    // Prepare
    const Key = uniqueKey('bad-md5');
    // Act
    const refused = await failureOf(
      local
        .client('WHEN_REQUIRED')
        .send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'abc', ContentMD5: createHash('md5').update('abd').digest('base64') })),
    );
    // Assert
    expect(refused).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await failureOf(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })))).toMatchObject({ status: 404 });
  });

  it('refuses a trailing checksum that does not match the chunks', async () => {
    // Prepare
    const Key = uniqueKey('bad-trailer');
    const payload = `5\r\nhello\r\n0\r\nx-amz-checksum-crc32:${await crc32('hellp')}\r\n\r\n`;
    // Act
    const res = await rawPut(
      Key,
      {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '5',
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
      payload,
    );
    // Assert
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>BadDigest</Code>');
    expect(await failureOf(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key })))).toMatchObject({ status: 404 });
  });

  it('refuses bytes PUT to a URL the SDK presigned by default, which signs the CRC32 of no body', async () => {
    // Prepare
    const [byDefault, whenRequired] = [uniqueKey('presigned-default'), uniqueKey('presigned-required')];
    const defaultUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: BUCKET, Key: byDefault }));
    const requiredUrl = await getSignedUrl(local.client('WHEN_REQUIRED'), new PutObjectCommand({ Bucket: BUCKET, Key: whenRequired }));
    // Act
    const refused = await fetch(defaultUrl, { method: 'PUT', body: 'foto' });
    const taken = await fetch(requiredUrl, { method: 'PUT', body: 'foto' });
    // Assert
    expect(new URL(defaultUrl).searchParams.get('x-amz-checksum-crc32')).toBe('AAAAAA==');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>BadDigest</Code>');
    expect(taken.status).toBe(200);
  });

  it('decodes a signed aws-chunked body (chunk signatures, no trailer)', async () => {
    // Prepare
    const Key = uniqueKey('signed-chunks');
    const sig = 'a'.repeat(64);
    const payload = `6;chunk-signature=${sig}\r\nhello \r\n5;chunk-signature=${sig}\r\nworld\r\n0;chunk-signature=${sig}\r\n\r\n`;
    // Act
    const res = await rawPut(
      Key,
      {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
        'x-amz-decoded-content-length': '11',
      },
      payload,
    );
    // Assert
    expect(res.status).toBe(200);
    expect(await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body!.transformToString()).toBe('hello world');
  });

  it('refuses an aws-chunked body shorter than its decoded length (IncompleteBody)', async () => {
    // Prepare
    const Key = uniqueKey('short');
    // Act
    const res = await rawPut(
      Key,
      {
        'content-encoding': 'aws-chunked',
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'x-amz-decoded-content-length': '9',
      },
      '5\r\nhello\r\n0\r\n\r\n',
    );
    // Assert
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>IncompleteBody</Code>');
  });
});
