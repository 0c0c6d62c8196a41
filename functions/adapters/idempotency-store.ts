/**
 * Client retries of POST /api/releases. A client that sends an Idempotency-Key gets the
 * same release back when it repeats the request (a phone on a bad connection resends).
 * The record is keyed by the key's sha256 and keeps the answer for a day; the private
 * status key in that answer is encrypted with a key derived from the Idempotency-Key
 * (AES-256-GCM), so a reader of the table alone cannot open the status page.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Conflict } from '#domain/errors.js';
import { sha256Hex } from '#domain/ids.js';
import { keys } from '#domain/keys.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { tableName } from './table.js';

const KEEP_SECONDS = 24 * 3600;

export interface IdempotentRelease {
  releaseId: string;
  statusKey: string;
}

const cipherKey = (idempotencyKey: string) => createHash('sha256').update(`warta/idempotency/${idempotencyKey}`).digest();

function seal(secret: string, idempotencyKey: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', cipherKey(idempotencyKey), iv);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
}

function open(sealed: string, idempotencyKey: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', cipherKey(idempotencyKey), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

/**
 * The release this key stands for: the one recorded before (same request), or the
 * proposed one, recorded now. The same key with a different request is a Conflict.
 */
export async function claimIdempotencyKey(
  idempotencyKey: string,
  requestHash: string,
  proposed: IdempotentRelease,
  now: Date = new Date(),
): Promise<IdempotentRelease & { replay: boolean }> {
  const key = keys.idempotency(sha256Hex(idempotencyKey));
  try {
    await ddb.put({
      TableName: tableName(),
      Item: {
        ...key,
        releaseId: proposed.releaseId,
        requestHash,
        sealedStatusKey: seal(proposed.statusKey, idempotencyKey),
        expiresAt: Math.floor(now.getTime() / 1000) + KEEP_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    });
    return { ...proposed, replay: false };
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
  const out = await ddb.get({ TableName: tableName(), Key: key, ConsistentRead: true });
  const item = out.Item;
  if (!item || item.requestHash !== requestHash) throw new Conflict('release.idempotencyMismatch');
  return { releaseId: String(item.releaseId), statusKey: open(String(item.sealedStatusKey), idempotencyKey), replay: true };
}
