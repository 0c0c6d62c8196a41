/**
 * GET /api/audit/{proxy+} — auditor exports (IAM-authorised on AWS, a local key on the
 * local cloud; both checked before this runs):
 *   releases/<id>/steps?format=csv|json|pdf     one release's step history
 *   steps?from=YYYY-MM-DD&to=YYYY-MM-DD&format=  step histories of a period
 *   agenda?from=&to=&format=                     the agenda book of a period
 *   report?period=2026-03|2026-S1&format=json|html|pdf   the periodic report
 * Larger periods than an API response can carry are exported with `npm run audit`.
 */
import type { Context } from 'aws-lambda';
import * as z from 'zod/mini';
import { renderReportHtml, renderReportPdf } from '#domain/audit/report-render.js';
import { Invalid, NotFound, TooLarge } from '#domain/errors.js';
import type { ExportFile } from '#domain/audit/export.js';
import { agendaBookExport, EXPORT_FORMATS, periodicReport, reportChecksum, stepHistoryExport } from '#usecases/audit-exports.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { errorResponse, localeOf, type HttpEvent, type HttpResponse } from '#adapters/http/respond.js';

/** API Gateway and Lambda carry at most 6 MB of response; base64 makes it 4.5 MB of file. */
const MAX_INLINE_BYTES = 4_000_000;
const MAX_DAYS = 366;

const rangeSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .check(z.refine((r) => r.from <= r.to && (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_DAYS));

function range(q: Record<string, string | undefined>) {
  const parsed = rangeSchema.safeParse(q);
  if (!parsed.success) throw new Invalid('audit.badRange');
  return parsed.data;
}

function format<T extends string>(q: Record<string, string | undefined>, allowed: readonly T[], fallback: T): T {
  const f = (q.format ?? fallback) as T;
  if (!allowed.includes(f)) throw new Invalid('audit.badFormat', { formats: allowed.join(', ') });
  return f;
}

function fileResponse(f: ExportFile): HttpResponse {
  if (f.body.length > MAX_INLINE_BYTES) throw new TooLarge('audit.tooLarge', { max: MAX_INLINE_BYTES });
  const text = f.contentType.startsWith('text/') || f.contentType.startsWith('application/json');
  return {
    statusCode: 200,
    headers: {
      'content-type': f.contentType,
      'content-disposition': `attachment; filename="${f.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-warta-sha256': f.sha256,
      'x-warta-executions': String(f.executions.length),
      'x-warta-problems': String(f.problems.length),
    },
    body: text ? f.body.toString('utf8') : f.body.toString('base64'),
    isBase64Encoded: !text,
  };
}

async function route(path: string, q: Record<string, string | undefined>): Promise<HttpResponse> {
  const release = /^releases\/([0-9A-HJKMNP-TV-Z]{26})\/steps$/.exec(path);
  if (release) return fileResponse(await stepHistoryExport({ releaseId: release[1]! }, format(q, EXPORT_FORMATS, 'json')));
  if (path === 'steps') return fileResponse(await stepHistoryExport(range(q), format(q, EXPORT_FORMATS, 'csv')));
  if (path === 'agenda') {
    const { from, to } = range(q);
    return fileResponse(await agendaBookExport(from, to, format(q, EXPORT_FORMATS, 'csv')));
  }
  if (path === 'report') {
    if (!/^\d{4}-(0[1-9]|1[0-2]|S[12])$/.test(q.period ?? '')) throw new Invalid('audit.badPeriod');
    const report = await periodicReport(q.period!);
    const f = format(q, ['json', 'html', 'pdf'] as const, 'json');
    const office = config().office.name.id;
    if (f === 'json')
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-warta-sha256': reportChecksum(report) },
        body: JSON.stringify(report),
      };
    if (f === 'html')
      return {
        statusCode: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" },
        body: renderReportHtml(report, office),
      };
    const pdf = await renderReportPdf(report, office);
    return { statusCode: 200, headers: { 'content-type': 'application/pdf' }, body: pdf.toString('base64'), isBase64Encoded: true };
  }
  throw new NotFound('route.notFound');
}

export const handler = async (event: HttpEvent, context?: Context): Promise<HttpResponse> => {
  if (context) logger.addContext(context);
  const path = (event.pathParameters?.proxy ?? event.rawPath.replace(/^\/api\/audit\/?/, '')).replace(/\/+$/, '');
  try {
    const response = await route(path, event.queryStringParameters ?? {});
    logger.info('audit export', { path, status: response.statusCode });
    return response;
  } catch (error) {
    return errorResponse(error, localeOf(event));
  }
};
