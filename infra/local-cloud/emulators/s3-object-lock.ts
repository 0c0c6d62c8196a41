import type { IncomingHttpHeaders } from 'node:http';
import type { BucketSettings, LockMode } from './s3-bucket-settings.js';
import { declaresIntegrity, declaredIntegrity } from './s3-checksums.js';
import { S3Error } from './s3-error.js';

/**
 * Object Lock as S3 enforces it on a version: its retention (mode and retain-until date)
 * comes from the request's x-amz-object-lock-* headers or else the bucket's default
 * retention; while it lasts, COMPLIANCE lets no one delete the version or shorten or
 * remove its retention, and GOVERNANCE lets only a request that bypasses governance.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
 */

export interface Retention {
  mode: LockMode;
  /** ISO 8601, as S3 answers it. */
  retainUntil: string;
}

const MODES: readonly string[] = ['GOVERNANCE', 'COMPLIANCE'];
const isMode = (m: unknown): m is LockMode => typeof m === 'string' && MODES.includes(m);

/** S3's words when a lock protects a version from a delete or a change of its retention. */
const protectedByLock = () => new S3Error('AccessDenied', 'Access Denied because object protected by object lock.');
const missingLockConfiguration = () => new S3Error('InvalidRequest', 'Bucket is missing Object Lock Configuration');

/** The bucket's default retention as it applies to a version made at `now`. */
export function defaultRetention(settings: BucketSettings, now: Date): Retention | undefined {
  const rule = settings.objectLock?.defaultRetention;
  if (!rule) return undefined;
  const until = new Date(now);
  if (rule.years) until.setUTCFullYear(until.getUTCFullYear() + rule.years);
  else until.setTime(until.getTime() + (rule.days ?? 0) * 86_400_000);
  return { mode: rule.mode, retainUntil: until.toISOString() };
}

/**
 * The retention a request asks for in its x-amz-object-lock-* headers: both or neither.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (x-amz-object-lock-mode, -retain-until-date)
 */
export function requestedRetention(headers: IncomingHttpHeaders, settings: BucketSettings, now: Date): Retention | undefined {
  const mode = headers['x-amz-object-lock-mode'];
  const until = headers['x-amz-object-lock-retain-until-date'];
  if (mode === undefined && until === undefined) return undefined;
  if (!settings.objectLock) throw missingLockConfiguration();
  if (mode === undefined || until === undefined)
    throw new S3Error('InvalidArgument', 'x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied');
  if (!isMode(mode)) throw new S3Error('InvalidArgument', 'Unknown wormMode directive.');
  return { mode, retainUntil: futureDate(String(until), now) };
}

/** The retention of a new version: what the request asks, or else the bucket's default. */
export function retentionOfNewVersion(headers: IncomingHttpHeaders, settings: BucketSettings, now: Date): Retention | undefined {
  return requestedRetention(headers, settings, now) ?? defaultRetention(settings, now);
}

function futureDate(text: string, now: Date): string {
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new S3Error('InvalidArgument', 'The retain until date must be provided in ISO 8601 format.');
  if (date.getTime() <= now.getTime()) throw new S3Error('InvalidArgument', 'The retain until date must be in the future!');
  return date.toISOString();
}

/**
 * A write of object bytes to a bucket where they would be locked must say how to check
 * them: Content-MD5 or an x-amz-checksum-* header (or trailer).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html
 *   ("Content-MD5 or x-amz-sdk-checksum-algorithm header is required ... with a retention period")
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html (Content-MD5)
 */
export function requireIntegrityForLockedWrite(headers: IncomingHttpHeaders, settings: BucketSettings, lockRequested: boolean): void {
  if (!settings.objectLock || (!settings.objectLock.defaultRetention && !lockRequested)) return;
  if (declaresIntegrity(declaredIntegrity(headers))) return;
  throw new S3Error(
    'InvalidRequest',
    'Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with Object Lock parameters',
  );
}

const bypassesGovernance = (headers: IncomingHttpHeaders) =>
  String(headers['x-amz-bypass-governance-retention'] ?? '').toLowerCase() === 'true';
const inForce = (r: Retention | undefined, now: Date): r is Retention => !!r && new Date(r.retainUntil).getTime() > now.getTime();

/**
 * Deleting a version (DeleteObject with a versionId) while its retention lasts.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html (Retention modes)
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/DeletingObjectVersions.html
 */
export function assertDeletable(retention: Retention | undefined, headers: IncomingHttpHeaders, now: Date): void {
  if (!inForce(retention, now)) return;
  if (retention.mode === 'GOVERNANCE' && bypassesGovernance(headers)) return;
  throw protectedByLock();
}

/**
 * PutObjectRetention over a retention in force: COMPLIANCE can only be kept or
 * lengthened; GOVERNANCE can be shortened, removed or changed only when bypassed.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectRetention.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html (Retention periods)
 */
export function assertRetentionChange(
  current: Retention | undefined,
  next: Retention | undefined,
  headers: IncomingHttpHeaders,
  now: Date,
): void {
  if (!inForce(current, now)) return;
  const keepsOrLengthens =
    next !== undefined && next.mode === current.mode && new Date(next.retainUntil).getTime() >= new Date(current.retainUntil).getTime();
  if (keepsOrLengthens) return;
  if (current.mode === 'GOVERNANCE' && bypassesGovernance(headers)) return;
  // Governance can always be raised to compliance; the reverse never.
  if (
    current.mode === 'GOVERNANCE' &&
    next?.mode === 'COMPLIANCE' &&
    new Date(next.retainUntil).getTime() >= new Date(current.retainUntil).getTime()
  )
    return;
  throw protectedByLock();
}

/** The body of PutObjectRetention: `<Retention><Mode/><RetainUntilDate/></Retention>`, empty to remove. */
export function retentionOfDocument(doc: Record<string, any>, settings: BucketSettings, now: Date): Retention | undefined {
  if (!settings.objectLock) throw missingLockConfiguration();
  const body = doc.Retention;
  if (body === undefined)
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  if (body === '' || (body.Mode === undefined && body.RetainUntilDate === undefined)) return undefined;
  if (!isMode(body.Mode) || body.RetainUntilDate === undefined)
    throw new S3Error('MalformedXML', 'The XML you provided was not well-formed or did not validate against our published schema.');
  return { mode: body.Mode, retainUntil: futureDate(String(body.RetainUntilDate), now) };
}

export const retentionHeaders = (r: Retention | undefined): Record<string, string> =>
  r ? { 'x-amz-object-lock-mode': r.mode, 'x-amz-object-lock-retain-until-date': r.retainUntil } : {};

export { missingLockConfiguration };
