/**
 * Addresses that hard-bounced or complained: no mail goes to them again (SES's own
 * account-level list does the same on AWS; this one also works on the local cloud and
 * lets the media sender report who was skipped).
 */
import { keys } from '#domain/keys.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { tableName } from './table.js';

export async function isSuppressed(email: string): Promise<boolean> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.suppressed(email), ConsistentRead: true });
  return out.Item !== undefined;
}

/** Suppresses an address; the first reason is kept when it is suppressed again. */
export async function suppress(email: string, reason: string, at: Date = new Date()): Promise<void> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: { ...keys.suppressed(email), email: email.toLowerCase(), reason, at: at.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}
