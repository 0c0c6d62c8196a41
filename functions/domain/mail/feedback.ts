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
  bounce?: { bounceType?: string; bounceSubType?: string; bouncedRecipients?: Recipient[] };
  complaint?: { complainedRecipients?: Recipient[]; complaintFeedbackType?: string };
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

export function suppressionsFrom(event: unknown): Suppression[] {
  const e = (event ?? {}) as Record<string, unknown>;
  let found: Suppression[] = [];
  if (Array.isArray(e.Records)) {
    for (const record of e.Records as { Sns?: { Message?: string } }[]) {
      try {
        found.push(...fromFeedback(JSON.parse(record.Sns?.Message ?? '{}') as SesFeedback));
      } catch {
        // Not JSON: not SES feedback; nothing to suppress.
      }
    }
  } else if (e.detail && typeof e.detail === 'object') {
    found = fromFeedback(e.detail);
  } else {
    found = fromFeedback(e);
  }
  const seen = new Set<string>();
  return found
    .map((s) => ({ ...s, email: bareAddress(s.email) }))
    .filter((s) => s.email.includes('@') && !seen.has(s.email) && seen.add(s.email));
}
