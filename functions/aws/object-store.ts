/**
 * The S3 operations behind uploads and registration: presigned PUTs (single or in
 * parts), reading an object's first and last bytes, its sha256 by streaming, and moving
 * an object under a release (copy then delete, so a retry after a crash still finds it).
 */
import { createHash } from 'node:crypto';
import { Invalid } from '#domain/errors.js';
import type { AwsError } from './clients/aws-http.js';
import { isMissing, s3 } from './clients/s3.js';

export async function presignPut(bucket: string, key: string, expiresIn: number): Promise<string> {
  return s3.presign('PUT', bucket, key, expiresIn);
}

export async function createMultipart(bucket: string, key: string, contentType: string): Promise<string> {
  return s3.createMultipartUpload(bucket, key, contentType);
}

export async function presignParts(bucket: string, key: string, uploadId: string, partCount: number, expiresIn: number) {
  const parts: { partNumber: number; url: string }[] = [];
  for (let partNumber = 1; partNumber <= partCount; partNumber++) {
    parts.push({ partNumber, url: s3.presign('PUT', bucket, key, expiresIn, { partNumber: String(partNumber), uploadId }) });
  }
  return parts;
}

/**
 * Completes a multipart upload; an upload completed by an earlier attempt counts as done.
 * A part S3 cannot match (not uploaded, or another ETag) is the client's to send again:
 * Invalid, with the part's number when S3 names it, and the parts stay where they are.
 */
export async function completeMultipart(bucket: string, key: string, uploadId: string, parts: { partNumber: number; etag: string }[]): Promise<void> {
  try {
    await s3.completeMultipartUpload(bucket, key, uploadId, parts);
  } catch (e) {
    if ((e as Error).name === 'InvalidPart') {
      // S3 names the part in its error's details.
      const partNumber = Number((e as AwsError).details?.PartNumber);
      throw Number.isInteger(partNumber) && partNumber > 0 ? new Invalid('upload.partUnmatched', { partNumber }) : new Invalid('upload.partsUnmatched');
    }
    if (!isMissing(e)) throw e;
  }
}

export async function abortMultipart(bucket: string, key: string, uploadId: string): Promise<void> {
  await s3.abortMultipartUpload(bucket, key, uploadId).catch(() => undefined);
}

/** The object's size, or undefined when it is not there. */
export async function objectSize(bucket: string, key: string): Promise<number | undefined> {
  try {
    return (await s3.headObject(bucket, key)).contentLength;
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** Bytes [start, end] inclusive. */
export async function readRange(bucket: string, key: string, start: number, end: number): Promise<Uint8Array> {
  return s3.getObject(bucket, key, `bytes=${start}-${end}`);
}

export async function sha256Of(bucket: string, key: string): Promise<string> {
  const body = await s3.getObjectStream(bucket, key);
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3.deleteObject(bucket, key);
}

/**
 * Moves an object within a bucket: copy, then delete the source. Run again after a
 * crash it finds the source gone and the target there, and does nothing more.
 * (CopyObject handles objects up to 5 GB, above the largest allowed upload.)
 */
export async function moveObject(bucket: string, from: string, to: string): Promise<void> {
  if (from === to) return;
  const sourceSize = await objectSize(bucket, from);
  if (sourceSize === undefined) {
    if ((await objectSize(bucket, to)) !== undefined) return;
    throw new Error(`neither ${from} nor ${to} exists in the uploads bucket`);
  }
  await s3.copyObject(bucket, to, { bucket, key: from });
  await deleteObject(bucket, from);
}

export async function presignGet(bucket: string, key: string, expiresIn: number, downloadName?: string): Promise<string> {
  return s3.presign('GET', bucket, key, expiresIn, downloadName ? { 'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}` } : {});
}
