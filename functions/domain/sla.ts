/**
 * Standard times (Mutu Baku): when a task is due, when its one reminder and its
 * escalation fall, and how long each stage took against its standard.
 */
import type { SopProfile } from './profiles.js';
import type { TaskItem } from './tasks.js';

export interface SlaPolicy {
  remindAfter: number;
  escalateAfter: number;
}

export type SlaStep = 'remind' | 'escalate';

/** The instant `factor` standard times after the task was created. */
export function pointAfter(task: Pick<TaskItem, 'createdAt' | 'dueAt'>, factor: number): number {
  const start = Date.parse(task.createdAt);
  return start + (Date.parse(task.dueAt) - start) * factor;
}

/** What the sweep owes an open task now: each step happens once. */
export function slaStepsDue(task: Pick<TaskItem, 'createdAt' | 'dueAt' | 'remindedAt' | 'escalatedAt' | 'state'>, policy: SlaPolicy, now: Date): SlaStep[] {
  if (task.state !== 'open') return [];
  const steps: SlaStep[] = [];
  const t = now.getTime();
  if (!task.remindedAt && t >= pointAfter(task, policy.remindAfter)) steps.push('remind');
  if (!task.escalatedAt && t >= pointAfter(task, policy.escalateAfter)) steps.push('escalate');
  return steps;
}

/**
 * The sweep reads open tasks whose due time is before this instant: with factors of 1
 * or more nothing is owed before the due time; smaller factors look ahead.
 */
export function sweepHorizon(now: Date, policy: SlaPolicy, longestMutuBakuMinutes: number): Date {
  const earliest = Math.min(policy.remindAfter, policy.escalateAfter);
  if (earliest >= 1) return now;
  return new Date(now.getTime() + (1 - earliest) * longestMutuBakuMinutes * 60_000);
}

export interface StageTiming {
  stageId: string;
  label: { id: string; en: string };
  mutuBakuMinutes: number;
  startedAt?: string;
  finishedAt?: string;
  /** Minutes taken (so far, when not finished). */
  minutes?: number;
  withinStandard?: boolean;
}

export interface StageMark {
  stageId: string;
  type: 'started' | 'finished';
  at: string;
}

/** Each stage of the profile with its start, finish and standing against Mutu Baku. */
export function stageTimings(profile: SopProfile, marks: StageMark[], now: Date): StageTiming[] {
  return profile.stages.map((stage) => {
    const own = marks.filter((m) => m.stageId === stage.id);
    const startedAt = own.filter((m) => m.type === 'started').map((m) => m.at).sort()[0];
    const finishedAt = own.filter((m) => m.type === 'finished').map((m) => m.at).sort().at(-1);
    const timing: StageTiming = { stageId: stage.id, label: stage.label, mutuBakuMinutes: stage.mutuBakuMinutes, startedAt, finishedAt };
    if (startedAt) {
      const end = finishedAt ? Date.parse(finishedAt) : now.getTime();
      timing.minutes = Math.max(0, Math.round(((end - Date.parse(startedAt)) / 60_000) * 10) / 10);
      timing.withinStandard = timing.minutes <= stage.mutuBakuMinutes;
    }
    return timing;
  });
}
