/** GET /api/releases/{id}?key= — what the private status page shows. */
export type Label = { id: string; en: string } | string;

export interface TimelineEntry {
  stageId: string;
  label: Label;
  state: 'pending' | 'active' | 'done' | 'skipped' | 'failed' | string;
  startedAt?: string;
  finishedAt?: string;
  mutuBakuMinutes: number;
  withinStandard?: boolean;
  holder?: Label;
}

export interface ReleaseStatusView {
  id: string;
  agendaNumber: string;
  status: string;
  title?: string;
  currentStage?: string;
  timeline: TimelineEntry[];
}

/** Statuses after which nothing changes any more, so the page stops polling. */
export const FINAL_STATUSES = new Set(['completed', 'rejected', 'failed', 'archived']);

/** Minutes a finished stage took (rounded up, so "0 minutes" never shows for real work). */
export function minutesTaken(entry: TimelineEntry): number | undefined {
  if (!entry.startedAt || !entry.finishedAt) return undefined;
  const ms = Date.parse(entry.finishedAt) - Date.parse(entry.startedAt);
  return Number.isFinite(ms) ? Math.max(0, Math.ceil(ms / 60_000)) : undefined;
}
