/**
 * Auditor exports as PDF: a landscape table a person can print and initial, with the
 * executions covered and the SHA-256 of the rows on the last page.
 */
import { pdfText } from '../render/escape.js';
import { FONT, newPdf, pdfBytes } from '../render/pdf-engine.js';
import type { ExportMeta } from './export.js';
import { jsonExport } from './export.js';

export interface PdfTable {
  title: { id: string; en: string };
  office: string;
  columns: { header: string; width: number }[];
  rows: string[][];
}

export async function renderTablePdf(table: PdfTable, meta: ExportMeta): Promise<Buffer> {
  const doc = await newPdf({ size: 'A4', layout: 'landscape', margin: 36, info: { Title: table.title.id, Author: table.office } });
  const left = doc.page.margins.left;
  const usable = doc.page.width - left - doc.page.margins.right;
  const totalWidth = table.columns.reduce((a, c) => a + c.width, 0);
  const widths = table.columns.map((c) => (c.width / totalWidth) * usable);

  doc.font(FONT.bold).fontSize(13).text(pdfText(table.title.id));
  doc.font(FONT.italic).fontSize(9).text(pdfText(table.title.en));
  doc
    .font(FONT.regular)
    .fontSize(9)
    .text(pdfText(`${table.office} · ${scopeText(meta)} · ${meta.generatedAt}`));
  doc.moveDown(0.5);

  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? FONT.bold : FONT.regular).fontSize(7);
    const heights = cells.map((c, i) => doc.heightOfString(pdfText(c), { width: widths[i]! - 4 }));
    const height = Math.max(...heights, 8) + 4;
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const top = doc.y;
    let x = left;
    cells.forEach((c, i) => {
      doc.text(pdfText(c), x + 2, top + 2, { width: widths[i]! - 4 });
      x += widths[i]!;
    });
    doc
      .moveTo(left, top + height)
      .lineTo(left + usable, top + height)
      .lineWidth(0.3)
      .strokeColor('#999999')
      .stroke();
    doc.x = left;
    doc.y = top + height;
  };

  drawRow(
    table.columns.map((c) => c.header),
    true,
  );
  for (const row of table.rows) drawRow(row, false);

  doc.moveDown(1);
  doc.font(FONT.regular).fontSize(8);
  doc.text(pdfText(`Eksekusi / Executions (${meta.executions.length}): ${meta.executions.join(', ') || '-'}`), left, doc.y, {
    width: usable,
  });
  doc.text(pdfText(`SHA-256: ${jsonExport(table.rows, meta).sha256}`), { width: usable });
  return pdfBytes(doc);
}

function scopeText(meta: ExportMeta): string {
  if (meta.scope.releaseId) return `rilis / release ${meta.scope.releaseId}`;
  return `${meta.scope.from ?? '…'} – ${meta.scope.to ?? '…'}`;
}
