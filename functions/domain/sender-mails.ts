/**
 * What the SOP promises the sender, as mails: the receipt on registration, then one mail
 * with the outcome — published (with the newsroom link) or, where a review may reject,
 * rejected (with the reason). The receipt lists these, and the status page shows them
 * with when each went out, so the promise and the record read alike.
 */
import { EVENT_TYPES } from './events.js';
import type { SopProfile } from './profiles.js';
import type { ReleaseEvent } from './release.js';

export type SenderMail = 'receipt' | 'published' | 'rejected';

/**
 * The mails a sender of this profile gets. The state machine tells the sender of the
 * outcome even when the SOP has no notify step of its own (infra/cdk/workflow/definition.ts).
 */
export function promisedMails(profile: SopProfile): SenderMail[] {
  const canReject = profile.stages.some((s) => s.reviewActions?.includes('reject'));
  return canReject ? ['receipt', 'published', 'rejected'] : ['receipt', 'published'];
}

export interface SenderMailState {
  kind: SenderMail;
  /** When it went out; null while it is still to come (or will not come: the other outcome was mailed). */
  sentAt: string | null;
}

/** Each promised mail with when it was sent, from the release's event log. */
export function senderMailTimeline(profile: SopProfile, events: ReleaseEvent[]): SenderMailState[] {
  const sentAt = (kind: SenderMail): string | null => {
    const found = events.find((e) =>
      kind === 'receipt'
        ? e.type === EVENT_TYPES.registered
        : e.type === EVENT_TYPES.stageFinished && e.data?.outcome === kind && e.data?.mail !== undefined,
    );
    return found?.at ?? null;
  };
  return promisedMails(profile).map((kind) => ({ kind, sentAt: sentAt(kind) }));
}
