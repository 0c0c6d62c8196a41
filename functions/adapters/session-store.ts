/**
 * Desk sign-in links and sessions in the single table (`keys.ts`), each keyed by the
 * sha256 of its secret: the raw token lives only in the mail, the raw session secret only
 * in the browser's cookie. Both carry the TTL attribute; DynamoDB deletes expired items
 * only within a few days and still returns them meanwhile, so every read is checked
 * against the times here and in the domain.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 */
import type { StoredSession } from '#domain/desk-session.js';
import { keys } from '#domain/keys.js';
import { ddb } from './clients/dynamodb.js';
import { recordOf, tableName } from './table.js';

export interface SignInLink {
  tokenHash: string;
  personId: string;
  createdAt: string;
  linkEndsAt: string;
  usedAt?: string;
}

const epoch = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export async function putSignInLink(link: SignInLink): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: { ...link, ...keys.signInLink(link.tokenHash), expiresAt: epoch(link.linkEndsAt) },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/**
 * Spends the link once: true for the one call that marks it used within its 15 minutes,
 * false for an unknown, used or expired token (the caller tells which by reading it).
 */
export async function spendSignInLink(tokenHash: string, now: Date): Promise<boolean> {
  return ddb.updateIf({
    TableName: tableName(),
    Key: keys.signInLink(tokenHash),
    UpdateExpression: 'SET usedAt = :now',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND linkEndsAt > :now',
    ExpressionAttributeValues: { ':now': now.toISOString() },
  });
}

export async function findSignInLink(tokenHash: string): Promise<SignInLink | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.signInLink(tokenHash), ConsistentRead: true });
  return out.Item ? recordOf<SignInLink>(out.Item) : undefined;
}

export async function putSession(session: StoredSession): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: {
      ...session,
      ...keys.deskSession(session.sessionId),
      expiresAt: epoch(session.endsAt),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function findSession(sessionId: string): Promise<StoredSession | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.deskSession(sessionId), ConsistentRead: true });
  return out.Item ? recordOf<StoredSession>(out.Item) : undefined;
}

/** Ends the session; ending it again keeps the first time. */
export async function revokeSession(sessionId: string, at: Date): Promise<void> {
  await ddb.updateIf({
    TableName: tableName(),
    Key: keys.deskSession(sessionId),
    UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': at.toISOString() },
  });
}
