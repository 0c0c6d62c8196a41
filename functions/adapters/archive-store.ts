/**
 * The archive bucket is versioned and under Object Lock on AWS: every write is
 * permanent. So each key is written once — its existence is checked first — and a
 * re-run of the archive stage adds no second version of anything.
 */
import { buildActivityRecord } from '#domain/activity.js';
import { yearMonthIn } from '#domain/agenda.js';
import { profileOf } from '#domain/config.js';
import { keys } from '#domain/keys.js';
import type { Release } from '#domain/release.js';
import { ENV } from '#contract/handlers.js';
import { CopyObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ddb } from './clients/dynamodb.js';
import { copySource, isMissing, s3 } from './clients/s3.js';
import { listOutlets } from './directory-store.js';
import { config, env } from '#runtime/env.js';
import { listEvents } from './release-store.js';
import { tableName } from './table.js';

export type WriteOutcome = 'written' | 'exists';

export async function archiveObjectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: env(ENV.archiveBucket), Key: key }));
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}

export async function putArchiveObjectOnce(key: string, body: string | Uint8Array, contentType: string): Promise<WriteOutcome> {
  if (await archiveObjectExists(key)) return 'exists';
  // The SDK's default checksum (CRC32) goes with the write: S3 requires one on a bucket with Object Lock.
  await s3.send(new PutObjectCommand({ Bucket: env(ENV.archiveBucket), Key: key, Body: body, ContentType: contentType }));
  return 'written';
}

/** Copies an attachment from the uploads bucket into the archive, once. */
export async function copyUploadToArchiveOnce(sourceKey: string, key: string, contentType: string): Promise<WriteOutcome> {
  if (await archiveObjectExists(key)) return 'exists';
  await s3.send(
    new CopyObjectCommand({
      Bucket: env(ENV.archiveBucket),
      Key: key,
      CopySource: copySource(env(ENV.uploadsBucket), sourceKey),
      ContentType: contentType,
      MetadataDirective: 'REPLACE',
    }),
  );
  return 'written';
}

/** An attachment's bytes from the uploads bucket (photos embedded in the archive PDF). */
export async function readUpload(key: string): Promise<Uint8Array> {
  const out = await s3.send(new GetObjectCommand({ Bucket: env(ENV.uploadsBucket), Key: key }));
  return (await out.Body?.transformToByteArray()) ?? new Uint8Array();
}

/**
 * Writes the activity record of a release (`REPORT#<yyyy-mm>` / `<releaseId>`) that the
 * periodic report reads, closed by the stage that writes it (the report stage, or the
 * archive stage of an SOP that ends there). The month is that of the closing stage's
 * entry, so a re-run writes the same item again, never a second one.
 */
export async function recordActivity(
  release: Release,
  closing: { stageId: string; enteredAt: string },
  now: Date = new Date(),
): Promise<{ month: string; steps: number }> {
  const cfg = config();
  const { year, month } = yearMonthIn(new Date(closing.enteredAt), cfg.office.timeZone);
  const period = `${year}-${String(month).padStart(2, '0')}`;
  const outletTypes = Object.fromEntries((await listOutlets()).map((o) => [o.id, o.type]));
  const ended = release.status === 'rejected' || release.status === 'failed';
  const record = buildActivityRecord({
    release: { ...release, status: ended ? release.status : 'completed' },
    events: await listEvents(release.id),
    profile: profileOf(cfg),
    cfg,
    reportStage: closing,
    month: period,
    now,
    outletTypes,
  });
  await ddb.put({ TableName: tableName(), Item: { ...record, ...keys.activity(period, release.id) } });
  return { month: period, steps: record.steps.length };
}
