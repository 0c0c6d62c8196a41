/**
 * The periodic report (Laporan) to the auditors: on the monthly schedule it reports the
 * month just ended, and on 1 January and 1 July also the semester just ended. Invoked
 * on demand with `{ "period": "2026-03" }` (or "2026-S1") it reports that period.
 * Each auditor gets one email per period (HTML, text and the PDF); a re-run sends none again.
 */
import type { Context } from 'aws-lambda';
import { renderReportHtml, renderReportPdf, renderReportText, reportTitle } from '#domain/audit/report-render.js';
import { peopleWithRole } from '#domain/people.js';
import { periodicReport, reportChecksum } from '#usecases/audit-exports.js';
import { listPeople } from '#adapters/directory-store.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { sendMail } from '#adapters/mailer.js';

interface ReportEvent {
  /** Present on demand; the schedule sends an EventBridge event with a `time`. */
  period?: string;
  time?: string;
}

/** The periods that ended just before `now`: last month, and last semester on its turn. */
export function periodsEndedBefore(now: Date): string[] {
  const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const y = lastMonth.getUTCFullYear();
  const m = lastMonth.getUTCMonth() + 1;
  const periods = [`${y}-${String(m).padStart(2, '0')}`];
  if (m === 6) periods.push(`${y}-S1`);
  if (m === 12) periods.push(`${y}-S2`);
  return periods;
}

export const handler = async (event: ReportEvent = {}, context?: Context) => {
  if (context) logger.addContext(context);
  const periods = event.period ? [event.period] : periodsEndedBefore(event.time ? new Date(event.time) : new Date());
  const cfg = config();
  const auditors = peopleWithRole(await listPeople(), 'auditor');
  const results = [];
  for (const period of periods) {
    const report = await periodicReport(period);
    const office = cfg.office.name.id;
    const title = reportTitle(report, office);
    const [html, text, pdf] = [renderReportHtml(report, office), renderReportText(report, office), await renderReportPdf(report, office)];
    const checksum = reportChecksum(report);
    for (const auditor of auditors) {
      const outcome = await sendMail({
        to: auditor.email,
        toName: auditor.name,
        subject: title.id,
        html,
        text,
        // One report per period and auditor; its figures' checksum tells a re-sent corrected report apart.
        idempotencyKey: `report#${period}#${auditor.id}#${checksum.slice(0, 16)}`,
        attachments: [{ filename: `laporan-${period}.pdf`, content: pdf, contentType: 'application/pdf' }],
      });
      results.push({ period, auditor: auditor.id, outcome });
    }
    logger.info('periodic report', { period, received: report.received, published: report.published, auditors: auditors.length });
  }
  return { periods, sent: results };
};
