/**
 * Fixed-window rate limits over the single table: one counter item per rule, subject and
 * window, raised by a single conditional UpdateItem (ADD, only while below the limit), so
 * concurrent requests can never take more than the limit between them, with no read first
 * and no transaction. A window's item carries the TTL attribute and is never read after its
 * window, so DynamoDB's late TTL deletion does no harm.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/example_dynamodb_Scenario_AtomicCounterOperations_section.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 * The subject (an address, an IP) is kept only as its hash: the counters hold no personal data.
 */
import { TooManyRequests } from '#domain/errors.js';
import { sha256Hex } from '#domain/ids.js';
import { keys } from '#domain/keys.js';
import type { LimitRuleSpec as LimitRule } from '#domain/limits.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { tableName } from './table.js';

/** Counts one request of `subject` against the rule; past the limit throws TooManyRequests (429 with Retry-After). */
export async function takeFromLimit(rule: LimitRule, subject: string, now: Date = new Date()): Promise<void> {
  const windowMs = rule.windowSeconds * 1000;
  const windowStart = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowEnd = windowStart + windowMs;
  try {
    await ddb.update({
      TableName: tableName(),
      Key: keys.rateWindow(rule.name, sha256Hex(subject.toLowerCase()).slice(0, 32), new Date(windowStart).toISOString()),
      UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :expiresAt)',
      ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
      ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':expiresAt': Math.ceil(windowEnd / 1000) + 3600 },
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowEnd - now.getTime()) / 1000));
    throw new TooManyRequests(rule.messageKey, retryAfterSeconds, { limit: rule.limit, minutes: Math.ceil(retryAfterSeconds / 60) });
  }
}
