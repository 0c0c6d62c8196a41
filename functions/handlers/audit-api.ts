/**
 * GET /api/audit/{proxy+} — auditor exports for machines (IAM-authorised on AWS, a local
 * key on the local cloud; both checked before this runs). The paths and formats are those
 * of adapters/http/audit-files.ts, which the auditors' desk door serves as well.
 * Larger periods than an API response can carry are exported with `npm run audit`.
 */
import type { Context } from 'aws-lambda';
import { logger } from '#runtime/logger.js';
import { auditExport } from '#adapters/http/audit-files.js';
import { errorResponse, localeOf, type HttpEvent, type HttpResponse } from '#adapters/http/respond.js';

export const handler = async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
  if (context) logger.addContext(context);
  const path = (event.pathParameters?.proxy ?? event.rawPath.replace(/^\/api\/audit\/?/, '')).replace(/\/+$/, '');
  try {
    const response = await auditExport(path, event.queryStringParameters ?? {});
    logger.info('audit export', { path, status: response.statusCode });
    return response;
  } catch (error) {
    return errorResponse(error, localeOf(event));
  }
};
