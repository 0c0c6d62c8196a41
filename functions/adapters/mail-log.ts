/**
 * The mails sent about a release, read from their once-only marks (mailer.ts), and what
 * SES later reported about each: delivered, bounced or complained of. SES events name a
 * mail only by its message id, which the mark is indexed by (keys.ts).
 */
import { GSI1, GSI2, keys } from '#domain/keys.js';
import { ddb } from './clients/dynamodb.js';
import { tableName } from './table.js';

export type MailOutcome = 'delivered' | 'bounced' | 'complained';

export interface SentMailEntry {
  /** What the mail was: the idempotency key's first part (task, reminder, receipt, media…). */
  purpose: string;
  to: string;
  state: 'sending' | 'sent';
  startedAt: string;
  sentAt: string | null;
  outcome: MailOutcome | null;
  outcomeAt: string | null;
  /** For a bounce: Permanent or Transient, as SES says. */
  outcomeDetail: string | null;
}

const text = (v: unknown) => (typeof v === 'string' ? v : null);

/** The release's mails, oldest first (gsi1, eventually consistent). */
export async function mailsOfRelease(releaseId: string): Promise<SentMailEntry[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.mailsOf(releaseId, '', '').gsi1pk },
  });
  return items.map((item) => {
    const key = String(item.pk).replace(/^MAIL#/, '');
    return {
      purpose: key.split('#')[0] ?? key,
      to: String(item.to ?? ''),
      state: item.state === 'sent' ? 'sent' : 'sending',
      startedAt: new Date(Number(item.startedAt)).toISOString(),
      sentAt: text(item.sentAt),
      outcome: (text(item.outcome) as MailOutcome | null) ?? null,
      outcomeAt: text(item.outcomeAt),
      outcomeDetail: text(item.outcomeDetail),
    };
  });
}

/**
 * Records what SES reported about a sent mail. A bounce or complaint is never overwritten
 * by a later delivery report (SES may report both for one message, in any order); the
 * same report twice changes nothing. False when no mark has that message id.
 */
export async function recordMailOutcome(messageId: string, outcome: MailOutcome, at: string, detail?: string): Promise<boolean> {
  const found = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI2,
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': keys.mailByMessage(messageId).gsi2pk },
  });
  for (const item of found) {
    await ddb.updateIf({
      TableName: tableName(),
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET outcome = :o, outcomeAt = :at, outcomeDetail = :d',
      ConditionExpression: outcome === 'delivered' ? 'attribute_exists(pk) AND attribute_not_exists(outcome)' : 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':o': outcome, ':at': at, ':d': detail ?? null },
    });
  }
  return found.length > 0;
}
