// MD5s of byte ranges of files, on a thread of their own (see md5-thread.ts). Plain
// JavaScript, like the Lambda worker: the thread starts without a TypeScript loader.
// Messages of one stream arrive in the order they were posted:
//   {id, path, offset, length}  hash these bytes of the file next;
//   {id, end: true}             answer {id, md5} (hex), or {id, error}, and forget `id`.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

const block = Buffer.allocUnsafe(4 * 1024 * 1024);
/** id -> {hash, fd, path, error} */
const streams = new Map();

function add(stream, path, offset, length) {
  if (stream.fd === undefined || stream.path !== path) {
    if (stream.fd !== undefined) closeSync(stream.fd);
    stream.fd = openSync(path, 'r');
    stream.path = path;
  }
  let done = 0;
  while (done < length) {
    const n = readSync(stream.fd, block, 0, Math.min(block.length, length - done), offset + done);
    if (n === 0) throw new Error(`${path} ends before byte ${offset + length}`);
    stream.hash.update(block.subarray(0, n));
    done += n;
  }
}

parentPort.on('message', ({ id, path, offset, length, end }) => {
  let stream = streams.get(id);
  if (!stream) streams.set(id, (stream = { hash: createHash('md5') }));
  if (length && !stream.error) {
    try {
      add(stream, path, offset, length);
    } catch (e) {
      stream.error = e instanceof Error ? e.message : String(e);
    }
  }
  if (end) {
    streams.delete(id);
    if (stream.fd !== undefined) closeSync(stream.fd);
    parentPort.postMessage(stream.error ? { id, error: stream.error } : { id, md5: stream.hash.digest('hex') });
  }
});
