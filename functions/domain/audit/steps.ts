/**
 * Step rows for auditors: one row per stage a release went through — who did what and
 * when, against the SOP's standard time. Built from a Step Functions execution history
 * (live, or the copy archived when the execution ended: both have AWS's event shape) and
 * the release record, which holds who decided what.
 */
import { BATAL } from '../voids.js';
import { workingMinutesBetween, type OfficeCalendar } from '../office-clock.js';
import type { DecisionRecord, Release } from '../release.js';
import { parafLine } from '../paraf.js';
import type { SopProfile, Stage } from '../profiles.js';
import { stageClock, withinMutuBaku } from '../sla.js';
import type { Correction } from '../correction.js';
import { correctionSummary } from '../text-changes.js';

/** The fields of a Step Functions history event this module reads (AWS's shape). */
export interface HistoryEventLike {
  id: number;
  type: string;
  /** Date from the SDK, ISO string from an archived JSON copy, epoch seconds from raw JSON. */
  timestamp: Date | string | number;
  stateEnteredEventDetails?: { name?: string; input?: string };
  stateExitedEventDetails?: { name?: string; output?: string };
  taskScheduledEventDetails?: { parameters?: string; resource?: string; resourceType?: string };
  taskFailedEventDetails?: { error?: string; cause?: string };
  taskTimedOutEventDetails?: { error?: string; cause?: string };
}

export interface StepRow {
  releaseId: string;
  agendaNumber: string;
  executionArn: string;
  stageId: string;
  stage: { id: string; en: string };
  sopStep: number;
  round: number;
  actor: { name: string; role: string; email: string };
  action: string;
  note: string;
  /** The paraf record as one line: who, role, when, round and the approved text's SHA-256. */
  paraf: string;
  /** The reviewer's in-place correction, word by word (text-changes.ts); '' when none. */
  correction: string;
  /** SHA-256 of the text approved with this paraf; empty for other steps. */
  textSha256: string;
  startedAt: string;
  finishedAt: string;
  /** Around the clock. */
  durationSeconds: number;
  /** Of those, the seconds the office was open: what Mutu Baku counts, unless "sangat segera". */
  workingSeconds: number;
  mutuBakuMinutes: number;
  withinStandard: boolean;
  /** `BATAL: <reason>` when the release's agenda number was voided; empty otherwise. */
  voided: string;
}

/** The automated stages are done by Warta on behalf of the stage's role. */
export const SYSTEM_ACTOR = { name: 'Warta (otomatis)', email: '' };

export function toIso(t: Date | string | number): string {
  if (t instanceof Date) return t.toISOString();
  if (typeof t === 'number') return new Date(t * 1000).toISOString();
  return new Date(t).toISOString();
}

interface OpenStep {
  stateName: string;
  enteredAt: string;
  payload?: { stageId?: string; kind?: string; round?: number; outcome?: string; error?: unknown };
  failed?: { error: string; cause: string; at: string };
}

function parsePayload(parameters: string | undefined): OpenStep['payload'] {
  if (!parameters) return undefined;
  try {
    const parsed = JSON.parse(parameters) as { Payload?: unknown };
    const payload = parsed.Payload;
    return payload && typeof payload === 'object' ? payload : undefined;
  } catch {
    return undefined;
  }
}

function decisionFor(release: Release, stageId: string, round: number): DecisionRecord | undefined {
  // The last decision of that stage and round: a save-draft comes before the submit.
  const matches = release.decisions.filter((d) => d.stageId === stageId && (d.round ?? 1) === round && d.action !== 'save-draft');
  return matches[matches.length - 1];
}

function secondsBetween(a: string, b: string): number {
  return Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000));
}

/**
 * The step rows of one execution. Task states are matched to stages by the stage id in
 * the Lambda payload (TaskScheduled parameters), so state names may change freely.
 */
export function stepRows(
  profile: SopProfile,
  release: Release,
  executionArn: string,
  history: HistoryEventLike[],
  cal: OfficeCalendar,
): StepRow[] {
  const rows: StepRow[] = [];
  const stages = new Map<string, Stage>(profile.stages.map((s) => [s.id, s]));
  let open: OpenStep | undefined;

  const close = (finishedAt: string, failed?: OpenStep['failed']) => {
    const current = open;
    open = undefined;
    const stageId = current?.payload?.stageId;
    if (!current || !stageId || current.payload?.error !== undefined) return; // failure recorder, not a stage
    const stage = stages.get(stageId);
    if (!stage) return;
    const round = current.payload?.round ?? 1;
    const decision = decisionFor(release, stageId, round);
    const durationSeconds = secondsBetween(current.enteredAt, finishedAt);
    const workingSeconds = Math.round(workingMinutesBetween(cal, new Date(current.enteredAt), new Date(finishedAt)) * 60);
    const rejectedNotice = current.payload?.outcome === 'rejected';
    rows.push({
      releaseId: release.id,
      agendaNumber: release.agendaNumber,
      voided: release.voided ? `${BATAL}: ${release.voided.reason}` : '',
      executionArn,
      stageId,
      stage: stage.label,
      sopStep: stage.sopStep,
      round,
      actor: decision
        ? { name: decision.actor.name, role: decision.actor.role, email: decision.actor.email }
        : { ...SYSTEM_ACTOR, role: stage.role },
      action: failed ? 'failed' : decision ? decision.action : rejectedNotice ? 'notify-rejection' : stage.kind,
      note: failed ? `${failed.error}: ${failed.cause}` : (decision?.note ?? (decision?.details?.['reason'] as string | undefined) ?? ''),
      paraf: parafLine(decision?.paraf),
      textSha256: decision?.paraf?.textSha256 ?? '',
      correction: decision?.details?.['correction'] ? correctionSummary(decision.details['correction'] as Correction) : '',
      startedAt: current.enteredAt,
      finishedAt,
      durationSeconds,
      workingSeconds,
      mutuBakuMinutes: stage.mutuBakuMinutes,
      withinStandard:
        !failed && withinMutuBaku(stageClock(release, current.enteredAt), durationSeconds / 60, workingSeconds / 60, stage.mutuBakuMinutes),
    });
  };

  for (const event of [...history].sort((a, b) => a.id - b.id)) {
    const at = toIso(event.timestamp);
    switch (event.type) {
      case 'TaskStateEntered':
        if (open?.failed) close(open.failed.at, open.failed);
        open = { stateName: event.stateEnteredEventDetails?.name ?? '', enteredAt: at };
        break;
      case 'TaskScheduled':
        if (open) open.payload = parsePayload(event.taskScheduledEventDetails?.parameters);
        break;
      case 'TaskFailed':
      case 'TaskTimedOut': {
        const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
        if (open) open.failed = { error: details?.error ?? 'States.TaskFailed', cause: details?.cause ?? '', at };
        break;
      }
      case 'TaskSucceeded':
        if (open) open.failed = undefined; // a retry that succeeded
        break;
      case 'TaskStateExited':
        close(at);
        break;
      default:
        // A caught failure leaves the task state without a TaskStateExited event.
        if (open?.failed && event.type.endsWith('StateEntered')) close(open.failed.at, open.failed);
        if (open?.failed && (event.type === 'ExecutionFailed' || event.type === 'ExecutionAborted' || event.type === 'ExecutionTimedOut')) {
          close(open.failed.at, open.failed);
        }
    }
  }
  return rows;
}
