import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { approvedText, approvedTextSha256, parafLine, parafOf, textOf, type PublishableText } from '../../functions/domain/paraf.js';

const draft: PublishableText = {
  title: 'Jembatan Sofifi diresmikan',
  lead: 'Gubernur meresmikan jembatan.',
  body: 'Paragraf pertama.\n\nParagraf kedua.',
  quotes: [{ text: 'Jembatan ini untuk rakyat.', by: 'Gubernur' }],
  photos: [{ uploadId: '01JD0000000000000000000009', caption: 'Pita dipotong' }],
};

describe('the approved text and its SHA-256', () => {
  it('is the SHA-256 of the canonical serialisation, pinned so a change of form is noticed', () => {
    // Act
    const text = approvedText(draft);
    // Assert
    expect(text).toBe(
      '["warta-text/1","Jembatan Sofifi diresmikan","Gubernur meresmikan jembatan.","Paragraf pertama.\\n\\nParagraf kedua.",[["Jembatan ini untuk rakyat.","Gubernur"]],[["01JD0000000000000000000009","Pita dipotong"]]]',
    );
    expect(approvedTextSha256(draft)).toBe(createHash('sha256').update(text).digest('hex'));
    expect(approvedTextSha256(draft)).toBe('2e4ef2abba099bc67867a214b28a233df5b08e750f4deb678803f1fdc33f0ec2');
  });

  it('does not depend on key order, line ends or Unicode composition', () => {
    // Prepare: the same text as another client would send it.
    const reordered = {
      photos: draft.photos,
      quotes: draft.quotes,
      body: draft.body.replace(/\n/g, '\r\n'),
      lead: draft.lead,
      title: draft.title,
    } as PublishableText;
    const decomposed = { ...draft, title: 'Cafe\u0301 Sofifi' };
    const composed = { ...draft, title: 'Caf\u00e9 Sofifi' };
    // Act & Assert
    expect(approvedTextSha256(reordered)).toBe(approvedTextSha256(draft));
    expect(approvedTextSha256(decomposed)).toBe(approvedTextSha256(composed));
  });

  it('changes with any word of the title, lead, body, quotes or captions', () => {
    const base = approvedTextSha256(draft);
    const changed: PublishableText[] = [
      { ...draft, title: `${draft.title}!` },
      { ...draft, lead: undefined },
      { ...draft, body: draft.body.replace('kedua', 'ketiga') },
      { ...draft, quotes: [{ text: draft.quotes[0]!.text, by: 'Wakil Gubernur' }] },
      { ...draft, photos: [{ uploadId: draft.photos[0]!.uploadId, caption: 'Pita digunting' }] },
      { ...draft, photos: [] },
    ];
    for (const text of changed) expect(approvedTextSha256(text)).not.toBe(base);
  });

  it('keeps fields apart: text moved from the title to the lead is another text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
        fc.pre(a + b !== a || b !== '');
        const one = approvedTextSha256({ title: a + b, lead: c, body: '', quotes: [], photos: [] });
        const two = approvedTextSha256({ title: a, lead: b + c, body: '', quotes: [], photos: [] });
        return b === '' ? one === two : one !== two;
      }),
    );
  });

  it('is the submission itself where the SOP has no edit stage, and the draft once there is one', () => {
    const submission = { title: 'Sosialisasi', body: 'Isi.' } as Parameters<typeof textOf>[0]['submission'];
    expect(textOf({ submission })).toEqual({ title: 'Sosialisasi', body: 'Isi.', quotes: [], photos: [] });
    expect(textOf({ submission, draft: { ...draft, savedAt: '', savedBy: 'p', submitted: true } }).title).toBe(draft.title);
  });
});

describe('the paraf record', () => {
  it('names the person, role, time and round with the hash, and reads as one line', () => {
    // Act
    const paraf = parafOf(
      { id: 'kasi-piks', name: 'Nurul Fitriani', title: 'Kepala Seksi PIKS' },
      'kasi',
      2,
      '2026-11-20T03:20:00.000Z',
      draft,
    );
    // Assert
    expect(paraf).toEqual({
      personId: 'kasi-piks',
      name: 'Nurul Fitriani',
      title: 'Kepala Seksi PIKS',
      role: 'kasi',
      at: '2026-11-20T03:20:00.000Z',
      round: 2,
      textSha256: approvedTextSha256(draft),
    });
    expect(parafLine(paraf)).toBe(
      `Nurul Fitriani, Kepala Seksi PIKS (kasi), 2026-11-20T03:20:00.000Z, putaran/round 2, SHA-256 ${approvedTextSha256(draft)}`,
    );
  });
});
