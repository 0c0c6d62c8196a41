/**
 * Stands in for `fflate` in the Lambda bundles. Warta runs PDFKit's browser build
 * (functions/domain/render/pdf-engine.ts says why), which compresses its streams with
 * fflate, a JavaScript port of zlib; PDFKit's own Node build calls Node's zlib for the
 * same job (`zlib.deflateSync(data)`), which is what this does: the native deflate, and
 * one library fewer in every bundle that draws a PDF.
 */
import { deflateSync } from 'node:zlib';

export function zlibSync(data: Uint8Array): Uint8Array {
  return deflateSync(data);
}
