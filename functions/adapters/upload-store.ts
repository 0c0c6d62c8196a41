/**
 * Upload items: an upload from the moment its URLs are handed out (pending), through
 * the check of its bytes (complete or rejected), to its claim by one release.
 * They expire after two days unless claimed; the local DynamoDB has no TTL, so readers
 * check `expiresAt` themselves.
 */
import { Conflict, Invalid } from '#domain/errors.js';
import { keys } from '#domain/keys.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { setClauses, tableName } from './table.js';

export const UPLOAD_TTL_SECONDS = 2 * 24 * 3600;

export interface UploadItem {
  uploadId: string;
  state: 'pending' | 'complete' | 'rejected';
  name: string;
  declaredType: string;
  size: number;
  key: string;
  multipartUploadId?: string;
  partSize: number;
  partCount: number;
  createdAt: string;
  expiresAt: number;
  contentType?: string;
  /** The object's ETag when its bytes were checked: the claim copies only that object. */
  etag?: string;
  rejection?: { status: number; key: string; params: Record<string, string | number> };
  releaseId?: string;
}

function strip(item: Record<string, unknown>): UploadItem {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as unknown as UploadItem;
}

export async function putUpload(upload: UploadItem): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: { ...keys.upload(upload.uploadId), ...upload },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** The upload, or undefined when unknown or expired and unclaimed. */
export async function findUpload(uploadId: string, now: Date = new Date()): Promise<UploadItem | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.upload(uploadId), ConsistentRead: true });
  if (!out.Item) return undefined;
  const upload = strip(out.Item);
  if (!upload.releaseId && upload.expiresAt * 1000 < now.getTime()) return undefined;
  return upload;
}

/** Moves a pending upload to complete or rejected; a second call finds it already moved. */
export async function settleUpload(uploadId: string, fields: Partial<UploadItem> & { state: 'complete' | 'rejected' }): Promise<void> {
  const { sets, names, values } = setClauses(fields);
  await ddb.updateIf({
    TableName: tableName(),
    Key: keys.upload(uploadId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: '#state = :pending',
    ExpressionAttributeNames: { '#state': 'state', ...names },
    ExpressionAttributeValues: { ':pending': 'pending', ...values },
  });
}

/**
 * Claims a complete upload for a release by a conditional update; claiming it again for
 * the same release is fine. Throws Invalid (unknown, unfinished) or Conflict (another
 * release has it).
 */
export async function claimUpload(uploadId: string, releaseId: string, now: Date = new Date()): Promise<UploadItem> {
  try {
    const out = await ddb.update({
      TableName: tableName(),
      Key: keys.upload(uploadId),
      UpdateExpression: 'SET releaseId = :r REMOVE expiresAt',
      ConditionExpression:
        'attribute_exists(pk) AND #state = :complete AND (attribute_not_exists(releaseId) OR releaseId = :r) AND (attribute_not_exists(expiresAt) OR expiresAt > :now OR releaseId = :r)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':r': releaseId, ':complete': 'complete', ':now': Math.floor(now.getTime() / 1000) },
      ReturnValues: 'ALL_NEW',
    });
    return strip(out.Attributes ?? {});
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const upload = await findUpload(uploadId, now);
    if (!upload) throw new Invalid('upload.notFound', { uploadId });
    if (upload.state !== 'complete') throw new Invalid('upload.incomplete', { uploadId });
    throw new Conflict('upload.claimed', { uploadId });
  }
}

/** Gives back an upload claimed by a release that was not stored after all. */
export async function releaseUploadClaim(uploadId: string, releaseId: string): Promise<void> {
  await ddb.updateIf({
    TableName: tableName(),
    Key: keys.upload(uploadId),
    UpdateExpression: 'REMOVE releaseId SET expiresAt = :exp',
    ConditionExpression: 'releaseId = :r',
    ExpressionAttributeValues: { ':r': releaseId, ':exp': Math.floor(Date.now() / 1000) + UPLOAD_TTL_SECONDS },
  });
}

/** Deletes the record of an upload claimed by a submission that was never received (its sender did not confirm). */
export async function forgetUpload(uploadId: string, releaseId: string): Promise<void> {
  try {
    await ddb.delete({
      TableName: tableName(),
      Key: keys.upload(uploadId),
      ConditionExpression: 'releaseId = :r',
      ExpressionAttributeValues: { ':r': releaseId },
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}
