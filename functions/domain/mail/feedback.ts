/**
 * SES feedback about sent mail: bounces and complaints, as delivered by SES event
 * publishing through EventBridge (`detail`), by an SNS subscription (`Records[].Sns.Message`,
 * either the notification shape `notificationType` or the event shape `eventType`), or
 * as the bare SES object. Only hard bounces (Permanent) and complaints suppress an
 * address: a full mailbox or a greylisting server is tried again next time.
 */

export interface Suppression {
  email: string;
  reason: string;
}

type Recipient = { emailAddress?: string };
interface SesFeedback {
  eventType?: string;
  notificationType?: string;
  mail?: { messageId?: string };
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: Recipient[]; timestamp?: string };
  complaint?: { complainedRecipients?: Recipient[]; complaintFeedbackType?: string; timestamp?: string };
  delivery?: { timestamp?: string };
}

function fromFeedback(f: SesFeedback): Suppression[] {
  const kind = f.eventType ?? f.notificationType;
  const out: Suppression[] = [];
  if (kind === 'Bounce' && f.bounce?.bounceType === 'Permanent') {
    for (const r of f.bounce.bouncedRecipients ?? [])
      if (r.emailAddress) out.push({ email: r.emailAddress, reason: `bounce:${f.bounce.bounceSubType ?? 'Permanent'}` });
  }
  if (kind === 'Complaint') {
    for (const r of f.complaint?.complainedRecipients ?? [])
      if (r.emailAddress) out.push({ email: r.emailAddress, reason: `complaint:${f.complaint?.complaintFeedbackType ?? 'abuse'}` });
  }
  return out;
}

/** Bare address from `"Name" <a@b>` or `a@b`, lower-cased. */
export function bareAddress(value: string): string {
  const m = /<([^>]+)>/.exec(value);
  return (m ? m[1]! : value).trim().toLowerCase();
}

/** The SES objects an event carries, in whichever of the three shapes it came. */
function feedbackOf(event: unknown): SesFeedback[] {
  const e = (event ?? {}) as Record<string, unknown>;
  if (Array.isArray(e.Records)) {
    return (e.Records as { Sns?: { Message?: string } }[]).flatMap((record) => {
      try {
        return [JSON.parse(record.Sns?.Message ?? '{}') as SesFeedback];
      } catch {
        // Not JSON: not SES feedback.
        return [];
      }
    });
  }
  if (e.detail && typeof e.detail === 'object') return [e.detail];
  return [e];
}

export function suppressionsFrom(event: unknown): Suppression[] {
  const found = feedbackOf(event).flatMap(fromFeedback);
  const seen = new Set<string>();
  return found
    .map((s) => ({ ...s, email: bareAddress(s.email) }))
    .filter((s) => s.email.includes('@') && !seen.has(s.email) && seen.add(s.email));
}

export interface MailOutcomeReport {
  messageId: string;
  outcome: 'delivered' | 'bounced' | 'complained';
  at: string;
  detail?: string;
}

/**
 * What SES says became of one sent message: delivered, bounced (hard or soft: either way
 * it did not arrive) or complained of. The desk shows it beside the mail.
 */
export function mailOutcomesFrom(event: unknown, now: Date = new Date()): MailOutcomeReport[] {
  return feedbackOf(event).flatMap((f): MailOutcomeReport[] => {
    const messageId = f.mail?.messageId;
    const kind = f.eventType ?? f.notificationType;
    if (!messageId) return [];
    if (kind === 'Bounce')
      return [{ messageId, outcome: 'bounced', at: f.bounce?.timestamp ?? now.toISOString(), detail: f.bounce?.bounceType }];
    if (kind === 'Complaint') return [{ messageId, outcome: 'complained', at: f.complaint?.timestamp ?? now.toISOString() }];
    if (kind === 'Delivery') return [{ messageId, outcome: 'delivered', at: f.delivery?.timestamp ?? now.toISOString() }];
    return [];
  });
}
