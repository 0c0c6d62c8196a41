/**
 * The reviewer's correction: recorded as before/after of the changed fields only, applied
 * to give the approved text, limited to wording, and spelled out word by word for auditors.
 */
import { describe, expect, it } from 'vitest';
import {
  approvedText,
  correctedDraft,
  correctionOf,
  keepsMaterial,
  previousRoundText,
  textUnderReview,
  type PublishableText,
} from '../../functions/domain/correction.js';
import { correctionSummary, wordChanges } from '../../functions/domain/text-changes.js';
import type { DecisionRecord, Release } from '../../functions/domain/release.js';

const draft: PublishableText = {
  title: 'Gubernur resmikan jembatan',
  lead: 'Jembatan baru.',
  body: 'Isi berita.',
  quotes: [{ text: 'Untuk rakyat.', by: 'Gubernur' }],
  photos: [{ uploadId: '01HZZZZZZZZZZZZZZZZZZZZZZZ', caption: 'Peresmian' }],
};
const submission = { title: 'Jembatan', body: 'Data dari pengirim.' } as Release['submission'];
const actor = { id: 'kasi-piks', name: 'Nurul', role: 'kasi', email: 'kasi@example.go.id' };

describe("a reviewer's correction", () => {
  it('records only the fields that changed, and the approved text is the draft with them applied', () => {
    // Prepare
    const corrected = { ...draft, title: 'Gubernur meresmikan jembatan' };
    // Act
    const correction = correctionOf(draft, corrected)!;
    // Assert
    expect(correction).toEqual({ before: { title: 'Gubernur resmikan jembatan' }, after: { title: 'Gubernur meresmikan jembatan' } });
    expect(approvedText(draft, correction)).toEqual(corrected);
    expect(correctionOf(draft, structuredClone(draft))).toBeUndefined();
  });

  it('may reword captions and quotes but not add or drop photos or quotes', () => {
    expect(keepsMaterial(draft, { ...draft, photos: [{ ...draft.photos[0]!, caption: 'Lain' }] })).toBe(true);
    expect(keepsMaterial(draft, { ...draft, photos: [] })).toBe(false);
    expect(keepsMaterial(draft, { ...draft, quotes: [...draft.quotes, { text: 'Baru', by: 'X' }] })).toBe(false);
  });

  it("reviews the submission where the SOP has no edit stage, and the corrected draft is recorded as the reviewer's", () => {
    // Prepare
    const release = { submission, decisions: [] } as unknown as Release;
    const decision: DecisionRecord = {
      stageId: 'review',
      round: 1,
      action: 'approve',
      actor,
      at: '2026-12-07T10:00:00.000Z',
      details: { correction: { before: { body: 'Data dari pengirim.' }, after: { body: 'Data yang dikoreksi.' } } },
    };
    // Act
    const next = correctedDraft(release, decision)!;
    // Assert
    expect(textUnderReview(release)).toEqual({ title: 'Jembatan', body: 'Data dari pengirim.', quotes: [], photos: [] });
    expect(next).toMatchObject({ title: 'Jembatan', body: 'Data yang dikoreksi.', savedBy: 'kasi-piks', savedAt: decision.at });
  });

  it("finds the previous round's text among the officer's submits", () => {
    const submit = (title: string): DecisionRecord => ({
      stageId: 'edit',
      round: 1,
      action: 'submit',
      actor,
      at: '2026-12-07T10:00:00.000Z',
      details: { draft: { ...draft, title } },
    });
    expect(previousRoundText({ decisions: [submit('Satu')] })).toBeUndefined();
    expect(previousRoundText({ decisions: [submit('Satu'), submit('Dua')] })?.title).toBe('Satu');
  });

  it('is spelled out word by word for the audit export', () => {
    expect(wordChanges('a b c', 'a x c').filter((c) => c.kind !== 'same')).toEqual([
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
    ]);
    expect(correctionSummary({ before: { title: 'Gubernur resmikan jembatan' }, after: { title: 'Gubernur meresmikan jembatan' } })).toBe(
      'judul/title: Gubernur [-resmikan-]{+meresmikan+} jembatan',
    );
  });
});
