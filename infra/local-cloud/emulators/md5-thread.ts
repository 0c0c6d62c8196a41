import { Worker } from 'node:worker_threads';

/**
 * MD5s of what the local S3 writes, taken on a worker thread from the file as each write
 * lands. The local S3 shares its thread with the Lambda invoker, the engine and whatever
 * drives them, and an ETag is an MD5 of every byte received: hashed inline, a 1 GB video
 * costs that thread more than receiving it does. Here the thread only says which bytes
 * were written; the worker reads them back from the page cache and hashes them, keeping
 * up with the writes, so the digest is ready soon after the last one.
 */

export interface Md5Stream {
  /** `length` bytes at `offset` of `path` are written: hash them next. */
  add(path: string, offset: number, length: number): void;
  /** The hex MD5 of every range added, in order; the stream is finished after. */
  digest(): Promise<string>;
}

export class Md5Thread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(md5: string): void; reject(e: Error): void }>();
  private open = 0;

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./md5-thread.mjs', import.meta.url), { execArgv: [] });
    worker.on('message', ({ id, md5, error }: { id: number; md5?: string; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (md5 !== undefined) waiter?.resolve(md5);
      else waiter?.reject(new Error(error));
    });
    worker.on('error', (e) => this.fail(worker, e));
    worker.on('exit', () => this.fail(worker, new Error('the MD5 thread stopped')));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private fail(worker: Worker, e: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.open = 0;
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  stream(): Md5Stream {
    const worker = this.thread();
    const id = this.nextId++;
    // Idle, the thread must not keep the process alive; with a digest owed, it must.
    if (this.open++ === 0) worker.ref();
    const settled = () => {
      if (--this.open === 0 && this.worker === worker) worker.unref();
    };
    return {
      add: (path, offset, length) => worker.postMessage({ id, path, offset, length }),
      digest: () =>
        new Promise<string>((resolve, reject) => {
          this.waiting.set(id, {
            resolve: (md5) => {
              settled();
              resolve(md5);
            },
            reject: (e) => {
              settled();
              reject(e);
            },
          });
          worker.postMessage({ id, end: true });
        }),
    };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fail(worker, new Error('the local S3 was closed'));
    await worker.terminate();
  }
}
