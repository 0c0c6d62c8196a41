import { describe, expect, it } from 'vitest';
import { escapeHtml, headerSafe, paragraphsHtml, pdfText, safeFileName, slugify } from '../../functions/domain/render/escape.js';

describe('escaping user text', () => {
  it('escapes every HTML metacharacter, so a script tag is shown, not run', () => {
    // Prepare
    const hostile = `<script>alert("x")</script> & 'quote' \`tick\``;
    // Act
    const out = escapeHtml(hostile);
    // Assert
    expect(out).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39; &#96;tick&#96;');
    expect(out).not.toMatch(/[<>"'`]/);
  });

  it('keeps unicode and drops control characters that are invalid in HTML', () => {
    expect(escapeHtml('Ā 中文 😀\u0000\u0007\u001b')).toBe('Ā 中文 😀');
  });

  it('replaces a lone surrogate, which no encoding can carry', () => {
    expect(escapeHtml('a\ud800b\udc00c😀')).toBe('a\ufffdb\ufffdc😀');
  });

  it('turns blank-line separated text into escaped paragraphs', () => {
    expect(paragraphsHtml('a <b>\nline two\r\n\r\nsecond')).toBe('<p>a &lt;b&gt;<br>line two</p>\n<p>second</p>');
  });

  it('makes header values one line: CRLF cannot add a header', () => {
    // Prepare
    const injected = 'Judul\r\nBcc: evil@example.com\nX-Evil: 1';
    // Act
    const out = headerSafe(injected);
    // Assert
    expect(out).toBe('Judul Bcc: evil@example.com X-Evil: 1');
    expect(out).not.toMatch(/[\r\n]/);
  });

  it('bounds header values without splitting a surrogate pair', () => {
    const out = headerSafe('😀'.repeat(300), 10);
    expect([...out]).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('maps text the PDF font cannot show to readable stand-ins', () => {
    expect(pdfText('Café “kutipan” — Ā ő 中 😀\u0007')).toBe('Café “kutipan” — A o ? ?');
  });

  it('makes slugs and file names that are safe in URLs and keys', () => {
    expect(slugify('Peresmian Jembatan <Kao> — “Ā” 中文')).toBe('peresmian-jembatan-kao-a');
    expect(slugify('中文')).toBe('rilis');
    expect(safeFileName('foto "jembatan" <1>.JPG')).toBe('foto-jembatan-1.jpg');
    expect(safeFileName('../../etc/passwd')).toBe('etc-passwd');
  });
});
