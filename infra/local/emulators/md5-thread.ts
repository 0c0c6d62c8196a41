import { Worker } from 'node:worker_threads';

/**
 * MD5s of what the local S3 has written, taken on a worker thread from the file. The
 * local S3 shares its thread with the Lambda invoker, the engine and whatever drives
 * them, and an ETag is an MD5 of every byte received: hashed inline, a 1 GB video costs
 * that thread more than receiving it does. Read back from the page cache instead, the
 * bytes are hashed as they lie on disk, while the thread goes on serving requests.
 */
export class Md5Thread {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(md5: string): void; reject(e: Error): void }>();

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./md5-thread.mjs', import.meta.url), { execArgv: [] });
    worker.on('message', ({ id, md5, error }: { id: number; md5?: string; error?: string }) => {
      const waiter = this.waiting.get(id);
      this.waiting.delete(id);
      if (md5 !== undefined) waiter?.resolve(md5);
      else waiter?.reject(new Error(error));
      if (this.waiting.size === 0) worker.unref();
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
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }

  /** The hex MD5 of `length` bytes of the file at `path`, from `offset`. */
  md5Of(path: string, offset: number, length: number): Promise<string> {
    const worker = this.thread();
    const id = this.nextId++;
    // Idle, the thread must not keep the process alive; with a digest owed, it must.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, path, offset, length });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.fail(worker, new Error('the local S3 was closed'));
    await worker.terminate();
  }
}
