/**
 * A QR code drawn into a PDFKit page as vector squares: the `qrcode` package computes the
 * symbol (version, error correction, masking), PDFKit draws its dark modules, so the code
 * stays sharp at any zoom or print size and needs no image decoder.
 */
import { create } from 'qrcode';

/** The four-module quiet zone the QR standard asks around a symbol, so scanners find its edges. */
const QUIET_ZONE = 4;

/**
 * Draws the symbol for `text` with its top left corner at (x, y), `size` points wide
 * including the quiet zone. Level M survives a crease or a stamp over about 15% of it.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const cells = modules.size + QUIET_ZONE * 2;
  const cell = size / cells;
  doc.save().rect(x, y, size, size).fill('white');
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + QUIET_ZONE) * cell, y + (row + QUIET_ZONE) * cell, cell, cell);
    }
  }
  doc.fill('black').restore();
}
