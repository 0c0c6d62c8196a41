/**
 * Test helper: the text a PDF made by PDFKit shows, so tests can assert on what an
 * archivist reads (PDFKit writes text as hex glyph strings inside Flate streams).
 */
import { inflateSync } from 'node:zlib';

// 0x80–0x9f of windows-1252 (Node's TextDecoder treats that label as plain latin1).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const WIN_ANSI = {
  decode: (bytes: Buffer) => [...bytes].map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b))).join(''),
};

export function pdfShownText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streamRe = /<<([^]*?)>>\s*stream\r?\n([^]*?)\r?\nendstream/g;
  for (const m of raw.matchAll(streamRe)) {
    const dict = m[1] ?? '';
    let content: Buffer = Buffer.from(m[2] ?? '', 'latin1');
    if (/\/FlateDecode/.test(dict)) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    const text = content.toString('latin1');
    // Standard fonts use WinAnsi: decode as windows-1252 so “ ” — read back as typed.
    for (const op of text.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...(op[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => WIN_ANSI.decode(Buffer.from(h[1] ?? '', 'hex')));
      lines.push(hex.join(''));
    }
  }
  return lines.join('\n');
}
