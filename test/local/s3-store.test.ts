import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3 } from '../../infra/local-cloud/emulators/s3.js';
import type { Emulator } from '../../infra/local-cloud/emulators/dynamodb.js';

// Expectations from the S3 API reference: UploadPart answers the part's MD5 as its ETag;
// CompleteMultipartUpload joins the listed parts in order, refuses an unknown part or a
// wrong ETag (InvalidPart), and names the object md5(binary part MD5s)-<count>.

const BUCKET = 'warta-uploads';
const MiB = 1024 * 1024;
let dir: string;
let emulator: Emulator;
let s3: S3Client;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warta-s3-store-'));
  emulator = await startS3({ dir, host: '127.0.0.1', port: 0 });
  // Presigned by default, a part's URL would carry the CRC32 of no body, and S3 would
  // refuse the bytes sent to it (BadDigest): presigning clients ask for checksums only when required.
  s3 = new S3Client({
    endpoint: emulator.url,
    forcePathStyle: true,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3.destroy();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Distinct bytes per offset, so a part put in the wrong place shows. */
const bytes = (length: number, seed: number) => Buffer.from(Array.from({ length }, (_, i) => (i * 7 + seed * 31) % 251));
const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** PUTs a part to its presigned URL; `chunked` sends it without a Content-Length. */
async function putPart(key: string, uploadId: string, partNumber: number, body: Buffer, chunked = false): Promise<string> {
  const url = await getSignedUrl(s3, new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: partNumber }));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: chunked ? {} : { 'content-length': String(body.length) } }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200 ? resolve(String(res.headers.etag)) : reject(new Error(`part ${partNumber}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    if (chunked) {
      req.write(body.subarray(0, 1000));
      req.end(body.subarray(1000));
    } else req.end(body);
  });
}

async function startUpload(key: string): Promise<string> {
  return (await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'video/mp4' }))).UploadId!;
}

const complete = (key: string, uploadId: string, parts: { PartNumber: number; ETag: string }[]) =>
  s3.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));

async function read(key: string): Promise<{ body: Buffer; etag: string | undefined; type: string | undefined }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { body: Buffer.from(await out.Body!.transformToByteArray()), etag: out.ETag, type: out.ContentType };
}

describe('multipart uploads on the local S3', () => {
  it('joins parts sent out of order, the last one shorter, and names the object as S3 does', async () => {
    // Prepare
    const key = 'incoming/joined';
    const uploadId = await startUpload(key);
    const parts = [bytes(5 * MiB, 1), bytes(5 * MiB, 2), bytes(MiB + 3, 3)];
    const etags: string[] = [];
    for (const i of [2, 0, 1]) etags[i] = await putPart(key, uploadId, i + 1, parts[i]!);
    // Act
    const done = await complete(
      key,
      uploadId,
      etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
    );
    // Assert
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
      .digest('hex')}-3"`;
    expect(etags).toEqual(parts.map((p) => `"${md5(p)}"`));
    expect(done.ETag).toBe(expectedEtag);
    const stored = await read(key);
    expect(stored.body.equals(Buffer.concat(parts))).toBe(true);
    expect(stored.etag).toBe(expectedEtag);
    expect(stored.type).toBe('video/mp4');
    await expect(
      complete(
        key,
        uploadId,
        etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    expect(readdirSync(join(dir, BUCKET, '._S3rver_uploads'))).not.toContain(uploadId);
  });

  it('takes a part without a Content-Length, a part sent again with another length, and only the parts listed', async () => {
    // Prepare
    const key = 'incoming/mixed';
    const uploadId = await startUpload(key);
    const first = bytes(5 * MiB, 4);
    const second = bytes(3 * MiB, 5);
    const third = bytes(2 * MiB, 6);
    await putPart(key, uploadId, 1, bytes(5 * MiB, 9)); // not listed below
    const e2 = await putPart(key, uploadId, 2, bytes(7 * MiB, 7)); // replaced below
    const e2again = await putPart(key, uploadId, 2, first);
    const e3 = await putPart(key, uploadId, 3, second, true);
    const e5 = await putPart(key, uploadId, 5, third);
    // Act
    const stale = complete(key, uploadId, [
      { PartNumber: 2, ETag: e2 },
      { PartNumber: 3, ETag: e3 },
      { PartNumber: 5, ETag: e5 },
    ]);
    await expect(stale).rejects.toMatchObject({ name: 'InvalidPart' });
    await complete(key, uploadId, [
      { PartNumber: 2, ETag: e2again },
      { PartNumber: 3, ETag: e3 },
      { PartNumber: 5, ETag: e5 },
    ]);
    // Assert
    expect((await read(key)).body.equals(Buffer.concat([first, second, third]))).toBe(true);
  });

  it('refuses a part that never arrived and keeps the upload open for the right list', async () => {
    // Prepare
    const key = 'incoming/missing';
    const uploadId = await startUpload(key);
    const part = bytes(5 * MiB, 8);
    const etag = await putPart(key, uploadId, 1, part);
    // Act
    // (each refusal awaited before the next request, so none is left unhandled while another is awaited)
    const missing = await complete(key, uploadId, [
      { PartNumber: 1, ETag: etag },
      { PartNumber: 2, ETag: etag },
    ]).catch((e: unknown) => e);
    const unordered = await complete(key, uploadId, [
      { PartNumber: 1, ETag: etag },
      { PartNumber: 1, ETag: etag },
    ]).catch((e: unknown) => e);
    // Assert
    expect(missing).toMatchObject({ name: 'InvalidPart', PartNumber: '2' });
    expect(unordered).toMatchObject({ name: 'InvalidPartOrder' });
    await complete(key, uploadId, [{ PartNumber: 1, ETag: etag }]);
    expect((await read(key)).body.equals(part)).toBe(true);
  });
});
