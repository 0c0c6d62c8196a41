/**
 * Escaping of user text for every place Warta renders it: HTML pages and mail, mail
 * headers, URLs and the archive PDF. Everything a submitter, officer or reviewer typed
 * passes through one of these before it reaches output; templates never concatenate raw
 * user text.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/**
 * Text for HTML element content and quoted attribute values. Control characters other
 * than tab and newline are dropped because they are invalid in HTML and XML and are
 * only ever there to confuse a parser.
 */
export function escapeHtml(value: unknown): string {
  return stripControl(String(value ?? '')).replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Plain text with newlines turned into paragraphs of escaped HTML. */
export function paragraphsHtml(value: string | undefined): string {
  return paragraphs(value)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('\n');
}

/** Splits text into paragraphs on blank lines; trims each and drops empty ones. */
export function paragraphs(value: string | undefined): string[] {
  return (value ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * A mail header value: one line, no CR/LF (header injection), no other control
 * characters, whitespace collapsed, bounded so a long title cannot make a header that
 * some servers refuse. Non-ASCII stays; the MIME builder encodes it (RFC 2047).
 */
export function headerSafe(value: unknown, max = 200): string {
  const flat = String(value ?? '')
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** Plain-text mail body: keeps newlines, drops other control characters. */
export function plainText(value: unknown): string {
  return stripControl(String(value ?? '').replace(/\r\n?/g, '\n'));
}

/**
 * Text for the archive PDF. The PDF uses the standard Helvetica font (WinAnsi encoding),
 * which has no glyphs for most of Unicode: accented Latin letters are kept where WinAnsi
 * has them, others lose their accents, and anything still unprintable becomes "?", so
 * the archived text never silently disappears or turns into garbage glyphs.
 */
export function pdfText(value: unknown): string {
  const text = plainText(value).replace(/\t/g, '    ');
  let out = '';
  for (const ch of text) {
    if (ch === '\n' || isWinAnsi(ch)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every((c) => isWinAnsi(c)) && base.length > 0 ? base : '?';
  }
  return out;
}

/**
 * A path segment made from user text (slugs, file names in the newsroom): ASCII letters,
 * digits and dashes only, so it is safe in a URL, an S3 key and an HTML attribute alike.
 */
export function slugify(value: string, max = 60): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/g, '');
  return slug || 'rilis';
}

/** A file name for a public download: a slugged stem plus the original extension. */
export function safeFileName(name: string, fallback = 'berkas'): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name);
  const ext = match?.[1]?.toLowerCase();
  const stem = slugify(match ? name.slice(0, -match[0].length) : name, 60);
  const safeStem = stem === 'rilis' && !/[a-z0-9]/i.test(name) ? fallback : stem;
  return ext ? `${safeStem}.${ext}` : safeStem;
}

function stripControl(value: string): string {
  return (
    value
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/\r(?!\n)/g, '\n')
      // A lone surrogate is not a character: UTF-8 cannot carry it, XML forbids it.
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  );
}

// WinAnsi (cp1252) printable repertoire: ASCII, Latin-1 and the 0x80–0x9f extras.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}
