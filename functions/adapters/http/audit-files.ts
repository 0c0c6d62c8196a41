/**
 * The auditor exports as HTTP answers, shared by the auditors' machine door
 * (`/api/audit/…`, IAM) and their desk door (`/api/desk/audit/…`, a signed-in auditor):
 *   releases/<id>/steps?format=csv|json|pdf     one release's step history
 *   steps?from=YYYY-MM-DD&to=YYYY-MM-DD&format=  step histories of a period
 *   agenda?from=&to=&format=csv|json|pdf|xlsx&q= the agenda book of a period
 *   report?period=2026-03|2026-S1&format=json|html|pdf   the periodic report
 * Every file carries the SHA-256 of its bytes (x-warta-sha256), so whoever receives it can
 * tell it arrived as it left, and the count of releases (those it covers, or those a report
 * counts) whose event chain or archived history failed the tamper check (x-warta-problems).
 */
import * as z from 'zod/mini';
import { renderReportHtml, renderReportPdf } from '#domain/audit/report-render.js';
import { Invalid, NotFound, TooLarge } from '#domain/errors.js';
import type { ExportFile } from '#domain/audit/export.js';
import { sha256Hex } from '#domain/ids.js';
import {
  AGENDA_FORMATS,
  agendaBookExport,
  EXPORT_FORMATS,
  periodicReport,
  reportChecksum,
  reportProblems,
  stepHistoryExport,
} from '#usecases/audit-exports.js';
import { config } from '#runtime/env.js';
import type { HttpResponse } from './respond.js';

/** API Gateway and Lambda carry at most 6 MB of response; base64 makes it 4.5 MB of file. */
const MAX_INLINE_BYTES = 4_000_000;
const MAX_DAYS = 366;

const rangeSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .check(z.refine((r) => r.from <= r.to && (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_DAYS));

export function auditRange(q: Record<string, string | undefined>): { from: string; to: string } {
  const parsed = rangeSchema.safeParse(q);
  if (!parsed.success) throw new Invalid('audit.badRange');
  return parsed.data;
}

export function auditFormat<T extends string>(q: Record<string, string | undefined>, allowed: readonly T[], fallback: T): T {
  const f = (q.format ?? fallback) as T;
  if (!allowed.includes(f)) throw new Invalid('audit.badFormat', { formats: allowed.join(', ') });
  return f;
}

const MAX_QUERY = 200;

/** The agenda book's search words; longer than anything in a title is a mistake, not a search. */
export function bookQuery(q: Record<string, string | undefined>): string {
  const query = (q.q ?? '').trim();
  if (query.length > MAX_QUERY) throw new Invalid('invalid.tooLong');
  return query;
}

function download(body: Buffer, contentType: string, filename: string, extra: Record<string, string> = {}): HttpResponse {
  if (body.length > MAX_INLINE_BYTES) throw new TooLarge('audit.tooLarge', { max: MAX_INLINE_BYTES });
  const text = contentType.startsWith('text/') || contentType.startsWith('application/json');
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-warta-sha256': sha256Hex(body),
      ...extra,
    },
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

export function fileResponse(f: ExportFile): HttpResponse {
  return download(f.body, f.contentType, f.filename, {
    'x-warta-executions': String(f.executions.length),
    'x-warta-problems': String(f.problems.length),
  });
}

async function reportResponse(period: string, q: Record<string, string | undefined>): Promise<HttpResponse> {
  if (!/^\d{4}-(0[1-9]|1[0-2]|S[12])$/.test(period)) throw new Invalid('audit.badPeriod');
  const [report, problems] = await Promise.all([periodicReport(period), reportProblems(period)]);
  const checked = { 'x-warta-problems': String(problems.length) };
  const f = auditFormat(q, ['json', 'html', 'pdf'] as const, 'json');
  const office = config().office.name.id;
  const name = `laporan-${period}.${f}`;
  if (f === 'json') {
    const response = download(Buffer.from(JSON.stringify(report), 'utf8'), 'application/json; charset=utf-8', name, {
      // Over the report's canonical form, so a copy re-serialised elsewhere can still be checked.
      'x-warta-report-sha256': reportChecksum(report),
      ...checked,
    });
    // Shown in the browser rather than saved, as the route always answered.
    delete response.headers!['content-disposition'];
    return response;
  }
  if (f === 'html') {
    const response = download(Buffer.from(renderReportHtml(report, office), 'utf8'), 'text/html; charset=utf-8', name, {
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...checked,
    });
    delete response.headers!['content-disposition'];
    return response;
  }
  return download(await renderReportPdf(report, office), 'application/pdf', name, checked);
}

/** One auditor export by its path under the door's prefix; a path it does not know is a 404. */
export async function auditExport(path: string, q: Record<string, string | undefined>): Promise<HttpResponse> {
  const release = /^releases\/([0-9A-HJKMNP-TV-Z]{26})\/steps$/.exec(path);
  if (release) return fileResponse(await stepHistoryExport({ releaseId: release[1]! }, auditFormat(q, EXPORT_FORMATS, 'json')));
  if (path === 'steps') return fileResponse(await stepHistoryExport(auditRange(q), auditFormat(q, EXPORT_FORMATS, 'csv')));
  if (path === 'agenda') {
    const { from, to } = auditRange(q);
    return fileResponse(await agendaBookExport(from, to, auditFormat(q, AGENDA_FORMATS, 'csv'), undefined, bookQuery(q)));
  }
  if (path === 'report') return reportResponse(q.period ?? '', q);
  throw new NotFound('route.notFound');
}
