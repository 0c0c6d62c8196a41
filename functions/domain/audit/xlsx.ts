/**
 * Auditor exports as an Excel workbook (XLSX), written by exceljs: one sheet of the table
 * with its header frozen and filtered, and a second sheet naming the executions covered,
 * when it was made and the SHA-256 of the rows, as the CSV's footer does.
 */
import type { ExportMeta } from './export.js';
import { defuse, jsonExport } from './export.js';

export interface XlsxTable<Row> {
  /** The sheet's name (Excel allows 31 characters, no []:*?/\). */
  sheet: string;
  columns: readonly (readonly [string, (row: Row) => string | number])[];
  rows: readonly Row[];
}

export async function renderTableXlsx<Row>(table: XlsxTable<Row>, meta: ExportMeta): Promise<Buffer> {
  // Loaded when a workbook is asked for: the function that carries it starts without it.
  const { ExcelWorkbook } = await import('./xlsx-engine.js');
  const workbook = new ExcelWorkbook();
  workbook.creator = 'Warta';
  workbook.created = new Date(meta.generatedAt);
  const sheet = workbook.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map(([header]) => ({ header, width: Math.min(Math.max(header.length, 12), 40) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    // exceljs writes a string as text, never as a formula; defused all the same, because a
    // cell copied out of the workbook into another sheet would run.
    sheet.addRow(table.columns.map(([, get]) => cellOf(get(row))));
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };

  const about = workbook.addWorksheet('Keterangan');
  about.columns = [{ width: 28 }, { width: 100 }];
  about.addRows([
    ['Dibuat / Generated', meta.generatedAt],
    ['Cakupan / Scope', JSON.stringify(meta.scope)],
    ['Eksekusi / Executions', meta.executions.join(' ')],
    ['SHA-256 baris / Rows SHA-256', jsonExport([...table.rows], meta).sha256],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function cellOf(value: string | number): string | number {
  return typeof value === 'string' ? defuse(value) : value;
}
