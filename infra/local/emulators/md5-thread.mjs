// MD5s of byte ranges of files, on a thread of their own (see md5-thread.ts). Plain
// JavaScript, like the Lambda worker: the thread starts without a TypeScript loader.
// A message {id, path, offset, length} is answered {id, md5} (hex) or {id, error}.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const block = Buffer.allocUnsafe(4 * 1024 * 1024);

parentPort.on('message', ({ id, path, offset, length }) => {
  let fd;
  try {
    fd = openSync(path, 'r');
    const hash = createHash('md5');
    let done = 0;
    while (done < length) {
      const n = readSync(fd, block, 0, Math.min(block.length, length - done), offset + done);
      if (n === 0) throw new Error(`${path} ends before byte ${offset + length}`);
      hash.update(block.subarray(0, n));
      done += n;
    }
    parentPort.postMessage({ id, md5: hash.digest('hex') });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
});
