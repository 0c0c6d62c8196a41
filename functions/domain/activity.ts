/**
 * The per-release activity record the report stage writes (`REPORT#<yyyy-mm>` /
 * `<releaseId>`) and the periodic report reads: for each SOP stage when it started and
 * finished, how long it took against its Mutu Baku, and the counts the report sums
 * (news type, institution, outlets reached by media type).
 *
 * Times come from the release's own records: its event log (stage Lambdas and task
 * items mark starts and finishes) and its decisions (a person's decision finishes a
 * human stage). A stage with a finish but no recorded start started when the stage
 * before it finished, because the SOP runs its stages one after another.
 */
import type { ReleaseActivity } from './audit/report.js';
import type { WartaConfig } from './config.js';
import { MEDIA_TYPES } from './config.js';
import type { SopProfile } from './profiles.js';
import type { Release, ReleaseEvent } from './release.js';
import { calendarOf } from './office-structure.js';
import { stageClock, stageTimings, withinMutuBaku, type StageMark } from './sla.js';

export interface ActivityStep {
  stageId: string;
  label: { id: string; en: string };
  startedAt?: string;
  finishedAt?: string;
  durationSeconds: number;
  /** Of those, the seconds the office was open. */
  workingSeconds: number;
  mutuBakuMinutes: number;
  withinStandard: boolean;
}

export interface ActivityRecord extends ReleaseActivity {
  releaseId: string;
  /** Month of the record's partition (the office's month of completion). */
  month: string;
  agendaNumber: string;
  newsType: string;
  institution: string;
  status: Release['status'];
  steps: ActivityStep[];
  outletsByType: Record<string, number>;
  outletsSkipped: number;
  writtenAt: string;
}

const STARTED = /(^|\.)(started|entered|created|opened)$/;
const FINISHED = /(^|\.)(finished|completed|done|decided)$/;

/** Start and finish marks for each stage, from events, decisions and the release itself. */
export function stageMarks(release: Release, events: ReleaseEvent[], profile: SopProfile): StageMark[] {
  const marks: StageMark[] = [];
  for (const e of events) {
    if (!e.stageId) continue;
    const enteredAt = typeof e.data?.enteredAt === 'string' ? e.data.enteredAt : undefined;
    if (enteredAt) marks.push({ stageId: e.stageId, type: 'started', at: enteredAt });
    // A start event may carry the state's own entry time (`data.at`), earlier than its write.
    if (STARTED.test(e.type)) marks.push({ stageId: e.stageId, type: 'started', at: typeof e.data?.at === 'string' ? e.data.at : e.at });
    if (FINISHED.test(e.type)) marks.push({ stageId: e.stageId, type: 'finished', at: e.at });
  }
  for (const d of release.decisions) {
    if (d.action !== 'save-draft') marks.push({ stageId: d.stageId, type: 'finished', at: d.at });
  }
  const first = profile.stages[0];
  if (first && !marks.some((m) => m.stageId === first.id && m.type === 'started')) {
    marks.push({ stageId: first.id, type: 'started', at: release.createdAt });
  }
  // Sequential SOP: a stage without a recorded start began when the one before finished
  // (or, with nothing recorded before it, when the release came in).
  let previousFinish: string | undefined = release.createdAt;
  for (const stage of profile.stages) {
    const own = marks.filter((m) => m.stageId === stage.id);
    if (!own.some((m) => m.type === 'started') && own.some((m) => m.type === 'finished') && previousFinish) {
      marks.push({ stageId: stage.id, type: 'started', at: previousFinish });
    }
    const finishes = marks
      .filter((m) => m.stageId === stage.id && m.type === 'finished')
      .map((m) => m.at)
      .sort();
    previousFinish = finishes.at(-1) ?? previousFinish;
  }
  return marks;
}

export interface ActivityInput {
  release: Release;
  events: ReleaseEvent[];
  profile: SopProfile;
  cfg: WartaConfig;
  /** The report stage itself: it starts at `enteredAt` and finishes `now`. */
  reportStage?: { stageId: string; enteredAt: string };
  month: string;
  now: Date;
  /** Media type of outlets added at run time (DIRECTORY), by outlet id. */
  outletTypes?: Record<string, string>;
}

export function buildActivityRecord(input: ActivityInput): ActivityRecord {
  const { release, profile, cfg, now } = input;
  const marks = stageMarks(release, input.events, profile);
  if (input.reportStage) {
    marks.push({ stageId: input.reportStage.stageId, type: 'started', at: input.reportStage.enteredAt });
    marks.push({ stageId: input.reportStage.stageId, type: 'finished', at: now.toISOString() });
  }
  const steps: ActivityStep[] = stageTimings(profile, marks, now, calendarOf(cfg))
    // A stage that never ran (e.g. publish after a rejection) is not part of the record.
    .filter((t) => t.startedAt && t.finishedAt)
    .map((t) => {
      const durationSeconds = Math.max(0, Math.round((Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)) / 1000));
      const workingSeconds = Math.round((t.workingMinutes ?? 0) * 60);
      return {
        stageId: t.stageId,
        label: t.label,
        startedAt: t.startedAt,
        finishedAt: t.finishedAt,
        durationSeconds,
        workingSeconds,
        mutuBakuMinutes: t.mutuBakuMinutes,
        withinStandard: withinMutuBaku(stageClock(release, t.startedAt!), durationSeconds / 60, workingSeconds / 60, t.mutuBakuMinutes),
      };
    });

  const outletType = new Map<string, string>([
    ...cfg.media.map((m) => [m.id, m.type] as const),
    ...Object.entries(input.outletTypes ?? {}),
  ]);
  const outletsByType: Record<string, number> = Object.fromEntries(MEDIA_TYPES.map((t) => [t, 0]));
  for (const id of release.publication?.outletsSent ?? []) {
    const type = outletType.get(id) ?? 'online';
    outletsByType[type] = (outletsByType[type] ?? 0) + 1;
  }

  return {
    releaseId: release.id,
    month: input.month,
    agendaNumber: release.agendaNumber,
    newsType: release.newsType,
    institution: release.submission.submitter.institution,
    status: release.status,
    steps,
    outletsByType,
    outletsSkipped: release.publication?.outletsSkipped.length ?? 0,
    writtenAt: now.toISOString(),
  };
}
