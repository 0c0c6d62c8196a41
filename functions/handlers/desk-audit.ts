/**
 * GET /api/desk/audit/{proxy+} — the auditors' door on the desk: the same exports as
 * /api/audit (step histories, the agenda book, the monthly and semester reports), for a
 * signed-in auditor. Each file carries its SHA-256 and the tamper check's count of
 * releases whose event chain or archived history did not hold (adapters/http/audit-files.ts).
 */
import type { Context } from 'aws-lambda';
import { logger } from '#runtime/logger.js';
import { auditExport } from '#adapters/http/audit-files.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { errorResponse, localeOf, type HttpEvent, type HttpResponse } from '#adapters/http/respond.js';

export const handler = async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
  logger.resetKeys();
  if (context) logger.addContext(context);
  try {
    const caller = requireDeskRole(event, 'desk-audit');
    const path = (event.pathParameters?.proxy ?? event.rawPath.replace(/^\/api\/desk\/audit\/?/, '')).replace(/\/+$/, '');
    const response = await auditExport(path, event.queryStringParameters ?? {});
    logger.info('audit export on the desk', { path, personId: caller.personId, status: response.statusCode });
    return response;
  } catch (error) {
    return errorResponse(error, localeOf(event));
  }
};
