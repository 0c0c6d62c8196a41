/**
 * The S3 clients of the container: one for the calls the functions make, with the SDK's
 * defaults, and one that only presigns the URLs a browser uploads to.
 *
 * Why two: with its default `requestChecksumCalculation: WHEN_SUPPORTED` (SDK 3.729.0 and
 * later, https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/s3-checksums.html)
 * the SDK signs the CRC32 of the body it is given into a presigned PutObject or UploadPart
 * URL, and at presigning time there is no body: the URL carries the CRC32 of nothing
 * (`x-amz-checksum-crc32=AAAAAA==`, `x-amz-sdk-checksum-algorithm=CRC32`) and S3 refuses
 * every real upload to it (https://github.com/aws/aws-sdk-js-v3/issues/6994). The presigning
 * client computes checksums only where an operation requires one, which no presigned call
 * here does (the uploads bucket has no Object Lock). The browser's bytes are checked by the
 * server after the upload (functions/adapters/object-store.ts).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { tracer } from '#runtime/tracer.js';
import { SDK_RETRY } from './retry.js';

export const s3 = tracer.captureAWSv3Client(new S3Client({ ...SDK_RETRY }));

/** Presigns only; never sends. */
export const s3Presigner = new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });

/** CopyObject's source: bucket and key, the key URL-encoded (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html). */
export function copySource(bucket: string, key: string): string {
  return `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** True for "no such object" (or upload), however S3 words it (HEAD has no body: `NotFound`). */
export function isMissing(e: unknown): boolean {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return !!err && (['NotFound', 'NoSuchKey', 'NoSuchUpload'].includes(err.name ?? '') || err.$metadata?.httpStatusCode === 404);
}
