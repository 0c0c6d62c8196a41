/**
 * Sends one email once. The MIME message is built with nodemailer's MailComposer and
 * sent through SES SendRawEmail (with the configuration set that publishes bounces and
 * complaints). A mark `MAIL#<idempotencyKey>` makes it send once:
 *   1. a conditional put marks it "sending" (only when no mark exists, or a "sending"
 *      mark is stale: past the moment the invocation that wrote it must have ended, its
 *      start plus its function's timeout — the stack gives each function its timeout as
 *      WARTA_FUNCTION_TIMEOUT_SECONDS);
 *   2. SES sends it; 3. the mark becomes "sent".
 * A crash between 2 and 3 leaves a "sending" mark: a retry before the mark is stale gets
 * MailInFlight (retryable), after it the retry sends again. Bounding the wait by the
 * function's own timeout (not a fixed 20 minutes) keeps it inside the state machine's
 * retries, so a crash mid-send cannot exhaust them and fail the release. We accept that rare
 * duplicate rather than lose a mail (a reminder or a task link that never arrives stalls
 * the SOP). When SES refuses, the mark is deleted so a retry can send.
 */
import { randomUUID } from 'node:crypto';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { isThrottlingError } from '@smithy/core/retry';
import { MAIL_MARK_MARGIN_SECONDS, MailInFlight, MailThrottled } from '#runtime/errors.js';
import { keys } from '#domain/keys.js';
import { headerSafe, isHeaderSafeAddress } from '#domain/mail/headers.js';
import { ENV } from '#contract/handlers.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { ses } from './clients/ses.js';
import { config, optionalEnv } from '#runtime/env.js';
import { mailSent, mailThrottled } from '#runtime/metrics.js';
import { isSuppressed } from './suppression-store.js';
import { tableName } from './table.js';

/** Without the stack's WARTA_FUNCTION_TIMEOUT_SECONDS: Lambda's longest timeout, 15 minutes. */
export const STALE_SENDING_MS = 15 * 60 * 1000;

/** How long a "sending" mark may stand before its writer must have ended. */
export function sendingWindowMs(): number {
  const timeout = Number(process.env.WARTA_FUNCTION_TIMEOUT_SECONDS);
  return (Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : STALE_SENDING_MS) + MAIL_MARK_MARGIN_SECONDS * 1000;
}
/** Marks are kept long enough to stop any redelivery, then expire. */
const MARK_TTL_SECONDS = 400 * 24 * 3600;

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  /** Always given: the Lambda bundles carry no table to guess it from the file name (functions/stand-ins/mime-types.ts). */
  contentType: string;
}

export interface OutgoingMail {
  to: string;
  /** Display name of the recipient (user text: made header-safe). */
  toName?: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe; values are made header-safe. */
  headers?: Record<string, string>;
  replyTo?: string;
  /** Unique per logical mail, e.g. `receipt#<releaseId>`; at most 200 characters. */
  idempotencyKey: string;
  /** The release the mail is about: the desk lists a release's mails by it. */
  releaseId?: string;
  attachments?: MailAttachment[];
}

export type SendResult = 'sent' | 'already-sent' | 'suppressed';

/**
 * SES's "Maximum sending rate exceeded" (`Throttling`, retryable: https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html),
 * known as the SDK's own retry strategy knows throttling. It comes here once the SDK's
 * retries are spent.
 */
export function isThrottle(e: unknown): boolean {
  return !!e && typeof e === 'object' && isThrottlingError(e as Parameters<typeof isThrottlingError>[0]);
}

/** The raw MIME bytes of a mail from the office's sender. */
export async function composeMail(mail: OutgoingMail, messageId?: string): Promise<Buffer> {
  const cfg = config();
  if (!isHeaderSafeAddress(mail.to)) throw new Error('recipient address is not a plain address');
  if (mail.replyTo && !isHeaderSafeAddress(mail.replyTo)) throw new Error('reply-to address is not a plain address');
  const headers = Object.fromEntries(Object.entries(mail.headers ?? {}).map(([k, v]) => [headerSafe(k, 76), headerSafe(v, 2000)]));
  // Loaded with the first mail, not with the module: an invocation that sends nothing (a
  // sweep with nothing due, a mail already sent) does not spend its cold start on nodemailer.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer');
  const replyTo = mail.replyTo ?? cfg.mail.replyTo;
  // Every address as { name, address }, never as text for nodemailer to parse: the parts are already checked.
  const composer = new MailComposer({
    from: { name: headerSafe(cfg.mail.senderName), address: cfg.mail.sender },
    to: { name: mail.toName ? headerSafe(mail.toName) : '', address: mail.to },
    ...(replyTo ? { replyTo: { name: '', address: replyTo } } : {}),
    subject: headerSafe(mail.subject, 250),
    text: mail.text,
    html: mail.html,
    headers,
    messageId,
    attachments: mail.attachments?.map((a) => ({ filename: headerSafe(a.filename, 150), content: a.content, contentType: a.contentType })),
  });
  return composer.compile().build();
}

export async function sendMail(mail: OutgoingMail, now: () => Date = () => new Date()): Promise<SendResult> {
  if (await isSuppressed(mail.to)) return 'suppressed';
  const key = keys.sentMail(mail.idempotencyKey);
  const attempt = randomUUID();
  const startedAt = now().getTime();
  try {
    await ddb.put({
      TableName: tableName(),
      Item: {
        ...key,
        state: 'sending',
        attempt,
        startedAt,
        staleAt: startedAt + sendingWindowMs(),
        to: mail.to.toLowerCase(),
        expiresAt: Math.floor(startedAt / 1000) + MARK_TTL_SECONDS,
        ...(mail.releaseId
          ? { releaseId: mail.releaseId, ...keys.mailsOf(mail.releaseId, new Date(startedAt).toISOString(), mail.idempotencyKey) }
          : {}),
      },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND staleAt < :now)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':sending': 'sending', ':now': startedAt },
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const mark = await ddb.get({ TableName: tableName(), Key: key, ConsistentRead: true });
    if (mark.Item?.state === 'sent') return 'already-sent';
    throw new MailInFlight(`mail ${mail.idempotencyKey} is being sent by another invocation`);
  }

  let messageId: string | undefined;
  try {
    const raw = await composeMail(mail);
    const configurationSet = optionalEnv(ENV.sesConfigurationSet);
    const sent = await ses.send(
      new SendRawEmailCommand({
        RawMessage: { Data: raw },
        Destinations: [mail.to],
        Source: config().mail.sender,
        ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
      }),
    );
    messageId = sent.MessageId;
  } catch (e) {
    await ddb
      .delete({ TableName: tableName(), Key: key, ConditionExpression: 'attempt = :a', ExpressionAttributeValues: { ':a': attempt } })
      .catch(() => undefined);
    if (isThrottle(e)) {
      mailThrottled();
      throw new MailThrottled(`SES throttled mail ${mail.idempotencyKey}`);
    }
    throw e;
  }

  await ddb.update({
    TableName: tableName(),
    Key: key,
    UpdateExpression: 'SET #state = :sent, sentAt = :at, messageId = :m',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':sent': 'sent', ':at': now().toISOString(), ':m': messageId ?? null },
  });
  mailSent();
  return 'sent';
}

/** Whether the mail with this key was already sent (so a caller can skip preparing it). */
export async function alreadySent(idempotencyKey: string): Promise<boolean> {
  const mark = await ddb.get({ TableName: tableName(), Key: keys.sentMail(idempotencyKey), ConsistentRead: true });
  return mark.Item?.state === 'sent';
}
