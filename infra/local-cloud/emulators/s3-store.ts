import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Md5Thread } from './md5-thread.js';
import { S3Error } from './s3-error.js';
import { writeContext } from './s3-write-context.js';

/**
 * s3rver's file store, with multipart uploads kept the way a large video needs them.
 *
 * s3rver writes each part to its own file, and completing the upload streams every part
 * through an MD5 of the whole into a new file: a 1 GB video is written to disk twice and
 * hashed twice on the emulator's only thread, and any ETags are accepted. Here:
 * - each part's MD5 (its ETag) is taken from the bytes as they are written, on a thread
 *   of its own (md5-thread.ts), so the thread serving every request of the local cloud
 *   only moves them;
 * - a part whose length is known is written straight into a shared file at the place it
 *   takes when all parts have that length, `(partNumber - 1) × length` (S3 clients, the
 *   web app included, cut every part but the last to one size); a part of unknown length
 *   gets a file of its own;
 * - completing checks each listed part's ETag against the MD5 taken when it arrived, as
 *   S3 does (InvalidPart otherwise), names the object `md5(part MD5s)-<count>` as S3
 *   does, keeps the parts already lying in place and copies only the others behind them
 *   (usually the shorter last part), then renames the file into place, so a reader never
 *   sees half an object.
 */

const require = createRequire(import.meta.url);

interface ListedPart {
  number: number;
  etag: string;
}

/** Where a received part lies in the upload's directory, and its MD5 (its ETag). */
interface PartRecord {
  file: string;
  offset: number;
  length: number;
  md5: string;
  /** It came with a Content-MD5 or x-amz-checksum-* that matched (s3-checksums.ts). */
  checked?: boolean;
}

interface FilesystemStoreBase {
  getResourcePath(bucket: string, key?: string, resource?: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  getBucket(bucket: string): Promise<unknown>;
  deleteObject(bucket: string, key: string): Promise<void>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
}

const FilesystemStore = require('s3rver/lib/stores/filesystem') as new (rootDirectory: string) => FilesystemStoreBase;

/** Large reads and writes when copying: a few callbacks per part instead of one per 64 kB. */
const COPY_CHUNK_BYTES = 8 * 1024 * 1024;
/** What a part may have waiting for the disk before the socket is paused. */
const WRITE_BUFFER_BYTES = 1024 * 1024;
const READ_WRITE_CREATE = constants.O_RDWR | constants.O_CREAT;

const recordPath = (uploadDir: string, partNumber: number) => join(uploadDir, `${partNumber}.part.json`);

async function readRecord(uploadDir: string, partNumber: number): Promise<PartRecord | undefined> {
  try {
    return JSON.parse(await readFile(recordPath(uploadDir, partNumber), 'utf8')) as PartRecord;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Copies `length` bytes at `offset` of `from` to `position` of the open file `to`. */
async function copyRange(from: string, offset: number, length: number, to: FileHandle, position: number): Promise<void> {
  if (length === 0) return;
  let at = position;
  for await (const chunk of createReadStream(from, { start: offset, end: offset + length - 1, highWaterMark: COPY_CHUNK_BYTES })) {
    const bytes = chunk as Buffer;
    await to.write(bytes, 0, bytes.length, at);
    at += bytes.length;
  }
  if (at - position !== length) throw new Error(`${from}: expected ${length} bytes at ${offset}, read ${at - position}`);
}

/**
 * Writes what it is given to `file` from `start` on, calling `written` after each write
 * has landed (buffers waiting meanwhile go out together), and closes the file at the end.
 */
function hashedWrites(file: FileHandle, start: number, written: (offset: number, length: number) => void): Writable {
  let position = start;
  const land = async (buffers: Buffer[]) => {
    const { bytesWritten } = await file.writev(buffers, position);
    written(position, bytesWritten);
    position += bytesWritten;
  };
  return new Writable({
    highWaterMark: WRITE_BUFFER_BYTES,
    writev(chunks, callback) {
      land(chunks.map((c) => c.chunk as Buffer)).then(() => callback(), callback);
    },
    final(callback) {
      file.close().then(() => callback(), callback);
    },
    destroy(error, callback) {
      file.close().then(
        () => callback(error),
        () => callback(error),
      );
    },
  });
}

export class MultipartFilesystemStore extends FilesystemStore {
  private readonly md5s = new Md5Thread();

  async close(): Promise<void> {
    await this.md5s.close();
  }

  private uploadDir(bucket: string, uploadId: string): string {
    return join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId);
  }

  async putPart(
    bucket: string,
    uploadId: string,
    partNumber: number | string,
    content: IncomingMessage,
  ): Promise<{ size: number; md5: string }> {
    const number = Number(partNumber);
    const uploadDir = this.uploadDir(bucket, uploadId);
    await mkdir(uploadDir, { recursive: true });
    const declared = Number(content.headers['content-length']);
    const place =
      Number.isSafeInteger(declared) && declared > 0
        ? { file: `parts-of-${declared}`, offset: (number - 1) * declared }
        : { file: `part-${number}`, offset: 0 };

    // Until this part has arrived whole, it has no record: completing refuses it rather
    // than take the half-written bytes of an interrupted re-send.
    await rm(recordPath(uploadDir, number), { force: true });
    const path = join(uploadDir, place.file);
    const md5 = this.md5s.stream();
    let length = 0;
    try {
      await pipeline(
        content,
        hashedWrites(await open(path, READ_WRITE_CREATE), place.offset, (offset, written) => {
          md5.add(path, offset, written);
          length += written;
        }),
      );
    } catch (e) {
      await md5.digest().catch(() => undefined);
      throw e;
    }
    const record: PartRecord = {
      ...place,
      length,
      md5: await md5.digest(),
      ...(writeContext.getStore()?.verified ? { checked: true } : {}),
    };
    await writeFile(recordPath(uploadDir, number), JSON.stringify(record));
    return { size: length, md5: record.md5 };
  }

  async putObjectMultipart(bucket: string, uploadId: string, parts: ListedPart[]): Promise<{ size: number; md5: string }> {
    const uploadDir = this.uploadDir(bucket, uploadId);
    const [key, metadata] = await Promise.all([
      readFile(join(uploadDir, 'key'), 'utf8'),
      readFile(join(uploadDir, 'metadata'), 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>),
    ]).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        throw new S3Error(
          'NoSuchUpload',
          'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
          { UploadId: uploadId },
        );
      throw e;
    });

    if (parts.some((p, i) => i > 0 && p.number <= parts[i - 1]!.number)) {
      throw new S3Error(
        'InvalidPartOrder',
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      );
    }
    const records = await Promise.all(
      parts.map(async (part) => {
        const record = await readRecord(uploadDir, part.number);
        if (!record || record.md5 !== part.etag) {
          throw new S3Error(
            'InvalidPart',
            "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
            { UploadId: uploadId, PartNumber: part.number, ETag: part.etag },
          );
        }
        return record;
      }),
    );
    if (writeContext.getStore()?.integrityRequired && records.some((r) => !r.checked)) {
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html (every part carries its check)
      throw new S3Error(
        'InvalidRequest',
        'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
      );
    }
    const md5 = `${createHash('md5')
      .update(Buffer.from(records.map((r) => r.md5).join(''), 'hex'))
      .digest('hex')}-${records.length}`;
    const size = records.reduce((sum, r) => sum + r.length, 0);

    // The leading parts that already lie end to end from the start of one file stay there.
    let base = records[0]?.offset === 0 ? records[0].file : undefined;
    let inPlace = 0;
    let position = 0;
    while (base !== undefined && inPlace < records.length && records[inPlace]!.file === base && records[inPlace]!.offset === position) {
      position += records[inPlace]!.length;
      inPlace++;
    }
    // Copying into the base file must not overwrite bytes still to be copied from it.
    if (base === undefined || records.slice(inPlace).some((r) => r.file === base)) {
      base = 'assembling';
      inPlace = 0;
      position = 0;
      await rm(join(uploadDir, base), { force: true });
    }
    const assembled = join(uploadDir, base);
    const file = await open(assembled, READ_WRITE_CREATE);
    try {
      for (const r of records.slice(inPlace)) {
        await copyRange(join(uploadDir, r.file), r.offset, r.length, file, position);
        position += r.length;
      }
      await file.truncate(size);
    } finally {
      await file.close();
    }

    await this.placeObject(bucket, key, assembled, metadata, md5, size);
    await rm(uploadDir, { recursive: true, force: true });
    return { size, md5 };
  }

  /** Makes the finished bytes at `file` the object `key` (renamed away from `file`). */
  protected async placeObject(
    bucket: string,
    key: string,
    file: string,
    metadata: Record<string, unknown>,
    md5: string,
    _size: number,
  ): Promise<void> {
    const objectPath = this.getResourcePath(bucket, key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    // The metadata first: until the rename, a reader finds no object (s3rver stats the bytes).
    await this.putMetadata(bucket, key, metadata, md5);
    await rename(file, objectPath);
  }
}
