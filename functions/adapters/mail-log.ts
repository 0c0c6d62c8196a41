/**
 * The mails sent about a release, read from their once-only marks (mailer.ts), and what
 * SES later reported about each: delivered, bounced or complained of. SES events name a
 * mail only by its message id, so a report is kept under that id (keys.ts), on an item of
 * its own: a report that comes before the sender has noted the id on its mark is kept all
 * the same, and found once the mark names it.
 */
import { GSI1, keys } from '#domain/keys.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { tableName } from './table.js';

/** Kept as long as the marks they describe (mailer.ts). */
const OUTCOME_TTL_SECONDS = 400 * 24 * 3600;

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

/** The release's mails, oldest first (gsi1, eventually consistent), each with what SES reported. */
export async function mailsOfRelease(releaseId: string): Promise<SentMailEntry[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.mailsOf(releaseId, '', '').gsi1pk },
  });
  return Promise.all(
    items.map(async (item): Promise<SentMailEntry> => {
      const key = String(item.pk).replace(/^MAIL#/, '');
      const messageId = text(item.messageId);
      const report = messageId ? (await ddb.get({ TableName: tableName(), Key: keys.mailOutcome(messageId) })).Item : undefined;
      return {
        purpose: key.split('#')[0] ?? key,
        to: String(item.to ?? ''),
        state: item.state === 'sent' ? 'sent' : 'sending',
        startedAt: new Date(Number(item.startedAt)).toISOString(),
        sentAt: text(item.sentAt),
        outcome: (text(report?.outcome) as MailOutcome | null) ?? null,
        outcomeAt: text(report?.at),
        outcomeDetail: text(report?.detail),
      };
    }),
  );
}

/**
 * Keeps what SES reported about a sent message. A bounce or complaint is never replaced by
 * a delivery report (SES may report both for one message, in any order); the same report
 * twice keeps the first.
 */
export async function recordMailOutcome(messageId: string, outcome: MailOutcome, at: string, detail?: string): Promise<void> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: {
        ...keys.mailOutcome(messageId),
        messageId,
        outcome,
        at,
        detail: detail ?? null,
        expiresAt: Math.floor(Date.parse(at) / 1000 || Date.now() / 1000) + OUTCOME_TTL_SECONDS,
      },
      ConditionExpression: outcome === 'delivered' ? 'attribute_not_exists(pk)' : 'attribute_not_exists(pk) OR outcome = :delivered',
      ...(outcome === 'delivered' ? {} : { ExpressionAttributeValues: { ':delivered': 'delivered' } }),
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}
