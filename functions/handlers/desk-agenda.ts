/**
 * The agenda book on the desk, for the office's people and auditors (contract DESK_ROLES):
 *   GET /api/desk/agenda?from=YYYY-MM-DD&to=YYYY-MM-DD&q=words   the entries, as JSON
 *   GET /api/desk/agenda/export?from=&to=&q=&format=csv|pdf  the same entries as a file
 * (as a workbook: desk-agenda-workbook, a function of its own so only it carries exceljs).
 * `q` finds entries by title, sender, institution, agenda number or letter number. It only
 * reads, so running it twice answers the same.
 */
import { agendaBook } from '#usecases/agenda-book.js';
import { agendaBookExport } from '#usecases/audit-exports.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { auditFormat, auditRange, bookQuery, fileResponse } from '#adapters/http/export-response.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { errorResponse, json, localeOf, type HttpEvent, type HttpResponse } from '#adapters/http/respond.js';
import type { Context } from 'aws-lambda';

const DESK_FORMATS = ['csv', 'pdf'] as const;

async function answer(event: HttpEvent): Promise<HttpResponse> {
  const caller = requireDeskRole(event, 'desk-agenda');
  const q = event.queryStringParameters ?? {};
  const { from, to } = auditRange(q);
  const query = bookQuery(q);
  if (/\/export\/?$/.test(event.rawPath)) {
    const format = auditFormat(q, DESK_FORMATS, 'csv');
    const file = await agendaBookExport(from, to, format, undefined, query);
    logger.info('agenda book exported', { personId: caller.personId, from, to, format });
    // The office's own copy of its book: the tamper check is the auditors' door's.
    return fileResponse(file, { tamperChecked: false });
  }
  const { rows } = await agendaBook(from, to, query);
  // The book is the office's register: its times are read on the office's clock, not the reader's.
  return json(200, { from, to, q: query, rows, timeZone: config().office.timeZone });
}

export const handler = async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
  logger.resetKeys();
  if (context) logger.addContext(context);
  try {
    return await answer(event);
  } catch (error) {
    return errorResponse(error, localeOf(event));
  }
};
