import { describe, expect, it, vi } from 'vitest';
import { Upload, overallProgress, type UploadPlan, type UploadTransport, type PartEtag } from '../../web/src/lib/upload/uploader.js';

/** A scripted transport: records every call; `failPart` makes chosen part attempts fail. */
function fakeTransport(opts: {
  partSize: number;
  size: number;
  failPart?: (partNumber: number, attempt: number) => boolean;
  holdPart?: number;
}) {
  const calls = { created: 0, puts: [] as number[], completed: [] as PartEtag[][] };
  const attempts = new Map<number, number>();
  let release: (() => void) | undefined;
  const uploadId = `01J${Math.random().toString(36).slice(2, 10).toUpperCase()}`;
  const transport: UploadTransport = {
    async create(req) {
      calls.created++;
      const count = Math.max(1, Math.ceil(req.size / opts.partSize));
      const plan: UploadPlan = {
        uploadId,
        partSize: opts.partSize,
        parts: Array.from({ length: count }, (_, i) => ({ partNumber: i + 1, url: `https://s3.test/${uploadId}/${i + 1}` })),
      };
      return plan;
    },
    async putPart(url, body, onProgress, signal) {
      const partNumber = Number(url.split('/').pop());
      const attempt = (attempts.get(partNumber) ?? 0) + 1;
      attempts.set(partNumber, attempt);
      calls.puts.push(partNumber);
      onProgress(Math.floor(body.size / 2));
      if (opts.holdPart === partNumber) {
        await new Promise<void>((resolve, reject) => {
          release = resolve;
          signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        });
      }
      if (opts.failPart?.(partNumber, attempt)) throw new Error(`connection dropped on part ${partNumber}`);
      onProgress(body.size);
      return `"etag-${partNumber}"`;
    },
    async complete(id, parts) {
      calls.completed.push(parts);
      return { uploadId: id, contentType: 'video/mp4', size: opts.size };
    },
  };
  return { transport, calls, release: () => release?.(), uploadId };
}

const file = (size: number, name = 'liputan.mp4', type = 'video/mp4') => new File([new Uint8Array(size)], name, { type });
const noWait = async () => {};

describe('Upload', () => {
  it('sends a large file in parts, reports progress, and completes with every ETag in order', async () => {
    // Prepare
    const { transport, calls, uploadId } = fakeTransport({ partSize: 100, size: 250 });
    const seen: number[] = [];
    const upload = new Upload(file(250), transport, { backoff: noWait, onChange: (u) => seen.push(u.loaded) });

    // Act
    await upload.start();

    // Assert
    expect(upload.state).toBe('done');
    expect(calls.puts).toEqual([1, 2, 3]);
    expect(calls.completed).toEqual([
      [
        { partNumber: 1, etag: '"etag-1"' },
        { partNumber: 2, etag: '"etag-2"' },
        { partNumber: 3, etag: '"etag-3"' },
      ],
    ]);
    expect(upload.result?.uploadId).toBe(uploadId);
    expect(seen).toContain(50); // half of part 1 on its way
    expect(seen).toContain(150); // part 1 done + half of part 2
    expect(upload.loaded).toBe(250);
  });

  it('retries a failed part by itself before giving up', async () => {
    // Prepare: part 2 fails once, then goes through
    const { transport, calls } = fakeTransport({ partSize: 100, size: 300, failPart: (n, attempt) => n === 2 && attempt === 1 });
    const upload = new Upload(file(300), transport, { partRetries: 2, backoff: noWait });

    // Act
    await upload.start();

    // Assert
    expect(upload.state).toBe('done');
    expect(calls.puts).toEqual([1, 2, 2, 3]);
  });

  it('after the connection drops, a retry resumes: finished parts are not sent again', async () => {
    // Prepare: part 3 keeps failing on the first try run (3 attempts), works afterwards
    const { transport, calls } = fakeTransport({ partSize: 100, size: 400, failPart: (n, attempt) => n === 3 && attempt <= 3 });
    const upload = new Upload(file(400), transport, { partRetries: 2, backoff: noWait });
    await upload.start();
    expect(upload.state).toBe('failed');
    expect(upload.partsDone).toBe(2);
    expect(upload.loaded).toBe(200);

    // Act
    await upload.retry();

    // Assert
    expect(upload.state).toBe('done');
    expect(calls.created).toBe(1); // same multipart upload, not a new one
    expect(calls.puts).toEqual([1, 2, 3, 3, 3, 3, 4]);
    expect(calls.completed[0]?.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
  });

  it('cancel stops the upload; retry after a cancel continues from the parts already sent', async () => {
    // Prepare: part 2 hangs until released (a slow connection)
    const fake = fakeTransport({ partSize: 100, size: 300, holdPart: 2 });
    const upload = new Upload(file(300), fake.transport, { backoff: noWait });
    const running = upload.start();
    await vi.waitFor(() => expect(fake.calls.puts).toEqual([1, 2]));

    // Act
    upload.cancel();
    await running;

    // Assert
    expect(upload.state).toBe('cancelled');
    expect(fake.calls.completed).toEqual([]);

    // Act again: retry without the hang
    const resumed = fakeTransport({ partSize: 100, size: 300 });
    Object.assign(fake.transport, { putPart: resumed.transport.putPart });
    await upload.retry();

    // Assert
    expect(upload.state).toBe('done');
    expect(resumed.calls.puts).toEqual([2, 3]);
  });

  it('when the part URLs have expired, a retry asks for a new upload instead of reusing dead URLs', async () => {
    // Prepare: part 2 answers 403 (expired signature) on the first plan only
    const fake = fakeTransport({ partSize: 100, size: 300 });
    const putPart = fake.transport.putPart;
    let plans = 0;
    const create = fake.transport.create;
    fake.transport.create = async (req) => {
      plans++;
      return create(req);
    };
    fake.transport.putPart = async (url, body, onProgress, signal) => {
      if (plans === 1 && url.endsWith('/2')) throw Object.assign(new Error('403'), { planExpired: true });
      return putPart(url, body, onProgress, signal);
    };
    const upload = new Upload(file(300), fake.transport, { partRetries: 3, backoff: noWait });
    await upload.start();
    expect(upload.state).toBe('failed');

    // Act
    await upload.retry();

    // Assert
    expect(upload.state).toBe('done');
    expect(plans).toBe(2);
    expect(fake.calls.puts).toEqual([1, 1, 2, 3]); // no retries against the dead URL; the new plan from the start
  });

  it('an upload that cannot even start (the API refuses) is failed with the reason kept', async () => {
    // Prepare
    const refusal = new Error('invalid.contentType');
    const transport: UploadTransport = {
      create: async () => {
        throw refusal;
      },
      putPart: async () => 'never',
      complete: async () => {
        throw new Error('not reached');
      },
    };
    const upload = new Upload(file(10, 'x.exe', 'application/x-msdownload'), transport, { backoff: noWait });

    // Act
    await upload.start();

    // Assert
    expect(upload.state).toBe('failed');
    expect(upload.error).toBe(refusal);
  });
});

describe('overallProgress', () => {
  it('adds up every upload except the cancelled ones', async () => {
    // Prepare
    const a = new Upload(file(100, 'a.jpg', 'image/jpeg'), fakeTransport({ partSize: 100, size: 100 }).transport);
    const b = new Upload(file(300, 'b.pdf', 'application/pdf'), fakeTransport({ partSize: 100, size: 300, holdPart: 1 }).transport);
    const c = new Upload(file(50, 'c.png', 'image/png'), fakeTransport({ partSize: 100, size: 50 }).transport);
    await a.start();
    void c.start();
    c.cancel();

    // Act
    const progress = overallProgress([a, b, c]);

    // Assert
    expect(progress).toEqual({ loaded: 100, total: 400 });
  });
});
