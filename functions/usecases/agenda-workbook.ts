/**
 * The agenda book as an Excel workbook, for the desk: many offices keep their book in a
 * spreadsheet, so the entries of a period (those matching the search) go out as XLSX with
 * the same columns as the CSV. A module of its own so that only the function that writes
 * workbooks carries exceljs.
 */
import { AGENDA_BOOK_COLUMNS } from '#domain/audit/agenda-book.js';
import type { ExportFile } from '#domain/audit/export.js';
import { renderTableXlsx } from '#domain/audit/xlsx.js';
import { agendaBook } from './agenda-book.js';
import { file, metaOf } from './export-files.js';

export async function agendaBookWorkbook(from: string, to: string, query = ''): Promise<ExportFile> {
  const { rows, releases } = await agendaBook(from, to, query);
  const meta = metaOf({ from, to }, releases);
  const body = await renderTableXlsx({ sheet: 'Buku Agenda', columns: AGENDA_BOOK_COLUMNS, rows }, meta);
  return file(body, 'xlsx', `buku-agenda-${from}_${to}`, meta, []);
}
