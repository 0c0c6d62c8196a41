/**
 * Paraf codes in the table: one item per link, holding only the code's salted hash. A new
 * code replaces the last one; a wrong try counts up with a conditional update, so two
 * tries at once cannot both slip under the limit. The item outlives its code by a day
 * through the table's TTL; expiry itself is checked by the code (DynamoDB deletes late).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ttl-expired-items.html
 */
import { keys } from '#domain/keys.js';
import { PARAF_CODE, type ParafCodeItem } from '#domain/paraf-code.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { recordOf, tableName } from './table.js';

const KEEP_SECONDS = 24 * 3600;

export async function findParafCode(linkHash: string): Promise<ParafCodeItem | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.parafCode(linkHash), ConsistentRead: true });
  return out.Item ? recordOf<ParafCodeItem>(out.Item) : undefined;
}

export async function putParafCode(item: ParafCodeItem): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: { ...item, ...keys.parafCode(item.linkHash), expiresAt: Math.floor(Date.parse(item.validUntil) / 1000) + KEEP_SECONDS },
  });
}

/** Counts a wrong try; false when the limit was already reached (or the code replaced) meanwhile. */
export async function countWrongTry(item: ParafCodeItem): Promise<boolean> {
  try {
    await ddb.update({
      TableName: tableName(),
      Key: keys.parafCode(item.linkHash),
      UpdateExpression: 'SET attempts = attempts + :one',
      ConditionExpression: 'codeHash = :hash AND attempts < :max',
      ExpressionAttributeValues: { ':one': 1, ':hash': item.codeHash, ':max': PARAF_CODE.maxAttempts },
    });
    return true;
  } catch (e) {
    if (isConditionFailed(e)) return false;
    throw e;
  }
}
