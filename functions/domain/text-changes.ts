/**
 * Word-level changes between two versions of a text, for people to read: the review page
 * highlights them, and the audit export spells out a reviewer's correction with them.
 * The diff itself is the `diff` package's (Myers' algorithm over words).
 */
import { diffWords } from 'diff';
import type { Correction, PublishableText } from './correction.js';

export interface TextChange {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export function wordChanges(before: string, after: string): TextChange[] {
  return diffWords(before, after).map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

export const hasChanges = (changes: TextChange[]) => changes.some((c) => c.kind !== 'same');

/** A published text as the lines a reader compares: title, lead, body, quotes, captions. */
export function textLines(t: PublishableText): Record<string, string> {
  return {
    title: t.title,
    lead: t.lead ?? '',
    body: t.body,
    quotes: t.quotes.map((q) => `“${q.text}” — ${q.by}`).join('\n'),
    photos: t.photos.map((p) => p.caption ?? '').join('\n'),
  };
}

const FIELD_NAMES: Record<string, string> = {
  title: 'judul/title',
  lead: 'teras/lead',
  body: 'naskah/body',
  quotes: 'kutipan/quotes',
  photos: 'keterangan foto/captions',
};
const EMPTY: PublishableText = { title: '', body: '', quotes: [], photos: [] };

/** One line per corrected field: its removed words in [-…-], added ones in {+…+}, context cut short. */
export function correctionSummary(c: Correction): string {
  const before = textLines({ ...EMPTY, ...c.before });
  const after = textLines({ ...EMPTY, ...c.after });
  return Object.keys(c.after)
    .map((field) => {
      const parts = wordChanges(before[field] ?? '', after[field] ?? '').map((ch) => {
        if (ch.kind === 'added') return `{+${ch.text}+}`;
        if (ch.kind === 'removed') return `[-${ch.text}-]`;
        const words = ch.text.split(/\s+/).filter(Boolean);
        return words.length > 6 ? ` ${words.slice(0, 3).join(' ')} … ${words.slice(-3).join(' ')} ` : ch.text;
      });
      return `${FIELD_NAMES[field] ?? field}: ${parts.join('').trim()}`;
    })
    .join('\n');
}
