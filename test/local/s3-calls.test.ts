/**
 * The S3 calls Warta's functions make (functions/adapters/object-store.ts, through the SDK
 * clients of functions/adapters/clients/s3.ts) against the local S3, with the environment the
 * local cloud gives a function (infra/local-cloud/cloud.ts sdkEnvironment): keys that need
 * encoding, a move, presigned part uploads and a presigned download, and presigned upload
 * URLs that a browser can use (no checksum of an absent body in them).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../infra/local-cloud/emulators/dynamodb.js';
import { startS3 } from '../../infra/local-cloud/emulators/s3.js';
import { sdkEnvironment, type Endpoints } from '../../infra/local-cloud/cloud.js';

const BUCKET = 'warta-uploads';
const ARCHIVE = 'warta-archive';
let dir: string;
let emulator: Emulator;
let store: typeof import('../../functions/adapters/object-store.js');
let admin: S3Client;
const saved = { ...process.env };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'warta-s3-calls-'));
  emulator = await startS3({ dir, host: '127.0.0.1', port: 0 });
  // As a function runs locally: the SDK's own variables point it at the emulator.
  Object.assign(process.env, sdkEnvironment({ s3: emulator.url } as Endpoints), { AWS_REGION: 'ap-southeast-3' });
  admin = new S3Client({ forcePathStyle: true });
  for (const Bucket of [BUCKET, ARCHIVE]) await admin.send(new CreateBucketCommand({ Bucket }));
  store = await import('../../functions/adapters/object-store.js');
});
afterAll(async () => {
  admin?.destroy();
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('S3 calls Warta makes through the SDK', () => {
  it('uploads to a presigned PUT, reads a range and the sha256, moves and deletes an object whose key needs encoding', async () => {
    // Prepare
    // No '+' in the key: s3rver decodes x-amz-copy-source with decodeURI, which leaves %2B as it is.
    const key = 'u/2026/Foto (1) ü.jpg';
    const moved = 'rilis/2026/Foto (1) ü.jpg';
    const url = await store.presignPut(BUCKET, key, 900);
    // Act
    const put = await fetch(url, { method: 'PUT', body: Buffer.from('0123456789'), headers: { 'content-type': 'image/jpeg' } });
    const size = await store.objectSize(BUCKET, key);
    const range = await store.readRange(BUCKET, key, 2, 4);
    const sha256 = await store.sha256Of(BUCKET, key);
    await store.moveObject(BUCKET, key, moved);
    const sourceAfterMove = await store.objectSize(BUCKET, key);
    const movedSize = await store.objectSize(BUCKET, moved);
    await store.deleteObject(BUCKET, moved);
    const gone = await admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: moved })).catch((e: unknown) => e);
    // Assert
    expect(put.status).toBe(200);
    expect(size).toBe(10);
    expect(Buffer.from(range).toString()).toBe('234');
    expect(sha256).toBe('84d89877f0d4041efb6bf91a16f0248f2fd573e6af05c19f96bedb9f882f7882');
    expect(sourceAfterMove).toBeUndefined();
    expect(movedSize).toBe(10);
    expect((gone as Error).name).toBe('NotFound');
  });

  it('presigns upload URLs without a checksum of an empty body, so a browser can PUT any bytes to them', async () => {
    // Prepare
    const uploadId = await store.createMultipart(BUCKET, 'u/dokumen.pdf', 'application/pdf');
    // Act
    const single = new URL(await store.presignPut(BUCKET, 'u/surat.pdf', 900));
    const [part] = await store.presignParts(BUCKET, 'u/dokumen.pdf', uploadId, 1, 900);
    await store.abortMultipart(BUCKET, 'u/dokumen.pdf', uploadId);
    // Assert
    for (const url of [single, new URL(part!.url)]) {
      const names = [...url.searchParams.keys()].map((n) => n.toLowerCase());
      expect(names.filter((n) => n.startsWith('x-amz-checksum') || n === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    }
  });

  it('uploads in parts through presigned URLs, completes, and reads back through a presigned GET naming the download', async () => {
    // Prepare
    const key = 'u/video klip.mp4';
    const part1 = Buffer.alloc(5 * 1024 * 1024, 1);
    const part2 = Buffer.from('ekor');
    // Act
    const uploadId = await store.createMultipart(BUCKET, key, 'video/mp4');
    const urls = await store.presignParts(BUCKET, key, uploadId, 2, 900);
    const etags = [];
    for (const [i, body] of [part1, part2].entries()) {
      const res = await fetch(urls[i]!.url, { method: 'PUT', body });
      expect(res.status).toBe(200);
      etags.push({ partNumber: i + 1, etag: res.headers.get('etag')! });
    }
    await store.completeMultipart(BUCKET, key, uploadId, etags);
    const download = await fetch(await store.presignGet(BUCKET, key, 60, 'video klip.mp4'));
    // Assert
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''video%20klip.mp4");
    expect(Buffer.from(await download.arrayBuffer()).length).toBe(part1.length + part2.length);
  });

  it("writes to the archive once, and stores an export larger than a part in parts, with the SDK's default checksums", async () => {
    // Prepare
    process.env.ARCHIVE_BUCKET = ARCHIVE;
    process.env.UPLOADS_BUCKET = BUCKET;
    const archive = await import('../../functions/adapters/archive-store.js');
    const exports = await import('../../functions/adapters/export-store.js');
    const big = Buffer.alloc(9 * 1024 * 1024, 'a');
    // Act
    const first = await archive.putArchiveObjectOnce('arsip/2026/rilis.json', '{"nomor":1}', 'application/json');
    const second = await archive.putArchiveObjectOnce('arsip/2026/rilis.json', '{"nomor":2}', 'application/json');
    const key = await exports.storeExport(
      {
        filename: 'langkah.csv',
        body: big,
        contentType: 'text/csv',
        sha256: 'x',
        executions: ['arn:aws:states:ap-southeast-3:111111111111:execution:warta:r1'],
        problems: [],
      },
      new Date('2026-06-01T00:00:00Z'),
    );
    const record = await admin.send(new GetObjectCommand({ Bucket: ARCHIVE, Key: 'arsip/2026/rilis.json' }));
    const stored = await admin.send(new HeadObjectCommand({ Bucket: ARCHIVE, Key: key }));
    // Assert
    expect([first, second]).toEqual(['written', 'exists']);
    expect(await record.Body!.transformToString()).toBe('{"nomor":1}');
    expect(stored.ContentLength).toBe(big.length);
  });

  it('names the part S3 cannot match when completing, and treats an upload already completed as done', async () => {
    // Prepare
    const key = 'u/foto-besar.jpg';
    const uploadId = await store.createMultipart(BUCKET, key, 'image/jpeg');
    const [url] = await store.presignParts(BUCKET, key, uploadId, 1, 900);
    const res = await fetch(url!.url, { method: 'PUT', body: Buffer.from('satu bagian') });
    const etag = res.headers.get('etag')!;
    // Act
    const wrong = await store
      .completeMultipart(BUCKET, key, uploadId, [{ partNumber: 1, etag: '"00000000000000000000000000000000"' }])
      .catch((e: unknown) => e);
    await store.completeMultipart(BUCKET, key, uploadId, [{ partNumber: 1, etag }]);
    const again = await store.completeMultipart(BUCKET, key, uploadId, [{ partNumber: 1, etag }]).catch((e: unknown) => e);
    const stored = await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    // Assert
    expect(wrong).toMatchObject({ name: 'Invalid', key: 'upload.partUnmatched', params: { partNumber: 1 } });
    expect(again).toBeUndefined();
    expect(await stored.Body!.transformToString()).toBe('satu bagian');
  });
});
