/**
 * s3rver's own error: thrown anywhere in the local S3, s3rver answers it as S3 does, with
 * the code, message and details in S3's XML error document and the code's HTTP status.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

type S3ErrorClass = new (code: string, message: string, detail?: Record<string, unknown>) => Error & { status: number };
export const S3Error = require('s3rver/lib/models/error') as S3ErrorClass;
