/**
 * Warta's own S3 calls (functions/aws/clients/s3.ts over aws-http.ts) against the local
 * S3: each call the functions make, keys that need encoding, presigned part uploads and
 * downloads. (s3rver does not check SigV4 signatures; test/unit/aws-http.test.ts compares
 * them with the AWS SDK's.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isMissing, s3 } from '../../functions/aws/clients/s3.js';
import type { Emulator } from '../../infra/local/emulators/dynamodb.js';
import { startS3 } from '../../infra/local/emulators/s3.js';

const BUCKET = 'warta-uploads';
const ARCHIVE = 'warta-archive';
let dir: string;
let emulator: Emulator;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warta-signed-'));
  emulator = await startS3({ dir, host: '127.0.0.1', port: 0 });
  const admin = new S3Client({ endpoint: emulator.url, forcePathStyle: true, region: 'ap-southeast-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  for (const Bucket of [BUCKET, ARCHIVE]) await admin.send(new CreateBucketCommand({ Bucket }));
  admin.destroy();
});
afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

function signAs(secret: string) {
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_ENDPOINT_URL_S3: emulator.url,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_MAX_ATTEMPTS: '1',
  });
}
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('S3 calls signed by Warta', () => {
  it('put, read, copy, list the size of and delete an object whose key needs encoding', async () => {
    // Prepare
    signAs('S3RVER');
    // No '+' in the key: s3rver decodes x-amz-copy-source with decodeURI, which leaves %2B as it is.
    const key = 'rilis/2026/Foto (1) ü.jpg';
    // Act
    await s3.putObject(BUCKET, key, Buffer.from('0123456789'), { contentType: 'image/jpeg' });
    const whole = await s3.getObject(BUCKET, key);
    const range = await s3.getObject(BUCKET, key, 'bytes=2-4');
    await s3.copyObject(ARCHIVE, 'arsip/foto.jpg', { bucket: BUCKET, key }, { contentType: 'image/jpeg' });
    const copied = await s3.headObject(ARCHIVE, 'arsip/foto.jpg');
    await s3.deleteObject(BUCKET, key);
    const gone = await s3.headObject(BUCKET, key).catch((e: unknown) => e);
    // Assert
    expect(whole.toString()).toBe('0123456789');
    expect(range.toString()).toBe('234');
    expect(copied.contentLength).toBe(10);
    expect(isMissing(gone)).toBe(true);
  });

  it('uploads in parts through presigned URLs, and reads back through a presigned GET', async () => {
    // Prepare
    signAs('S3RVER');
    const key = 'u/video klip.mp4';
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('ekor');
    // Act
    const uploadId = await s3.createMultipartUpload(BUCKET, key, 'video/mp4');
    const etags = [];
    for (const [i, body] of [part1, part2].entries()) {
      const url = s3.presign('PUT', BUCKET, key, 900, { partNumber: String(i + 1), uploadId });
      const res = await fetch(url, { method: 'PUT', body });
      expect(res.status).toBe(200);
      etags.push({ partNumber: i + 1, etag: res.headers.get('etag')! });
    }
    await s3.completeMultipartUpload(BUCKET, key, uploadId, etags);
    const download = await fetch(s3.presign('GET', BUCKET, key, 60, { 'response-content-disposition': "attachment; filename*=UTF-8''video%20klip.mp4" }));
    // Assert
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''video%20klip.mp4");
    expect(Buffer.from(await download.arrayBuffer()).length).toBe(part1.length + part2.length);
  });
});
