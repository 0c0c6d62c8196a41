/**
 * The periodic report (Laporan) — monthly and per semester: what came in, what went out,
 * to whom, and how the stages kept to their standard times. Pure: it is given the
 * period's releases and their per-release activity, and returns figures to render.
 */
import type { Release } from '../release.js';
import type { SopProfile } from '../profiles.js';

/** What the report needs of one release's activity record (written by the report stage). */
export interface ReleaseActivity {
  releaseId: string;
  /** `workingSeconds` is absent from records written before the office's clock. */
  steps: { stageId: string; durationSeconds: number; workingSeconds?: number; mutuBakuMinutes: number; withinStandard: boolean }[];
  /** Outlets reached, by media type (online, print, tv, radio). */
  outletsByType: Record<string, number>;
}

export interface StageFigures {
  stageId: string;
  label: { id: string; en: string };
  mutuBakuMinutes: number;
  count: number;
  /** Around the clock. */
  averageMinutes: number;
  maxMinutes: number;
  /** In office hours (jam kerja). */
  averageWorkingMinutes: number;
  maxWorkingMinutes: number;
  withinStandardShare: number;
}

export interface PeriodicReport {
  period: { kind: 'month' | 'semester'; label: string; from: string; to: string };
  received: number;
  published: number;
  rejected: number;
  failed: number;
  inProgress: number;
  /** Numbers voided (batal): counted in `received` (the book holds them) and in no other count. */
  voided: number;
  voidedNumbers: { agendaNumber: string; reason: string; by: string; at: string }[];
  byNewsType: Record<string, number>;
  byInstitution: Record<string, number>;
  outletsByType: Record<string, number>;
  stages: StageFigures[];
  publications: { agendaNumber: string; title: string; url: string; publishedAt: string }[];
}

/** A month "2026-03" or a semester "2026-S1" as an inclusive date range (UTC days). */
export function periodRange(spec: string): PeriodicReport['period'] {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(spec);
  if (month) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { kind: 'month', label: spec, from: `${spec}-01`, to: `${spec}-${String(last).padStart(2, '0')}` };
  }
  const semester = /^(\d{4})-S([12])$/.exec(spec);
  if (semester) {
    const y = semester[1];
    return semester[2] === '1'
      ? { kind: 'semester', label: spec, from: `${y}-01-01`, to: `${y}-06-30` }
      : { kind: 'semester', label: spec, from: `${y}-07-01`, to: `${y}-12-31` };
  }
  throw new RangeError(`period "${spec}" is neither a month (2026-03) nor a semester (2026-S1)`);
}

/** The months a date range touches, for querying releases by month. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [y, m] = from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = to.slice(0, 7);
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    if (ym > end) break;
    months.push(ym);
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return months;
}

const PUBLISHED = new Set(['published', 'archived', 'completed']);

function bump(counts: Record<string, number>, key: string, by = 1) {
  counts[key] = (counts[key] ?? 0) + by;
}

export function buildReport(
  period: PeriodicReport['period'],
  profile: SopProfile,
  releases: Release[],
  activities: ReleaseActivity[],
): PeriodicReport {
  const inPeriod = releases.filter((r) => r.createdAt.slice(0, 10) >= period.from && r.createdAt.slice(0, 10) <= period.to);
  // A voided number was a mistake, not a release: it is shown on its own and counted nowhere else.
  const counted = inPeriod.filter((r) => !r.voided);
  const report: PeriodicReport = {
    period,
    received: inPeriod.length,
    published: inPeriod.filter((r) => PUBLISHED.has(r.status)).length,
    rejected: counted.filter((r) => r.status === 'rejected').length,
    failed: counted.filter((r) => r.status === 'failed').length,
    inProgress: inPeriod.filter((r) => r.status === 'received' || r.status === 'in-progress').length,
    voided: inPeriod.length - counted.length,
    voidedNumbers: inPeriod
      .filter((r) => r.voided)
      .map((r) => ({ agendaNumber: r.agendaNumber, reason: r.voided!.reason, by: r.voided!.by, at: r.voided!.at })),
    byNewsType: {},
    byInstitution: {},
    outletsByType: {},
    stages: [],
    publications: [],
  };
  for (const r of counted) {
    bump(report.byNewsType, r.newsType);
    bump(report.byInstitution, r.submission.submitter.institution);
    if (r.publication) {
      report.publications.push({
        agendaNumber: r.agendaNumber,
        title: r.draft?.title ?? r.submission.title,
        url: r.publication.url,
        publishedAt: r.publication.publishedAt,
      });
    }
  }
  report.publications.sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));

  const ids = new Set(inPeriod.map((r) => r.id));
  const samples = new Map<string, { minutes: number[]; working: number[]; within: number }>();
  for (const activity of activities.filter((a) => ids.has(a.releaseId))) {
    for (const [type, n] of Object.entries(activity.outletsByType)) bump(report.outletsByType, type, n);
    for (const step of activity.steps) {
      const s = samples.get(step.stageId) ?? { minutes: [], working: [], within: 0 };
      s.minutes.push(step.durationSeconds / 60);
      s.working.push((step.workingSeconds ?? step.durationSeconds) / 60);
      if (step.withinStandard) s.within += 1;
      samples.set(step.stageId, s);
    }
  }
  report.stages = profile.stages
    .filter((stage) => samples.has(stage.id))
    .map((stage) => {
      const s = samples.get(stage.id)!;
      const total = s.minutes.reduce((a, b) => a + b, 0);
      return {
        stageId: stage.id,
        label: stage.label,
        mutuBakuMinutes: stage.mutuBakuMinutes,
        count: s.minutes.length,
        averageMinutes: round1(total / s.minutes.length),
        maxMinutes: round1(Math.max(...s.minutes)),
        averageWorkingMinutes: round1(s.working.reduce((a, b) => a + b, 0) / s.working.length),
        maxWorkingMinutes: round1(Math.max(...s.working)),
        withinStandardShare: round1((100 * s.within) / s.minutes.length) / 100,
      };
    });
  return report;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
