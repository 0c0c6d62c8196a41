/**
 * The auditor exports as HTTP answers, shared by the auditors' machine door
 * (`/api/audit/…`, IAM) and their desk door (`/api/desk/audit/…`, a signed-in auditor):
 *   releases/<id>/steps?format=csv|json|pdf     one release's step history
 *   steps?from=YYYY-MM-DD&to=YYYY-MM-DD&format=  step histories of a period
 *   agenda?from=&to=&format=csv|json|pdf&q=      the agenda book of a period
 *   report?period=2026-03|2026-S1&format=json|html|pdf   the periodic report
 * Each file carries its SHA-256 and the tamper check's count (./export-response.ts); a
 * report's count is over the releases it counts.
 */
import { renderReportHtml, renderReportPdf } from '#domain/audit/report-render.js';
import { Invalid, NotFound } from '#domain/errors.js';
import {
  agendaBookExport,
  EXPORT_FORMATS,
  periodicReport,
  periodProblems,
  reportChecksum,
  reportProblems,
  stepHistoryExport,
} from '#usecases/audit-exports.js';
import { config } from '#runtime/env.js';
import { auditFormat, auditRange, bookQuery, download, fileResponse } from './export-response.js';
import type { HttpResponse } from './respond.js';

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
  const checked = { tamperChecked: true };
  if (release) return fileResponse(await stepHistoryExport({ releaseId: release[1]! }, auditFormat(q, EXPORT_FORMATS, 'json')), checked);
  if (path === 'steps') return fileResponse(await stepHistoryExport(auditRange(q), auditFormat(q, EXPORT_FORMATS, 'csv')), checked);
  if (path === 'agenda') {
    const { from, to } = auditRange(q);
    // The book itself holds no history: its releases' event chains and histories are what is checked.
    const [book, problems] = await Promise.all([
      agendaBookExport(from, to, auditFormat(q, EXPORT_FORMATS, 'csv'), undefined, bookQuery(q)),
      periodProblems(from, to),
    ]);
    return fileResponse({ ...book, problems }, checked);
  }
  if (path === 'report') return reportResponse(q.period ?? '', q);
  throw new NotFound('route.notFound');
}
