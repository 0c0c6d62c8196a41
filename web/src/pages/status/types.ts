/** GET /api/releases/{id} (the key in a header) — what the private status page shows. */
export type Label = { id: string; en: string } | string;

export interface TimelineEntry {
  stageId: string;
  label: Label;
  /** When absent, it follows from the times: finished → done, started → active. */
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the states the page styles, named; a newer API may send others
  state?: 'pending' | 'active' | 'done' | 'skipped' | 'failed' | string;
  startedAt?: string | null;
  finishedAt?: string | null;
  mutuBakuMinutes: number;
  /** Minutes taken so far (or in all, once finished). */
  minutes?: number;
  withinStandard?: boolean;
  holder?: Label;
}

export interface SenderMailEntry {
  kind: 'receipt' | 'published' | 'rejected';
  sentAt: string | null;
}

export interface ReleaseStatusView {
  id: string;
  /** Null while the submission waits for its sender's confirmation (status `awaiting-confirmation`). */
  agendaNumber: string | null;
  /** Until the sender's confirmation: when the link in their mail stops working, and when the submission is deleted. */
  confirmBy?: string;
  deleteAt?: string;
  status: string;
  title?: string;
  newsType?: { id: string; label: Label } | string;
  currentStage?: { id: string; label: Label } | string | null;
  timeline: TimelineEntry[];
  publication?: { url: string; publishedAt: string } | null;
  rejection?: { at: string; reason: string } | null;
  senderMails?: SenderMailEntry[];
}

export function stateOf(entry: TimelineEntry): string {
  return entry.state ?? (entry.finishedAt ? 'done' : entry.startedAt ? 'active' : 'pending');
}

/** Statuses after which nothing changes any more, so the page stops polling. */
export const FINAL_STATUSES = new Set(['completed', 'rejected', 'failed', 'archived']);

/** Minutes a finished stage took, rounded up from its own times ("0 minutes" only for no time at all). */
export function minutesTaken(entry: TimelineEntry): number | undefined {
  if (!entry.startedAt || !entry.finishedAt) return undefined;
  const ms = Date.parse(entry.finishedAt) - Date.parse(entry.startedAt);
  if (Number.isFinite(ms)) return Math.max(0, Math.ceil(ms / 60_000));
  return typeof entry.minutes === 'number' ? Math.ceil(entry.minutes) : undefined;
}
