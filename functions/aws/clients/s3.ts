/**
 * The S3 client. AWS_S3_FORCE_PATH_STYLE is the only local hint in Warta: s3rver cannot
 * serve virtual-hosted bucket names.
 */
import { S3Client } from '@aws-sdk/client-s3';

export const s3 = new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' });
