import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { httpEvent, parse, startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let create: typeof import('../../../functions/handlers/uploads-create.js').handler;
let complete: typeof import('../../../functions/handlers/uploads-complete.js').handler;
let objects: typeof import('../../../functions/adapters/object-store.js');

const MiB = 1024 * 1024;

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json', { uploads: { maxBytes: 64 * MiB, partSize: 5 * MiB, maxFiles: 5 } });
  create = (await import('../../../functions/handlers/uploads-create.js')).handler;
  complete = (await import('../../../functions/handlers/uploads-complete.js')).handler;
  objects = await import('../../../functions/adapters/object-store.js');
});
afterAll(async () => stores.stop());

function jpeg(size: number): Buffer {
  const b = Buffer.alloc(size, 0x20);
  b.set([0xff, 0xd8, 0xff, 0xe0], 0);
  return b;
}

function mp4(size: number): Buffer {
  const b = Buffer.alloc(size, 0x11);
  b.set([0, 0, 0, 0x18], 0);
  b.write('ftypisom', 4, 'latin1');
  return b;
}

async function put(url: string, body: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body) });
  expect(res.status).toBe(200);
  return res.headers.get('etag') ?? '';
}

const post = (body: unknown) => create(httpEvent({ method: 'POST', path: '/api/uploads', body }));
const finish = (uploadId: string, parts: { partNumber: number; etag: string }[] = [], lang?: string) =>
  complete(
    httpEvent({
      method: 'POST',
      path: `/api/uploads/${uploadId}/complete`,
      pathParameters: { uploadId },
      body: { parts },
      headers: lang ? { 'accept-language': lang } : {},
    }),
  );

describe('uploads on s3rver and dynalite', () => {
  it('takes a small JPEG in one PUT and checks it; completing twice gives the same answer', async () => {
    // Prepare
    const file = jpeg(3000);
    const created = parse(await post({ filename: 'foto kegiatan.jpg', contentType: 'image/jpeg', size: file.length }));
    expect(created.status).toBe(201);
    expect(created.body.parts).toHaveLength(1);
    await put(created.body.parts[0].url, file);
    // Act
    const first = parse(await finish(created.body.uploadId));
    const second = parse(await finish(created.body.uploadId));
    // Assert
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ uploadId: created.body.uploadId, contentType: 'image/jpeg', size: 3000, name: 'foto kegiatan.jpg' });
    expect(second).toEqual(first);
  });

  it('refuses a file whose bytes are not the declared type, deletes it, and says so in English when asked', async () => {
    // Prepare
    const html = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(500, ' '));
    const created = parse(await post({ filename: 'foto.jpg', contentType: 'image/jpeg', size: html.length }));
    await put(created.body.parts[0].url, html);
    // Act
    const res = parse(await finish(created.body.uploadId, [], 'en-US,en;q=0.9'));
    const again = parse(await finish(created.body.uploadId));
    // Assert
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('not JPEG as declared');
    expect(again.status).toBe(415);
    expect(again.body.error.message).toContain('bukan JPEG');
    expect(await objects.objectSize(stores.uploadsBucket, `incoming/${created.body.uploadId}`)).toBeUndefined();
  });

  it('refuses a declared size over the limit and a type outside the list before handing out URLs', async () => {
    // Act
    const big = parse(await post({ filename: 'besar.mp4', contentType: 'video/mp4', size: 65 * MiB }));
    const exe = parse(await post({ filename: 'x.exe', contentType: 'application/x-msdownload', size: 10 }));
    const bad = parse(await post({ filename: '../etc', contentType: 'image/png', size: -1 }));
    // Assert
    expect(big.status).toBe(413);
    expect(big.body.error.message).toContain('64 MB');
    expect(exe.status).toBe(415);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['filename', 'size']);
  });

  it('refuses a file name whose extension is not its type, in Indonesian and in English, before handing out URLs', async () => {
    // Act
    const exe = parse(await post({ filename: 'foto.exe', contentType: 'image/jpeg', size: 3000 }));
    const en = parse(
      await create(
        httpEvent({
          method: 'POST',
          path: '/api/uploads',
          body: { filename: 'laporan.jpg', contentType: 'application/pdf', size: 3000 },
          headers: { 'accept-language': 'en' },
        }),
      ),
    );
    // Assert
    expect(exe.status).toBe(400);
    expect(exe.body.error.message).toContain('berakhiran .exe');
    expect(exe.body.error.message).toContain('.jpg');
    expect(en.status).toBe(400);
    expect(en.body.error.message).toContain('ends in .jpg, but the file is PDF');
  });

  it('refuses a file whose stored size differs from the declared one', async () => {
    // Prepare
    const created = parse(await post({ filename: 'a.jpg', contentType: 'image/jpeg', size: 5000 }));
    await put(created.body.parts[0].url, jpeg(4000));
    // Act
    const res = parse(await finish(created.body.uploadId));
    // Assert
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('4000');
    expect(await objects.objectSize(stores.uploadsBucket, `incoming/${created.body.uploadId}`)).toBeUndefined();
  });

  it('takes a video in presigned parts, sent out of order, and completes the multipart upload with the bytes in order', async () => {
    // Prepare
    const file = mp4(11 * MiB);
    const created = parse(await post({ filename: 'video.mp4', contentType: 'video/mp4', size: file.length }));
    expect(created.body.parts).toHaveLength(3);
    const parts = [];
    for (const part of [...(created.body.parts as { partNumber: number; url: string }[])].reverse()) {
      const chunk = file.subarray((part.partNumber - 1) * created.body.partSize, part.partNumber * created.body.partSize);
      parts.unshift({ partNumber: part.partNumber, etag: await put(part.url, chunk) });
    }
    // Act
    const missing = parse(await finish(created.body.uploadId, parts.slice(0, 2)));
    const doubled = parse(await finish(created.body.uploadId, [...parts, parts[2]!]));
    const done = parse(await finish(created.body.uploadId, parts));
    // Assert
    expect(missing.status).toBe(400);
    expect(doubled.status).toBe(400);
    expect(doubled.body.error.message).toContain('3 bagian');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ contentType: 'video/mp4', size: file.length });
    const stored = await objects.sha256Of(stores.uploadsBucket, `incoming/${created.body.uploadId}`);
    expect(stored).toBe(createHash('sha256').update(file).digest('hex'));
  });

  it('refuses a part list whose ETag does not match a received part, keeps the parts, and completes once the right list comes', async () => {
    // Prepare
    const file = mp4(11 * MiB);
    const created = parse(await post({ filename: 'video.mp4', contentType: 'video/mp4', size: file.length }));
    const parts = [];
    for (const part of created.body.parts as { partNumber: number; url: string }[]) {
      const chunk = file.subarray((part.partNumber - 1) * created.body.partSize, part.partNumber * created.body.partSize);
      parts.push({ partNumber: part.partNumber, etag: await put(part.url, chunk) });
    }
    const tampered = parts.map((p) => (p.partNumber === 2 ? { ...p, etag: '"0123456789abcdef0123456789abcdef"' } : p));
    // Act
    const refused = parse(await finish(created.body.uploadId, tampered, 'en'));
    const done = parse(await finish(created.body.uploadId, parts));
    // Assert
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('part 2 does not match');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ contentType: 'video/mp4', size: file.length });
  });

  it('answers 404 for an unknown upload', async () => {
    // Act
    const res = parse(await finish('01ARZ3NDEKTSV4RRFFQ69G5FAV'));
    // Assert
    expect(res.status).toBe(404);
  });
});
