import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { AwsCrc32 } from '@aws-crypto/crc32';
import { AwsCrc32c } from '@aws-crypto/crc32c';
import { Crc64Nvme } from '@aws-sdk/crc64-nvme';
import { S3Error } from './s3-error.js';

/**
 * The integrity checks S3 makes on the bytes of a write: Content-MD5, and one
 * `x-amz-checksum-<algorithm>` given as a header or, in an aws-chunked body, as a trailer.
 * Each is checked against the bytes received; a mismatch is refused (BadDigest) before the
 * object exists, and the checksum is kept with the object to be answered on GET/HEAD.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (Content-MD5, x-amz-checksum-*)
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (BadDigest, InvalidDigest)
 */

interface Digester {
  update(bytes: Uint8Array): void;
  digest(): Promise<Uint8Array> | Uint8Array;
}

const nodeHash = (name: string): Digester => {
  const hash = createHash(name);
  return { update: (b) => hash.update(b), digest: () => hash.digest() };
};

/** The algorithms S3 checks, by the name in `x-amz-checksum-<name>`, with their digest sizes. */
const ALGORITHMS = {
  crc32: { bytes: 4, create: (): Digester => new AwsCrc32() },
  crc32c: { bytes: 4, create: (): Digester => new AwsCrc32c() },
  crc64nvme: { bytes: 8, create: (): Digester => new Crc64Nvme() },
  sha1: { bytes: 20, create: () => nodeHash('sha1') },
  sha256: { bytes: 32, create: () => nodeHash('sha256') },
} as const;
export type ChecksumAlgorithm = keyof typeof ALGORITHMS;
const isAlgorithm = (name: string): name is ChecksumAlgorithm => name in ALGORITHMS;

/** What a request says its bytes must match. */
export interface DeclaredIntegrity {
  contentMd5?: string;
  /** The algorithm of the one x-amz-checksum-* the request carries, as a header or a trailer. */
  algorithm?: ChecksumAlgorithm;
  /** Its value when given as a header; a trailer brings it after the bytes. */
  value?: string;
  trailer?: string;
}

const validBase64 = (value: string, bytes: number) => /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').length === bytes;

/** Reads (and checks the form of) the integrity headers of a write. */
export function declaredIntegrity(headers: IncomingHttpHeaders): DeclaredIntegrity {
  const declared: DeclaredIntegrity = {};
  const md5 = headers['content-md5'];
  if (typeof md5 === 'string') {
    if (!validBase64(md5, 16)) throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    declared.contentMd5 = md5;
  }
  const named = Object.keys(headers).filter(
    (h) => h.startsWith('x-amz-checksum-') && !['x-amz-checksum-type', 'x-amz-checksum-algorithm', 'x-amz-checksum-mode'].includes(h),
  );
  if (named.length > 1)
    throw new S3Error('InvalidRequest', 'Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.');
  const trailer = typeof headers['x-amz-trailer'] === 'string' ? headers['x-amz-trailer'].trim().toLowerCase() : undefined;
  if (named[0]) {
    const algorithm = named[0].slice('x-amz-checksum-'.length);
    if (!isAlgorithm(algorithm)) throw new S3Error('InvalidRequest', `The algorithm of ${named[0]} is not supported.`);
    const value = String(headers[named[0]]);
    if (!validBase64(value, ALGORITHMS[algorithm].bytes)) throw new S3Error('InvalidRequest', `Value for ${named[0]} header is invalid.`);
    Object.assign(declared, { algorithm, value });
  } else if (trailer) {
    const algorithm = trailer.startsWith('x-amz-checksum-') ? trailer.slice('x-amz-checksum-'.length) : '';
    if (!isAlgorithm(algorithm)) throw new S3Error('InvalidRequest', 'The value specified in the x-amz-trailer header is not supported');
    Object.assign(declared, { algorithm, trailer });
  }
  // The SDK names its algorithm apart; S3 wants the value itself with it.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (x-amz-sdk-checksum-algorithm)
  const sdkAlgorithm = headers['x-amz-sdk-checksum-algorithm'];
  if (typeof sdkAlgorithm === 'string') {
    if (!declared.algorithm)
      throw new S3Error(
        'InvalidRequest',
        'x-amz-sdk-checksum-algorithm specified, but no corresponding x-amz-checksum-* or x-amz-trailer headers were found.',
      );
    if (sdkAlgorithm.toLowerCase() !== declared.algorithm)
      throw new S3Error('BadDigest', `The ${sdkAlgorithm} you specified did not match the checksum header sent.`);
  }
  return declared;
}

export const declaresIntegrity = (d: DeclaredIntegrity) => d.contentMd5 !== undefined || d.algorithm !== undefined;

/** The checksums kept with an object, as the headers that answer them. */
export type StoredChecksums = Partial<Record<`x-amz-checksum-${ChecksumAlgorithm}`, string>>;

/**
 * Passes the bytes through while hashing them, and fails at their end, before the
 * writer can keep them, when they do not match what the request declared.
 * `trailers` gives the trailing headers of an aws-chunked body once it has ended.
 */
export class VerifiedBody extends Transform {
  private readonly md5?: Digester;
  private readonly checksum?: Digester;
  /** The checksum kept with the object, once the body has passed. */
  stored: StoredChecksums = {};

  constructor(
    private readonly declared: DeclaredIntegrity,
    private readonly trailers: () => Record<string, string> = () => ({}),
  ) {
    super();
    if (declared.contentMd5 !== undefined) this.md5 = nodeHash('md5');
    if (declared.algorithm) this.checksum = ALGORITHMS[declared.algorithm].create();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.md5?.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.verify().then(() => callback(), callback);
  }

  private async verify(): Promise<void> {
    const { contentMd5, algorithm, trailer } = this.declared;
    if (this.md5 && Buffer.from(await this.md5.digest()).toString('base64') !== contentMd5) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    if (!this.checksum || !algorithm) return;
    const expected = trailer ? this.trailers()[trailer] : this.declared.value;
    if (expected === undefined) throw new S3Error('IncompleteBody', `The trailer ${trailer} was announced but not sent.`);
    const actual = Buffer.from(await this.checksum.digest()).toString('base64');
    if (actual !== expected)
      throw new S3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    this.stored = { [`x-amz-checksum-${algorithm}`]: actual };
  }
}

/** The stored checksums of an object as response headers (x-amz-checksum-mode: ENABLED). */
export function checksumHeaders(metadata: Record<string, unknown>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of Object.keys(ALGORITHMS)) {
    const value = metadata[`x-amz-checksum-${name}`];
    if (typeof value === 'string') headers[`x-amz-checksum-${name}`] = value;
  }
  if (Object.keys(headers).length) headers['x-amz-checksum-type'] = 'FULL_OBJECT';
  return headers;
}
