/**
 * Held submissions and confirmed addresses in the single table (`keys.ts`).
 * A held submission is keyed by its link token's sha256 (the token itself is only in the
 * mail) and listed on gsi2 under UNCONFIRMED by its deletion time until it is confirmed.
 * Both carry the TTL attribute; DynamoDB deletes expired items only within a few days
 * and still returns them meanwhile, so every read here checks the times itself and the
 * sweep deletes held submissions past their time for real.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ttl-expired-items.html
 */
import { sha256Hex } from '#domain/ids.js';
import { GSI2, keys } from '#domain/keys.js';
import type { Submission } from '#domain/submission.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { recordOf, tableName } from './table.js';

export interface HeldSubmission {
  tokenHash: string;
  releaseId: string;
  /** The raw status key, as a new release holds it until its receipt is mailed. */
  statusKey: string;
  /** Removed once confirmed: the release holds it from then on. */
  submission?: Submission;
  createdAt: string;
  linkExpiresAt: string;
  deleteAt: string;
  confirmedAt?: string;
}

/** Addresses are kept as hashes: the table says whether one confirmed, not whom it has heard from. */
const emailHash = (email: string) => sha256Hex(email.trim().toLowerCase());
const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * What the status link shows while the sender has not confirmed: the title and the times,
 * checked by the status key's hash. Nothing here names or reaches the sender.
 */
export interface HeldRelease {
  releaseId: string;
  statusKeyHash: string;
  title: string;
  createdAt: string;
  linkExpiresAt: string;
  deleteAt: string;
}

/** The held submission, and the record its status link reads, written first so the link works as soon as it is answered. */
export async function putHeldSubmission(held: HeldSubmission): Promise<void> {
  const shown: HeldRelease = {
    releaseId: held.releaseId,
    statusKeyHash: sha256Hex(held.statusKey),
    title: held.submission?.title ?? '',
    createdAt: held.createdAt,
    linkExpiresAt: held.linkExpiresAt,
    deleteAt: held.deleteAt,
  };
  await ddb.put({ TableName: tableName(), Item: { ...shown, ...keys.heldRelease(held.releaseId), expiresAt: epoch(held.deleteAt) } });
  await ddb.put({
    TableName: tableName(),
    Item: { ...held, ...keys.confirmation(held.tokenHash), ...keys.unconfirmedDue(held.deleteAt), expiresAt: epoch(held.deleteAt) },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function findHeldSubmission(tokenHash: string): Promise<HeldSubmission | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.confirmation(tokenHash), ConsistentRead: true });
  return out.Item ? recordOf<HeldSubmission>(out.Item) : undefined;
}

/** Takes the held submission off the sweep's list and drops its copy of the submission, which the release now holds. */
export async function markHeldConfirmed(tokenHash: string, confirmedAt: string): Promise<void> {
  await ddb.update({
    TableName: tableName(),
    Key: keys.confirmation(tokenHash),
    UpdateExpression: 'SET confirmedAt = if_not_exists(confirmedAt, :at) REMOVE gsi2pk, gsi2sk, submission',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': confirmedAt },
  });
}

/** Held submissions never confirmed whose deletion time is before `now` (gsi2, eventually consistent). */
export async function heldSubmissionsDue(now: Date): Promise<HeldSubmission[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI2,
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :now',
    ExpressionAttributeValues: { ':p': keys.unconfirmedDue('').gsi2pk, ':now': now.toISOString() },
  });
  return items.map((item) => recordOf<HeldSubmission>(item));
}

/** Deletes a held submission unless it was confirmed meanwhile; false when it was. */
export async function deleteHeldSubmission(tokenHash: string): Promise<boolean> {
  try {
    await ddb.delete({
      TableName: tableName(),
      Key: keys.confirmation(tokenHash),
      ConditionExpression: 'attribute_not_exists(confirmedAt)',
    });
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}

export async function findHeldRelease(releaseId: string): Promise<HeldRelease | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.heldRelease(releaseId), ConsistentRead: true });
  return out.Item ? recordOf<HeldRelease>(out.Item) : undefined;
}

export async function forgetHeldRelease(releaseId: string): Promise<void> {
  await ddb.delete({ TableName: tableName(), Key: keys.heldRelease(releaseId) });
}

export async function isConfirmedSender(email: string, now: Date): Promise<boolean> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.confirmedSender(emailHash(email)), ConsistentRead: true });
  return typeof out.Item?.expiresAt === 'number' && out.Item.expiresAt * 1000 > now.getTime();
}

/** The address stays confirmed until `until`; a later confirmation extends it. */
export async function markSenderConfirmed(email: string, confirmedAt: Date, until: Date): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: {
      ...keys.confirmedSender(emailHash(email)),
      confirmedAt: confirmedAt.toISOString(),
      expiresAt: Math.floor(until.getTime() / 1000),
    },
  });
}
