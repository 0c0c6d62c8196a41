/**
 * Test helper: the text a PDF made by PDFKit shows, so tests can assert on what an
 * archivist reads (PDFKit writes text as hex glyph strings inside Flate streams).
 */
import { inflateSync } from 'node:zlib';

export function pdfShownText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streamRe = /<<([^]*?)>>\s*stream\r?\n([^]*?)\r?\nendstream/g;
  for (const m of raw.matchAll(streamRe)) {
    const dict = m[1] ?? '';
    let content = Buffer.from(m[2] ?? '', 'latin1');
    if (/\/FlateDecode/.test(dict)) {
      try {
        content = inflateSync(content);
      } catch {
        continue;
      }
    }
    const text = content.toString('latin1');
    for (const op of text.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...(op[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1'));
      lines.push(hex.join(''));
    }
  }
  return lines.join('\n');
}
