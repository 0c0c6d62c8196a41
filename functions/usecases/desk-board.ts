/**
 * The tracking board: every release in progress with its stage, who holds it, its time at
 * the stage against Mutu Baku and its agenda number, filtered as the desk asks.
 */
import { newsTypesOf, profileOf } from '#domain/config.js';
import { boardRow, byUrgency, matchesFilter, type BoardFilter, type BoardRow } from '#domain/desk.js';
import { EVENT_TYPES } from '#domain/events.js';
import { calendarOf } from '#domain/office-structure.js';
import type { Release } from '#domain/release.js';
import type { TaskItem } from '#domain/tasks.js';
import { config } from '#runtime/env.js';
import { listEvents, releasesCreatedBetween } from '#adapters/release-store.js';
import { openTasks } from '#adapters/task-store.js';

/**
 * How far back the board looks for releases still in progress. A release whose task is
 * left waiting expires after config.sla.expireAfterDays per stage, so none stays in
 * progress for a year.
 */
const LOOKBACK_DAYS = 366;

export interface Board {
  rows: BoardRow[];
  /** What the filters offer: the profile's stages, the office's news types, the institutions on the board. */
  stages: { id: string; label: { id: string; en: string } }[];
  newsTypes: { id: string; label: { id: string; en: string } }[];
  institutions: string[];
}

/** Releases in progress (and those received whose workflow is starting). */
async function releasesInProgress(now: Date): Promise<Release[]> {
  const from = new Date(now.getTime() - LOOKBACK_DAYS * 24 * 3_600_000).toISOString();
  const to = now.toISOString();
  const [running, starting] = await Promise.all([
    releasesCreatedBetween(from, to, { status: 'in-progress' }),
    releasesCreatedBetween(from, to, { status: 'received' }),
  ]);
  return [...running, ...starting];
}

/** When the release entered its current stage, from its log (for a stage with no task of people). */
async function stageEntry(release: Release): Promise<{ stageId: string; at: string } | undefined> {
  if (!release.currentStage) return undefined;
  const started = (await listEvents(release.id))
    .filter((e) => e.type === EVENT_TYPES.stageStarted && e.stageId === release.currentStage)
    .at(-1);
  if (!started) return undefined;
  return { stageId: release.currentStage, at: typeof started.data?.at === 'string' ? started.data.at : started.at };
}

export async function trackingBoard(filter: BoardFilter, now: Date = new Date()): Promise<Board> {
  const cfg = config();
  const profile = profileOf(cfg);
  const cal = calendarOf(cfg);
  const [releases, open] = await Promise.all([releasesInProgress(now), openTasks()]);
  const tasksByRelease = new Map<string, TaskItem[]>();
  for (const task of open) tasksByRelease.set(task.releaseId, [...(tasksByRelease.get(task.releaseId) ?? []), task]);
  const rows: BoardRow[] = [];
  for (const release of releases) {
    const tasks = tasksByRelease.get(release.id) ?? [];
    const held = tasks.some((t) => t.stageId === release.currentStage);
    rows.push(boardRow(release, tasks, held ? undefined : await stageEntry(release), profile, cal, now));
  }
  const newsTypes = newsTypesOf(cfg);
  return {
    rows: rows.filter((row) => matchesFilter(row, filter)).sort(byBoardOrder),
    stages: profile.stages.map((s) => ({ id: s.id, label: s.label })),
    newsTypes: Object.entries(newsTypes).map(([id, label]) => ({ id, label })),
    institutions: [...new Set(rows.map((r) => r.institution))].sort((a, b) => a.localeCompare(b, 'id')),
  };
}

/** Overdue first, then soonest due; rows with no due time (a step the system runs) after, oldest first. */
function byBoardOrder(a: BoardRow, b: BoardRow): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.dueAt && b.dueAt) return byUrgency({ ...a, dueAt: a.dueAt }, { ...b, dueAt: b.dueAt });
  if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
  return (a.since ?? '') < (b.since ?? '') ? -1 : 1;
}
