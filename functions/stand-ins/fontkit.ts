/**
 * Stands in for `fontkit` in the Lambda bundles. PDFKit needs fontkit only to embed a font
 * file; Warta's PDFs use the fourteen standard fonts, which PDFKit handles on its own, so
 * the bundles leave out fontkit and the Brotli decoder it carries (about 700 kB).
 * Tests and the CLI, which run unbundled, still have the real fontkit.
 */
export function create(): never {
  throw new Error('Warta PDFs use the standard fonts only: embedding a font file is not part of the Lambda bundle');
}
