/// <reference types="pdfkit" />
/**
 * PDFKit, loaded so that it survives bundling for Lambda. PDFKit's Node build loads its
 * standard fonts at run time with `createRequire(import.meta.url)('#standard-fonts/…')`,
 * which resolves against PDFKit's own package.json and therefore fails once esbuild has
 * copied the code into a single bundle without node_modules. Its browser build instead
 * takes the font data as ordinary imports (`pdfkit/standard-fonts/*`, which esbuild
 * inlines) and has no file-system access at all — so Warta uses that build, in Node too.
 * The package's export map hides the browser build from Node's resolver, hence the
 * package.json alias #pdfkit-browser (functions/runtime/pdfkit-browser.mjs); esbuild and
 * Node both follow it. In the Lambda bundles a stand-in replaces
 * fontkit, which this build carries for embedded fonts Warta never uses; see
 * infra/cdk/constructs/bundle.ts.
 */
type PdfDocumentClass = new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;

let engine: Promise<PdfDocumentClass> | undefined;

/**
 * PDFKit and its fonts (pdfkit-engine.ts) are loaded on the first document, not with the
 * module: a function that imports a renderer but answers without drawing (an audit CSV
 * export, a refused request) neither evaluates them nor, in a Lambda bundle, where they
 * are a file of their own, parses them.
 */
function pdfDocumentClass(): Promise<PdfDocumentClass> {
  engine ??= import('./pdfkit-engine.js').then((m) => m.PDFDocument as PdfDocumentClass);
  return engine;
}

export async function newPdf(options: PDFKit.PDFDocumentOptions): Promise<PDFKit.PDFDocument> {
  const PDFDocument = await pdfDocumentClass();
  return new PDFDocument({ font: FONT.regular, ...options });
}

/** Ends the document and collects its bytes. */
export function pdfBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Uint8Array) => chunks.push(Buffer.from(chunk)));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
