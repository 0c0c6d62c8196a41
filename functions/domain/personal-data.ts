/**
 * Personal data (UU 27/2022) in the release record: what the archive may keep, and what
 * is left of a rejected or failed release once its retention period has passed.
 * A published release keeps its submitter's name and institution: they are part of the
 * public record. The phone number and the approvers' IP and user agent serve the work in
 * progress only and never reach the Object Lock archive, which cannot forget them.
 */
import type { DecisionRecord, Release, ReleaseEvent, ReleaseStatus } from './release.js';

/** Statuses whose personal data is removed after `personalData.removeAfterDays`. */
export const PURGED_STATUSES: readonly ReleaseStatus[] = ['rejected', 'failed'];

/** What a removed name or address reads as, so pages and exports still have a string to show. */
export const REMOVED = '[dihapus]';

/** Fields of an event's data that are personal and not kept in the archive. */
const PERSONAL_EVENT_FIELDS = ['clientIp', 'userAgent', 'phone'] as const;

function withoutTrace(decision: DecisionRecord): DecisionRecord {
  const { clientIp: _ip, userAgent: _ua, ...kept } = decision;
  return kept;
}

/** The release as the archive keeps it: no phone, no approver's IP or user agent. */
export function archivableRelease(release: Release): Release {
  const { phone: _phone, ...submitter } = release.submission.submitter;
  return { ...release, submission: { ...release.submission, submitter }, decisions: release.decisions.map(withoutTrace) };
}

/**
 * The event log as the archive keeps it. An entry whose data held a personal field keeps
 * its hash, computed over the live entry, and names what was left out in `redacted`: the
 * chain of the archived copy is checked with those fields, which only the live log has.
 */
export function archivableEvents<E extends ReleaseEvent>(events: E[]): (E & { redacted?: string[] })[] {
  return events.map((e) => {
    const present = PERSONAL_EVENT_FIELDS.filter((f) => e.data?.[f] !== undefined);
    if (!present.length) return e;
    const data = Object.fromEntries(
      Object.entries(e.data ?? {}).filter(([k]) => !present.includes(k as (typeof PERSONAL_EVENT_FIELDS)[number])),
    );
    return { ...e, data, redacted: present.map((f) => `data.${f}`) };
  });
}

/** Whether a release still holds personal data that the purge removes. */
export function holdsPurgeableData(release: Release): boolean {
  const s = release.submission.submitter;
  return (
    s.name !== REMOVED ||
    s.email !== REMOVED ||
    s.phone !== undefined ||
    release.decisions.some((d) => d.clientIp !== undefined || d.userAgent !== undefined)
  );
}

/** The fields to write on a rejected or failed release past its period: its personal data gone, the rest kept. */
export function purgedFields(release: Release, at: string): Pick<Release, 'submission' | 'decisions' | 'personalDataRemovedAt'> {
  const { phone: _phone, ...submitter } = release.submission.submitter;
  return {
    submission: { ...release.submission, submitter: { ...submitter, name: REMOVED, email: REMOVED } },
    decisions: release.decisions.map(withoutTrace),
    personalDataRemovedAt: at,
  };
}
