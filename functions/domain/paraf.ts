/**
 * The paraf as a record: who approved, as which role, when, in which round, and the
 * SHA-256 of the exact text they approved. The text is fixed by one canonical
 * serialisation (`approvedText`), so the hash printed on the archive PDF, in the exports
 * and on the public verification page can be recomputed from the published text alone.
 */
import type { Draft, Release } from './release.js';
import { sha256Hex } from './ids.js';

/** What is published and approved: the officer's draft, or the submission itself where the SOP has no edit stage. */
export type PublishableText = Pick<Draft, 'title' | 'body' | 'quotes' | 'photos'> & { lead?: string };

export interface Paraf {
  personId: string;
  name: string;
  role: string;
  title?: string;
  at: string;
  round: number;
  /** SHA-256 (hex) of `approvedText` of the text as it stood when approved. */
  textSha256: string;
}

/** Bumped whenever the serialisation below changes, so an old hash is never compared with a new form. */
const FORM = 'warta-text/1';

/** Line ends and Unicode composition vary between browsers and phones; the words do not. */
function canonical(value: string | undefined): string {
  return (value ?? '').normalize('NFC').replace(/\r\n?/g, '\n');
}

/** The text of a release as it stands: its draft once an officer has written one, else the submission. */
export function textOf(release: Pick<Release, 'draft' | 'submission'>): PublishableText {
  const d = release.draft;
  if (d) return { title: d.title, lead: d.lead, body: d.body, quotes: d.quotes ?? [], photos: d.photos ?? [] };
  return { title: release.submission.title, body: release.submission.body, quotes: [], photos: [] };
}

/**
 * The canonical text of a draft: title, lead, body, quotes and photo captions, as a JSON
 * array in a fixed order (never an object, whose key order would be a matter of
 * construction). A missing lead or caption is the empty string, so adding an empty
 * caption does not change what was approved.
 */
export function approvedText(text: PublishableText): string {
  return JSON.stringify([
    FORM,
    canonical(text.title),
    canonical(text.lead),
    canonical(text.body),
    (text.quotes ?? []).map((q) => [canonical(q.text), canonical(q.by)]),
    (text.photos ?? []).map((p) => [p.uploadId, canonical(p.caption)]),
  ]);
}

export function approvedTextSha256(text: PublishableText): string {
  return sha256Hex(approvedText(text));
}

export function parafOf(
  person: { id: string; name: string; title?: string },
  role: string,
  round: number,
  at: string,
  text: PublishableText,
): Paraf {
  return {
    personId: person.id,
    name: person.name,
    role,
    ...(person.title ? { title: person.title } : {}),
    at,
    round,
    textSha256: approvedTextSha256(text),
  };
}

/** One line for exports and the PDF; an older record may hold the typed paraf as text. */
export function parafLine(paraf: Paraf | string | undefined, formatTime: (iso: string) => string = (iso) => iso): string {
  if (!paraf) return '';
  if (typeof paraf === 'string') return paraf;
  return `${paraf.name}${paraf.title ? `, ${paraf.title}` : ''} (${paraf.role}), ${formatTime(paraf.at)}, putaran/round ${paraf.round}, SHA-256 ${paraf.textSha256}`;
}
