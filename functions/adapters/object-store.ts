/**
 * The S3 operations behind uploads and registration: presigned PUTs (single or in
 * parts), reading an object's first and last bytes, its sha256 by streaming, and moving
 * an object under a release (copy then delete, so a retry after a crash still finds it).
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Invalid } from '#domain/errors.js';
import { copySource, isMissing, s3, s3Presigner } from './clients/s3.js';

/** A URL a browser PUTs the object's bytes to (s3Presigner: no checksum of an absent body in it). */
export async function presignPut(bucket: string, key: string, expiresIn: number): Promise<string> {
  return getSignedUrl(s3Presigner, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn });
}

export async function createMultipart(bucket: string, key: string, contentType: string): Promise<string> {
  const out = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: contentType }));
  if (!out.UploadId) throw new Error('S3 gave no multipart upload id');
  return out.UploadId;
}

export async function presignParts(bucket: string, key: string, uploadId: string, partCount: number, expiresIn: number) {
  const parts: { partNumber: number; url: string }[] = [];
  for (let partNumber = 1; partNumber <= partCount; partNumber++) {
    const url = await getSignedUrl(
      s3Presigner,
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }),
      { expiresIn },
    );
    parts.push({ partNumber, url });
  }
  return parts;
}

/**
 * Completes a multipart upload; an upload completed by an earlier attempt counts as done.
 * A part S3 cannot match (not uploaded, or another ETag) is the client's to send again:
 * Invalid, with the part's number when S3 names it, and the parts stay where they are.
 */
export async function completeMultipart(
  bucket: string,
  key: string,
  uploadId: string,
  parts: { partNumber: number; etag: string }[],
): Promise<void> {
  try {
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
      }),
    );
  } catch (e) {
    if ((e as Error).name === 'InvalidPart') {
      // S3 names the part in its error's details; the SDK copies them onto the error.
      const partNumber = Number((e as { PartNumber?: unknown }).PartNumber);
      throw Number.isInteger(partNumber) && partNumber > 0
        ? new Invalid('upload.partUnmatched', { partNumber })
        : new Invalid('upload.partsUnmatched');
    }
    if (!isMissing(e)) throw e;
  }
}

export async function abortMultipart(bucket: string, key: string, uploadId: string): Promise<void> {
  await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
}

/**
 * The object's bytes differ from the ones checked: S3 refused a read or copy conditioned
 * on the ETag recorded at the check (412 PreconditionFailed).
 */
export class ObjectChanged extends Error {
  override name = 'Warta.ObjectChanged';
}

const isPreconditionFailed = (e: unknown) =>
  (e as Error | null)?.name === 'PreconditionFailed' ||
  (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 412;

/** The object's size and ETag, or undefined when it is not there. */
export async function objectHead(bucket: string, key: string): Promise<{ size: number; etag: string } | undefined> {
  try {
    const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: out.ContentLength ?? 0, etag: out.ETag ?? '' };
  } catch (e) {
    if (isMissing(e)) return undefined;
    throw e;
  }
}

/** The object's size, or undefined when it is not there. */
export async function objectSize(bucket: string, key: string): Promise<number | undefined> {
  return (await objectHead(bucket, key))?.size;
}

/**
 * Bytes [start, end] inclusive. With `etag`, only of that version of the object: one put
 * over it meanwhile makes S3 answer 412, thrown as ObjectChanged.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (If-Match)
 */
export async function readRange(bucket: string, key: string, start: number, end: number, etag?: string): Promise<Uint8Array> {
  try {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}`, IfMatch: etag || undefined }),
    );
    return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (e) {
    if (etag && isPreconditionFailed(e)) throw new ObjectChanged(`${key} is no longer the object of ETag ${etag}`);
    throw e;
  }
}

export async function sha256Of(bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash('sha256');
  for await (const chunk of out.Body as Readable) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/**
 * Moves an object within a bucket: copy, then delete the source. Run again after a
 * crash it finds the source gone and the target there, and does nothing more.
 * (CopyObject handles objects up to 5 GB, above the largest allowed upload.)
 *
 * With `etag` (the one recorded when the upload was checked) the copy is conditioned on
 * it: a presigned PUT URL stays valid for hours, so the object may have been replaced
 * since its check, and S3 then refuses the copy (412 PreconditionFailed). Nothing is
 * copied, the source stays for the lifecycle to remove, and ObjectChanged is thrown.
 * This holds for single and multipart uploads alike (a multipart object's ETag is that of
 * its parts, and changes as well when it is put again).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html (x-amz-copy-source-if-match)
 */
export async function moveObject(bucket: string, from: string, to: string, etag?: string): Promise<void> {
  if (from === to) return;
  const sourceSize = await objectSize(bucket, from);
  if (sourceSize === undefined) {
    if ((await objectSize(bucket, to)) !== undefined) return;
    throw new Error(`neither ${from} nor ${to} exists in the uploads bucket`);
  }
  try {
    await s3.send(
      new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: copySource(bucket, from), CopySourceIfMatch: etag || undefined }),
    );
  } catch (e) {
    if (etag && isPreconditionFailed(e)) throw new ObjectChanged(`${from} is no longer the object of ETag ${etag}`);
    throw e;
  }
  await deleteObject(bucket, from);
}

/** A URL that downloads the object, saved under `downloadName` when given. */
export async function presignGet(bucket: string, key: string, expiresIn: number, downloadName?: string): Promise<string> {
  const disposition = downloadName ? `attachment; filename*=UTF-8''${encodeURIComponent(downloadName)}` : undefined;
  return getSignedUrl(s3Presigner, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }), {
    expiresIn,
  });
}

/**
 * A link that shows the object in the page (image, PDF, video) instead of downloading it:
 * `inline`, with the type detected from the file's own bytes. The response-* overrides are
 * honoured only on a signed request (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 */
export async function presignView(bucket: string, key: string, expiresIn: number, contentType: string): Promise<string> {
  return getSignedUrl(
    s3Presigner,
    new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: 'inline', ResponseContentType: contentType }),
    { expiresIn },
  );
}
