/**
 * The public newsroom: files in the site bucket (pages, feed, media copied from the
 * uploads bucket) and the list of published releases in the table (`NEWSROOM` /
 * `RELEASE#<id>`), from which the index and the feed are rebuilt on every publish —
 * a query, never a read-modify-write of the old index file, so two releases published
 * at once both end up listed.
 */
import { keys } from '#domain/keys.js';
import type { NewsroomEntry } from '#domain/newsroom.js';
import { ENV } from '#contract/handlers.js';
import { CopyObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { copySource, s3 } from './clients/s3.js';
import { env } from '#runtime/env.js';
import { recordOf, tableName } from './table.js';

export async function putSiteObject(
  key: string,
  body: string | Uint8Array,
  contentType: string,
  cacheControl = 'public, max-age=300',
): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: env(ENV.siteBucket), Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }),
  );
}

/** Copies an attachment from the uploads bucket to its public place; a re-run copies again (same bytes). */
export async function copyUploadToSite(sourceKey: string, siteKey: string, contentType: string): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: env(ENV.siteBucket),
      Key: siteKey,
      CopySource: copySource(env(ENV.uploadsBucket), sourceKey),
      ContentType: contentType,
      CacheControl: 'public, max-age=86400',
      MetadataDirective: 'REPLACE',
    }),
  );
}

/**
 * Records a release as published. The first record wins: a re-run (or a concurrent
 * twin) gets the stored entry back, so the publication time never changes.
 */
export async function recordNewsroomEntry(entry: NewsroomEntry): Promise<NewsroomEntry> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: { ...entry, ...keys.newsroomEntry(entry.releaseId) },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return entry;
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const existing = await findNewsroomEntry(entry.releaseId);
    if (!existing) throw e;
    return existing;
  }
}

export async function findNewsroomEntry(releaseId: string): Promise<NewsroomEntry | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.newsroomEntry(releaseId), ConsistentRead: true });
  return out.Item ? strip(out.Item) : undefined;
}

/** Every published release (unordered; the caller sorts and trims). */
export async function listNewsroomEntries(): Promise<NewsroomEntry[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': 'NEWSROOM', ':r': 'RELEASE#' },
    ConsistentRead: true,
  });
  return items.map((item) => strip(item));
}

function strip(item: Record<string, unknown>): NewsroomEntry {
  return recordOf<NewsroomEntry>(item);
}
