/**
 * PDFKit's browser build with the three standard fonts Warta draws with, registered.
 * Imported only by pdf-engine.ts, on the first document; in a Lambda bundle this module
 * is a file of its own beside index.js (infra/cdk/constructs/bundle.ts SEPARATE_MODULES), so a
 * function parses its 140 kB only when it draws a PDF, not on every cold start.
 * Why the browser build, reached through the #pdfkit-browser alias: see pdf-engine.ts.
 */
// @ts-expect-error -- the browser build ships no declarations; pdf-engine.ts gives it PDFKit's types.
import * as pdfkit from '#pdfkit-browser';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';
import HelveticaOblique from 'pdfkit/standard-fonts/HelveticaOblique';

(pdfkit as { registerStdFonts: (...fonts: unknown[]) => void }).registerStdFonts(Helvetica, HelveticaBold, HelveticaOblique);

export const PDFDocument: unknown = (pdfkit as { PDFDocument: unknown }).PDFDocument;
