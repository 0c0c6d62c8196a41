/**
 * S3's REST protocol over signed requests (aws-http.ts): the object calls Warta makes
 * and presigned URLs. Buckets are virtual-hosted (`<bucket>.s3.<region>.amazonaws.com`),
 * as S3 wants them; AWS_S3_FORCE_PATH_STYLE=true puts the bucket in the path instead, the
 * only local hint in Warta (s3rver cannot serve virtual-hosted bucket names).
 */
import type { IncomingMessage } from 'node:http';
import { AwsError, awsRequest, encodeRfc3986, presignedUrl, statusName, type AwsRequest, type AwsResponse } from './aws-http.js';

type Method = AwsRequest['method'];

/** The path and host of an object: the key's segments encoded as SigV4 canonicalises them. */
function objectRequest(bucket: string, key: string | undefined, method: Method, rest: Partial<AwsRequest> = {}): AwsRequest {
  const encodedKey = key === undefined ? '' : key.split('/').map(encodeRfc3986).join('/');
  const pathStyle = process.env.AWS_S3_FORCE_PATH_STYLE === 'true';
  return {
    service: 's3',
    method,
    path: pathStyle ? `/${bucket}/${encodedKey}` : `/${encodedKey}`,
    ...(pathStyle ? {} : { hostPrefix: `${bucket}.` }),
    ...rest,
  };
}

/** The text of the first `<tag>` in a flat S3 XML document, entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml);
  return match ? decodeXml(match[1]!) : undefined;
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  });
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An `<Error>` document as an AwsError: its Code names it, its other fields are details. */
function errorOfXml(xml: string, status: number): AwsError | undefined {
  const body = /<Error>([\s\S]*)<\/Error>/.exec(xml)?.[1];
  if (body === undefined) return undefined;
  const details: Record<string, string> = {};
  for (const [, tag, text] of body.matchAll(/<([A-Za-z]+)>([^<]*)<\/\1>/g)) details[tag!] = decodeXml(text!);
  return new AwsError(details.Code ?? statusName(status), details.Message ?? '', status, details);
}

const s3Error = ({ status, body }: AwsResponse): AwsError =>
  errorOfXml(body.toString('utf8'), status) ?? new AwsError(statusName(status), `S3 answered ${status}`, status);

/**
 * Some S3 calls (CopyObject, CompleteMultipartUpload) answer 200 and report a failure in
 * the body, as the S3 API reference warns; the SDK turns those into errors, and so does this.
 */
function failedDespite200(res: AwsResponse): void {
  const error = errorOfXml(res.body.toString('utf8'), res.status);
  if (error) throw new AwsError(error.name, error.message, 500, error.details);
}

export interface PutOptions {
  contentType?: string;
  cacheControl?: string;
}

function putHeaders(options: PutOptions): Record<string, string> {
  return {
    'Content-Type': options.contentType ?? 'application/octet-stream',
    ...(options.cacheControl ? { 'Cache-Control': options.cacheControl } : {}),
  };
}

export const s3 = {
  async putObject(bucket: string, key: string, body: string | Uint8Array, options: PutOptions = {}): Promise<void> {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    await awsRequest(objectRequest(bucket, key, 'PUT', { headers: putHeaders(options), body: bytes }), s3Error);
  },

  /** The object's bytes, or those of `range` (e.g. `bytes=0-63`). */
  async getObject(bucket: string, key: string, range?: string): Promise<Buffer> {
    const res = await awsRequest(objectRequest(bucket, key, 'GET', range ? { headers: { Range: range } } : {}), s3Error);
    return res.body;
  },

  /** The object's bytes as a stream, for objects too large to hold (an upload's sha256). */
  getObjectStream(bucket: string, key: string): Promise<IncomingMessage> {
    return awsRequest(objectRequest(bucket, key, 'GET'), s3Error, true);
  },

  /** The object's size; throws NotFound when there is none. */
  async headObject(bucket: string, key: string): Promise<{ contentLength: number }> {
    const res = await awsRequest(objectRequest(bucket, key, 'HEAD'), s3Error);
    return { contentLength: Number(res.headers['content-length'] ?? 0) };
  },

  async deleteObject(bucket: string, key: string): Promise<void> {
    await awsRequest(objectRequest(bucket, key, 'DELETE'), s3Error);
  },

  /** Copies `source` (bucket and key) to `key`; with options, its metadata is replaced by them. */
  async copyObject(bucket: string, key: string, source: { bucket: string; key: string }, replace?: PutOptions): Promise<void> {
    const headers: Record<string, string> = {
      'x-amz-copy-source': `/${source.bucket}/${source.key.split('/').map(encodeRfc3986).join('/')}`,
      ...(replace ? { ...putHeaders(replace), 'x-amz-metadata-directive': 'REPLACE' } : {}),
    };
    failedDespite200(await awsRequest(objectRequest(bucket, key, 'PUT', { headers }), s3Error));
  },

  async createMultipartUpload(bucket: string, key: string, contentType: string): Promise<string> {
    const res = await awsRequest(objectRequest(bucket, key, 'POST', { query: { uploads: '' }, headers: { 'Content-Type': contentType } }), s3Error);
    const uploadId = xmlText(res.body.toString('utf8'), 'UploadId');
    if (!uploadId) throw new AwsError('InvalidResponse', 'S3 gave no multipart upload id');
    return uploadId;
  },

  /** Sends one part; returns its ETag. */
  async uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<string> {
    const res = await awsRequest(objectRequest(bucket, key, 'PUT', { query: { partNumber: String(partNumber), uploadId }, body }), s3Error);
    return String(res.headers.etag ?? '');
  },

  async completeMultipartUpload(bucket: string, key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
    const xml = `<CompleteMultipartUpload>${parts.map((p) => `<Part><PartNumber>${p.partNumber}</PartNumber><ETag>${escapeXml(p.etag)}</ETag></Part>`).join('')}</CompleteMultipartUpload>`;
    const res = await awsRequest(objectRequest(bucket, key, 'POST', { query: { uploadId }, headers: { 'Content-Type': 'application/xml' }, body: xml }), s3Error);
    failedDespite200(res);
  },

  async abortMultipartUpload(bucket: string, key: string, uploadId: string): Promise<void> {
    await awsRequest(objectRequest(bucket, key, 'DELETE', { query: { uploadId } }), s3Error);
  },

  /**
   * A URL that lets its holder make one kind of request for `expiresIn` seconds: a PUT of
   * the object or of one part (`query` partNumber and uploadId), or a GET (`query`
   * response-content-disposition names the download).
   */
  presign(method: 'GET' | 'PUT', bucket: string, key: string, expiresIn: number, query: Record<string, string> = {}): string {
    return presignedUrl(objectRequest(bucket, key, method, { query: { ...query, 'X-Amz-Expires': String(expiresIn) } }));
  },
};

/** True for "no such object" (or upload), however S3 words it. */
export function isMissing(e: unknown): boolean {
  const err = e as { name?: string; statusCode?: number } | null;
  return !!err && (['NotFound', 'NoSuchKey', 'NoSuchUpload'].includes(err.name ?? '') || err.statusCode === 404);
}
