/**
 * Hostile input, generated: whatever a person types — markup, quotes, control
 * characters, CR/LF, lone surrogates, any Unicode — the page stays well-formed text, the
 * feed stays valid XML, a header stays one line and the PDF still renders.
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { newsroomEntry, officeView, publicRelease } from '../../functions/domain/newsroom.js';
import { escapeHtml, headerSafe, pdfText } from '../../functions/domain/render/escape.js';
import { renderMediaEmail } from '../../functions/domain/render/media-email.js';
import { renderReleasePage } from '../../functions/domain/render/newsroom-page.js';
import { renderRss } from '../../functions/domain/render/rss.js';
import { ORIGIN, fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE x; --",
    'a\r\nBcc: evil@example.com',
    ']]>',
    '\u0000\u0007\u001b',
    '\ud800',
    '&amp;&lt;',
  ),
);

describe('hostile text in every output', () => {
  it('never opens a tag or an attribute in HTML', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(escapeHtml(s)).not.toMatch(/[<>"'`]/);
      }),
    );
  });

  it('never breaks a header line', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(headerSafe(s)).not.toMatch(/[\r\n\u0000-\u001f\u007f]/);
      }),
    );
  });

  it('keeps the page free of injected markup and the feed valid XML', () => {
    const cfg = fixtureConfig();
    const office = officeView(cfg, ORIGIN);
    fc.assert(
      fc.property(hostile, hostile, hostile, (title, body, caption) => {
        // Prepare
        const release = fixtureRelease('release-hostile');
        release.draft = {
          ...release.draft!,
          title,
          body: body || 'x',
          lead: caption,
          photos: [{ uploadId: release.attachments[0]!.uploadId, caption }],
        };
        const pr = publicRelease(release, cfg, ORIGIN, '2026-11-20T04:00:00.000Z');
        // Act
        const page = renderReleasePage(pr, office);
        const rss = renderRss([newsroomEntry(pr)], office, '2026-11-20T04:00:00.000Z');
        const mail = renderMediaEmail(pr, cfg.media[0]!, office);
        // Assert
        expect(page).not.toMatch(/<script|<img src=x/i);
        expect(mail.html).not.toMatch(/<script|<img src=x/i);
        expect(mail.subject).not.toMatch(/[\r\n]/);
        expect(XMLValidator.validate(rss)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('maps any text to what the PDF font can show', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        for (const ch of pdfText(s)) {
          const code = ch.codePointAt(0)!;
          expect(
            ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ'.includes(ch),
          ).toBe(true);
        }
      }),
    );
  });
});
