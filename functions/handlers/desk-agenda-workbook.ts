/**
 * GET /api/desk/agenda/workbook?from=YYYY-MM-DD&to=YYYY-MM-DD&q=words — the agenda book's
 * entries of a period (those the search finds) as an Excel workbook, for the same people
 * as the book page (contract DESK_ROLES). It only reads, so running it twice answers the same.
 */
import type { Context } from 'aws-lambda';
import { agendaBookWorkbook } from '#usecases/agenda-workbook.js';
import { logger } from '#runtime/logger.js';
import { auditRange, bookQuery, fileResponse } from '#adapters/http/export-response.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { errorResponse, localeOf, type HttpEvent, type HttpResponse } from '#adapters/http/respond.js';

export const handler = async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
  logger.resetKeys();
  if (context) logger.addContext(context);
  try {
    const caller = requireDeskRole(event, 'desk-agenda-workbook');
    const q = event.queryStringParameters ?? {};
    const { from, to } = auditRange(q);
    const file = await agendaBookWorkbook(from, to, bookQuery(q));
    logger.info('agenda book exported as a workbook', { personId: caller.personId, from, to });
    // The office's own copy of its book: the tamper check is the auditors' door's.
    return fileResponse(file, { tamperChecked: false });
  } catch (error) {
    return errorResponse(error, localeOf(event));
  }
};
