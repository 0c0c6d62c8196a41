import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './s3-error.js';

/**
 * The aws-chunked body of a streaming upload, decoded: each chunk is
 * `<hex size>[;chunk-signature=<sig>]\r\n<bytes>\r\n`, a chunk of size 0 ends the bytes,
 * and trailing headers (`x-amz-checksum-crc32:<value>`, `x-amz-trailer-signature:…`)
 * follow it, each on its own line, until an empty one. The SDK sends this for a stream
 * body (STREAMING-UNSIGNED-PAYLOAD-TRAILER) so that its checksum can travel after the bytes.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-auth-using-authorization-header.html (x-amz-content-sha256 values)
 * The chunk signatures are not checked: the local S3 checks no signature (DESIGN).
 */

/** A chunk header or trailer line longer than this is not one. */
const LONGEST_LINE = 8 * 1024;

export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const payload = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || payload.startsWith('STREAMING-');
}

/**
 * Makes the headers say what the decoded body is: its length, and its content encoding
 * without aws-chunked (S3 keeps only the others with the object).
 */
export function decodedHeaders(headers: IncomingHttpHeaders): void {
  const encodings = String(headers['content-encoding'] ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  if (encodings.length) headers['content-encoding'] = encodings.join(',');
  else delete headers['content-encoding'];
  const decoded = headers['x-amz-decoded-content-length'];
  if (typeof decoded === 'string') headers['content-length'] = decoded;
  else delete headers['content-length'];
}

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

export class AwsChunkedDecoder extends Transform {
  private state: State = 'size';
  private remaining = 0;
  private decoded = 0;
  private partial: Buffer = Buffer.alloc(0);
  readonly trailers: Record<string, string> = {};

  constructor(private readonly declaredLength?: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      let at = 0;
      while (at < chunk.length) {
        if (this.state === 'data') {
          // The bytes go on as slices of what arrived: no copy on the way to the disk.
          const n = Math.min(this.remaining, chunk.length - at);
          this.push(chunk.subarray(at, at + n));
          at += n;
          this.remaining -= n;
          this.decoded += n;
          if (this.remaining === 0) this.state = 'data-end';
          continue;
        }
        const newline = chunk.indexOf(0x0a, at);
        const piece = chunk.subarray(at, newline === -1 ? chunk.length : newline + 1);
        this.partial = this.partial.length ? Buffer.concat([this.partial, piece]) : piece;
        at += piece.length;
        if (newline === -1) {
          if (this.partial.length > LONGEST_LINE) throw malformed('a chunk header is too long');
          // Its bytes belong to the caller's buffer, which may be reused.
          this.partial = Buffer.from(this.partial);
          break;
        }
        const line = this.partial.toString('latin1').replace(/\r?\n$/, '');
        this.partial = Buffer.alloc(0);
        this.line(line);
      }
      callback();
    } catch (e) {
      callback(e as Error);
    }
  }

  private line(text: string): void {
    switch (this.state) {
      case 'data-end':
        if (text !== '') throw malformed('a chunk is longer than its size');
        this.state = 'size';
        return;
      case 'size': {
        const hex = text.split(';')[0]!.trim();
        if (!/^[0-9a-fA-F]{1,16}$/.test(hex)) throw malformed(`"${text.slice(0, 40)}" is not a chunk size`);
        this.remaining = parseInt(hex, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return;
      }
      case 'trailer': {
        if (text === '') {
          this.state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon < 1) throw malformed(`"${text.slice(0, 40)}" is not a trailing header`);
        this.trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
        return;
      }
      case 'done':
        if (text !== '') throw malformed('bytes follow the end of the body');
    }
  }

  override _flush(callback: TransformCallback): void {
    // A sender may end the body right after the last trailer, without its empty line.
    const ended = this.state === 'done' || (this.state === 'trailer' && this.partial.length === 0);
    if (!ended) return callback(new S3Error('IncompleteBody', 'The aws-chunked body ended before its last chunk.'));
    if (this.declaredLength !== undefined && this.decoded !== this.declaredLength) {
      return callback(
        new S3Error(
          'IncompleteBody',
          `You did not provide the number of bytes specified by the x-amz-decoded-content-length HTTP header (${this.declaredLength}; received ${this.decoded}).`,
        ),
      );
    }
    callback();
  }
}

const malformed = (why: string) => new S3Error('InvalidRequest', `The aws-chunked body is malformed: ${why}.`);
