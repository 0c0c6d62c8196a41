/**
 * Mails the periodic report (Laporan) to every auditor: HTML, text and the PDF, one mail
 * per period and auditor. The schedule's handler and the audit CLI's `report --send` both
 * come here, so a report sent by hand is the very one the schedule would have sent, and a
 * re-run sends none again (the mail's idempotency key).
 */
import { renderReportHtml, renderReportPdf, renderReportText, reportTitle } from '#domain/audit/report-render.js';
import { peopleWithRole } from '#domain/people.js';
import { listPeople } from '#adapters/directory-store.js';
import { sendMail, type SendResult } from '#adapters/mailer.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { periodicReport, reportChecksum } from './audit-exports.js';

export interface ReportMailed {
  period: string;
  auditor: string;
  outcome: SendResult;
}

export async function mailPeriodicReports(periods: string[]): Promise<ReportMailed[]> {
  const cfg = config();
  const auditors = peopleWithRole(await listPeople(), 'auditor');
  const results: ReportMailed[] = [];
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
  return results;
}
