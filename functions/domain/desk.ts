/**
 * The desk's lists, from the stored tasks and releases: a person's open tasks, and the
 * tracking board of every release in progress. Time against Mutu Baku is counted on the
 * task's own clock (office hours, or around the clock for "sangat segera"), as the SLA
 * sweep counts it, so what the desk calls overdue is what the sweep reminds about.
 */
import { workingMinutesBetween, type OfficeCalendar } from './office-clock.js';
import type { SopProfile, Stage } from './profiles.js';
import type { Release } from './release.js';
import type { TaskClock } from './sla.js';
import { taskView, type TaskItem } from './tasks.js';

export interface DueStanding {
  overdue: boolean;
  /** Minutes on the task's clock until due; 0 once overdue. */
  minutesLeft: number;
  /** Minutes on the task's clock past due; 0 while not overdue. */
  minutesOver: number;
}

const whole = (minutes: number) => Math.max(0, Math.floor(minutes));

/** Minutes between two instants on a clock: office minutes, or every minute. */
export function minutesOnClock(cal: OfficeCalendar, clock: TaskClock, from: Date, to: Date): number {
  if (clock === 'working') return workingMinutesBetween(cal, from, to);
  return Math.max(0, (to.getTime() - from.getTime()) / 60_000);
}

/** Where a due time stands now, counted on the task's clock (a task without one predates the office's clock). */
export function dueStanding(cal: OfficeCalendar, clock: TaskClock | undefined, dueAt: string, now: Date): DueStanding {
  const due = new Date(dueAt);
  const on = clock ?? 'elapsed';
  if (now.getTime() > due.getTime()) return { overdue: true, minutesLeft: 0, minutesOver: whole(minutesOnClock(cal, on, due, now)) };
  return { overdue: false, minutesLeft: whole(minutesOnClock(cal, on, now, due)), minutesOver: 0 };
}

/** Whether a person holds a task: named at the stage, or given it by escalation. */
export function holdsTask(task: Pick<TaskItem, 'assignees' | 'escalatedTo'>, personId: string): boolean {
  return task.assignees.includes(personId) || task.escalatedTo.includes(personId);
}

export interface MyTask extends DueStanding {
  taskId: string;
  releaseId: string;
  agendaNumber: string;
  title: string;
  stage: { id: string; kind: string; label: Stage['label'] };
  round: number;
  dueAt: string;
  inOfficeHours: boolean;
  /** Given by escalation: the person acts for the one first named. */
  escalated: boolean;
}

/** Overdue first (longest over first), then soonest due. */
export function byUrgency<T extends { overdue: boolean; minutesOver: number; dueAt: string }>(a: T, b: T): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.overdue && a.minutesOver !== b.minutesOver) return b.minutesOver - a.minutesOver;
  return a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0;
}

/**
 * A person's open tasks: those they hold, whose link would still act now (not past
 * closing, the release not closed), overdue first.
 */
export function myTasks(
  personId: string,
  tasks: TaskItem[],
  releases: ReadonlyMap<string, Release>,
  profile: SopProfile,
  cal: OfficeCalendar,
  now: Date,
): MyTask[] {
  return tasks
    .flatMap((task): MyTask[] => {
      const release = releases.get(task.releaseId);
      const stage = profile.stages.find((s) => s.id === task.stageId);
      if (!release || !stage || !holdsTask(task, personId) || taskView(task, release.status, now) !== 'open') return [];
      return [
        {
          taskId: task.taskId,
          releaseId: release.id,
          agendaNumber: release.agendaNumber,
          title: release.submission.title,
          stage: { id: stage.id, kind: stage.kind, label: stage.label },
          round: task.round,
          dueAt: task.dueAt,
          inOfficeHours: task.clock === 'working',
          escalated: !task.assignees.includes(personId),
          ...dueStanding(cal, task.clock, task.dueAt, now),
        },
      ];
    })
    .sort(byUrgency);
}

/** The board's filters; each absent one lets everything through. */
export interface BoardFilter {
  stage?: string;
  newsType?: string;
  institution?: string;
  overdue?: boolean;
}

export interface BoardRow extends DueStanding {
  releaseId: string;
  agendaNumber: string;
  title: string;
  newsType: string;
  institution: string;
  status: Release['status'];
  stage: { id: string; label: Stage['label']; mutuBakuMinutes: number } | null;
  /** People holding the stage's open task (ids; the handler names them). */
  holders: string[];
  /** When the release entered its current stage. */
  since: string | null;
  /** Minutes at the stage so far, on its clock. */
  minutesAtStage: number;
  dueAt: string | null;
  inOfficeHours: boolean;
}

export interface StageEntry {
  stageId: string;
  at: string;
}

/**
 * One board row: the stage's open task gives holders and due time; a stage without one (a
 * step the system runs) counts from when it started against its Mutu Baku on office hours.
 */
export function boardRow(
  release: Release,
  openTasks: TaskItem[],
  entered: StageEntry | undefined,
  profile: SopProfile,
  cal: OfficeCalendar,
  now: Date,
): BoardRow {
  const stage = profile.stages.find((s) => s.id === release.currentStage);
  const task = openTasks.filter((t) => t.stageId === release.currentStage).sort((a, b) => b.round - a.round)[0];
  const since = task?.createdAt ?? (entered && entered.stageId === stage?.id ? entered.at : null);
  const clock: TaskClock = task?.clock ?? 'working';
  const dueAt = task?.dueAt ?? null;
  let standing: DueStanding = { overdue: false, minutesLeft: 0, minutesOver: 0 };
  let minutesAtStage = 0;
  if (since) {
    minutesAtStage = whole(minutesOnClock(cal, clock, new Date(since), now));
    if (dueAt) standing = dueStanding(cal, task?.clock, dueAt, now);
    else if (stage) {
      const over = minutesAtStage - stage.mutuBakuMinutes;
      standing = { overdue: over > 0, minutesLeft: Math.max(0, -over), minutesOver: Math.max(0, over) };
    }
  }
  return {
    releaseId: release.id,
    agendaNumber: release.agendaNumber,
    title: release.submission.title,
    newsType: release.newsType,
    institution: release.submission.submitter.institution,
    status: release.status,
    stage: stage ? { id: stage.id, label: stage.label, mutuBakuMinutes: stage.mutuBakuMinutes } : null,
    holders: task ? [...new Set([...task.assignees, ...task.escalatedTo])] : [],
    since,
    minutesAtStage,
    dueAt,
    inOfficeHours: clock === 'working',
    ...standing,
  };
}

const sameText = (a: string, b: string) => a.localeCompare(b, 'id', { sensitivity: 'base' }) === 0;

export function matchesFilter(row: BoardRow, filter: BoardFilter): boolean {
  if (filter.stage && row.stage?.id !== filter.stage) return false;
  if (filter.newsType && row.newsType !== filter.newsType) return false;
  if (filter.institution && !sameText(row.institution, filter.institution)) return false;
  if (filter.overdue !== undefined && row.overdue !== filter.overdue) return false;
  return true;
}
