/**
 * The reviewer's correction ("Kasi mengoreksi informasi yang akan dipublikasikan"): small
 * changes made in place to the text about to be published, while approving it. The text
 * the reviewer approves is the draft with their correction applied — `approvedText` is the
 * one place that says so, so whatever records or hashes the approval reads the same text
 * the reviewer saw and the newsroom will publish.
 */
import type { DecisionRecord, Draft, Release } from './release.js';

/** The part of a draft that is published: what a correction may change. */
export interface PublishableText {
  title: string;
  lead?: string;
  body: string;
  quotes: { text: string; by: string }[];
  photos: { uploadId: string; caption?: string }[];
}

/** What a correction records: the text before and after, per changed field only. */
export interface Correction {
  before: Partial<PublishableText>;
  after: Partial<PublishableText>;
}

const FIELDS = ['title', 'lead', 'body', 'quotes', 'photos'] as const;

/** The text about to be published: the officer's draft, or the submission where the SOP has no edit stage. */
export function textUnderReview(release: Pick<Release, 'draft' | 'submission'>): PublishableText {
  const d = release.draft;
  if (d) return { title: d.title, lead: d.lead, body: d.body, quotes: d.quotes ?? [], photos: d.photos ?? [] };
  return { title: release.submission.title, body: release.submission.body, quotes: [], photos: [] };
}

/**
 * The correction between the text under review and the reviewer's version; undefined when
 * nothing changed. A correction may not add or remove photos or quotes, only reword them:
 * choosing material is the officer's work, and the reviewer returns it for that.
 */
export function correctionOf(current: PublishableText, corrected: PublishableText): Correction | undefined {
  const before: Partial<PublishableText> = {};
  const after: Partial<PublishableText> = {};
  for (const field of FIELDS) {
    if (JSON.stringify(current[field] ?? null) === JSON.stringify(corrected[field] ?? null)) continue;
    Object.assign(before, { [field]: current[field] });
    Object.assign(after, { [field]: corrected[field] });
  }
  return Object.keys(after).length > 0 ? { before, after } : undefined;
}

/** True when the corrected text keeps the same photos and the same number of quotes. */
export function keepsMaterial(current: PublishableText, corrected: PublishableText): boolean {
  const ids = (t: PublishableText) => t.photos.map((p) => p.uploadId).join(',');
  return ids(current) === ids(corrected) && current.quotes.length === corrected.quotes.length;
}

/** The text an approval approves: the text under review with the reviewer's correction applied. */
export function approvedText(underReview: PublishableText, correction?: Correction): PublishableText {
  return correction ? { ...underReview, ...correction.after } : underReview;
}

/** The draft the release carries once a corrected approval is recorded. */
export function correctedDraft(release: Pick<Release, 'draft' | 'submission'>, decision: DecisionRecord): Draft | undefined {
  const correction = decision.details?.correction as Correction | undefined;
  if (!correction) return undefined;
  const text = approvedText(textUnderReview(release), correction);
  return { ...text, savedAt: decision.at, savedBy: decision.actor.id, submitted: true };
}

/**
 * The text the officer sent to review in the round before this one (a revision's starting
 * point), from the submit decisions the release keeps; undefined in the first round.
 */
export function previousRoundText(release: Pick<Release, 'decisions'>): PublishableText | undefined {
  const sent = release.decisions.filter((d) => d.action === 'submit' && d.details?.draft);
  const previous = sent[sent.length - 2]?.details?.draft as PublishableText | undefined;
  return (
    previous && {
      title: previous.title,
      lead: previous.lead,
      body: previous.body,
      quotes: previous.quotes ?? [],
      photos: previous.photos ?? [],
    }
  );
}
