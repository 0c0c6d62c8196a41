import { AsyncLocalStorage } from 'node:async_hooks';
import type { BucketSettings } from './s3-bucket-settings.js';
import type { VerifiedBody } from './s3-checksums.js';
import type { Retention } from './s3-object-lock.js';

/**
 * What the request front (s3-front.ts) learned about a write, for the store that s3rver
 * calls with only a bucket, a key and a stream: the target bucket's settings, the
 * retention of the new version, the body's declared checks; and, back from the store,
 * the VersionId it made.
 */
export interface WriteContext {
  settings: BucketSettings;
  retention?: Retention;
  /** The body with its Content-MD5 / x-amz-checksum-* checked; absent when none was declared. */
  verified?: VerifiedBody;
  /** Object Lock applies: every part of a multipart upload must have been checked. */
  integrityRequired?: boolean;
  versionId?: string;
}

export const writeContext = new AsyncLocalStorage<WriteContext>();
