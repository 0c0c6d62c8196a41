/**
 * The periodic report (Laporan) to the auditors: on the monthly schedule it reports the
 * month just ended, and on 1 January and 1 July also the semester just ended. Invoked
 * on demand with `{ "period": "2026-03" }` (or "2026-S1") it reports that period.
 * Each auditor gets one email per period (HTML, text and the PDF); a re-run sends none again.
 */
import type { Context } from 'aws-lambda';
import { mailPeriodicReports } from '#usecases/report-mailing.js';
import { logger } from '#runtime/logger.js';

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
  const sent = await mailPeriodicReports(periods);
  return { periods, sent };
};
