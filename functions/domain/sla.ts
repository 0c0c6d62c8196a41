/**
 * Standard times (Mutu Baku): when a task is due, when its one reminder and its
 * escalation fall, and how long each stage took against its standard. They run on the
 * office's clock (office-clock.ts), except for a release disposed "sangat segera", whose
 * clock runs around the day: such a release may be reminded and escalated at any hour.
 */
import { addWorkingMinutes, isOfficeHours, workingMinutesBetween, type OfficeCalendar } from './office-clock.js';
import type { SopProfile } from './profiles.js';
import type { Disposition } from './release.js';
import type { TaskItem } from './tasks.js';

export interface SlaPolicy {
  remindAfter: number;
  escalateAfter: number;
}

export type SlaStep = 'remind' | 'escalate';

/** Which clock a task's standard time runs on: office hours, or every hour for "sangat segera". */
export type TaskClock = 'working' | 'elapsed';

export function clockFor(urgency: Disposition['urgency'] | undefined): TaskClock {
  return urgency === 'sangat-segera' ? 'elapsed' : 'working';
}

/**
 * The clock a stage of a release ran on: the office's, unless the release had been disposed
 * "sangat segera" before the stage started.
 */
export function stageClock(release: { disposition?: Pick<Disposition, 'urgency' | 'at'> }, startedAt: string): TaskClock {
  const d = release.disposition;
  return d && d.at <= startedAt ? clockFor(d.urgency) : 'working';
}

/** Whether a stage kept to Mutu Baku, counting the minutes of its own clock. */
export function withinMutuBaku(clock: TaskClock, elapsedMinutes: number, workingMinutes: number, mutuBakuMinutes: number): boolean {
  return (clock === 'working' ? workingMinutes : elapsedMinutes) <= mutuBakuMinutes;
}

/** The instant `minutes` after `from` on the given clock. */
export function afterOnClock(cal: OfficeCalendar, clock: TaskClock, from: Date, minutes: number): Date {
  return clock === 'working' ? addWorkingMinutes(cal, from, minutes) : new Date(from.getTime() + minutes * 60_000);
}

type SweptTask = Pick<TaskItem, 'createdAt' | 'remindedAt' | 'escalatedAt' | 'state' | 'clock'>;

/** The instant `factor` standard times after the task was created, on the task's clock. */
export function pointAfter(cal: OfficeCalendar, task: SweptTask, mutuBakuMinutes: number, factor: number): Date {
  // A task stored without a clock predates the office's clock and keeps the one it was due on.
  return afterOnClock(cal, task.clock ?? 'elapsed', new Date(task.createdAt), mutuBakuMinutes * factor);
}

/**
 * What the sweep owes an open task now: each step happens once, and a task on the office's
 * clock is reminded and escalated only while the office is open.
 */
export function slaStepsDue(task: SweptTask, policy: SlaPolicy, mutuBakuMinutes: number, cal: OfficeCalendar, now: Date): SlaStep[] {
  if (task.state !== 'open') return [];
  if ((task.clock ?? 'elapsed') === 'working' && !isOfficeHours(cal, now)) return [];
  const steps: SlaStep[] = [];
  const t = now.getTime();
  if (!task.remindedAt && t >= pointAfter(cal, task, mutuBakuMinutes, policy.remindAfter).getTime()) steps.push('remind');
  if (!task.escalatedAt && t >= pointAfter(cal, task, mutuBakuMinutes, policy.escalateAfter).getTime()) steps.push('escalate');
  return steps;
}

/**
 * The sweep reads open tasks whose due time is before this instant: with factors of 1
 * or more nothing is owed before the due time; smaller factors look ahead, by office
 * time, which is never shorter than the same minutes around the clock.
 */
export function sweepHorizon(now: Date, policy: SlaPolicy, longestMutuBakuMinutes: number, cal: OfficeCalendar): Date {
  const earliest = Math.min(policy.remindAfter, policy.escalateAfter);
  if (earliest >= 1) return now;
  return addWorkingMinutes(cal, now, (1 - earliest) * longestMutuBakuMinutes);
}

export interface StageTiming {
  stageId: string;
  label: { id: string; en: string };
  mutuBakuMinutes: number;
  startedAt?: string;
  finishedAt?: string;
  /** Minutes taken (so far, when not finished), around the clock. */
  minutes?: number;
  /** Of those, the minutes the office was open: what Mutu Baku counts. */
  workingMinutes?: number;
  withinStandard?: boolean;
}

export interface StageMark {
  stageId: string;
  type: 'started' | 'finished';
  at: string;
}

/** Each stage of the profile with its start, finish and standing against Mutu Baku. */
export function stageTimings(profile: SopProfile, marks: StageMark[], now: Date, cal: OfficeCalendar): StageTiming[] {
  return profile.stages.map((stage) => {
    const own = marks.filter((m) => m.stageId === stage.id);
    const startedAt = own
      .filter((m) => m.type === 'started')
      .map((m) => m.at)
      .sort()[0];
    const finishedAt = own
      .filter((m) => m.type === 'finished')
      .map((m) => m.at)
      .sort()
      .at(-1);
    const timing: StageTiming = { stageId: stage.id, label: stage.label, mutuBakuMinutes: stage.mutuBakuMinutes, startedAt, finishedAt };
    if (startedAt) {
      const end = finishedAt ? Date.parse(finishedAt) : now.getTime();
      const tenths = (m: number) => Math.max(0, Math.round(m * 10) / 10);
      timing.minutes = tenths((end - Date.parse(startedAt)) / 60_000);
      timing.workingMinutes = tenths(workingMinutesBetween(cal, new Date(startedAt), new Date(end)));
      timing.withinStandard = timing.workingMinutes <= stage.mutuBakuMinutes;
    }
    return timing;
  });
}
