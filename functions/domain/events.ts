/**
 * The release's event log is hash-chained: each event's hash covers the previous hash
 * and the event's canonical JSON, so an auditor can tell an edited or deleted entry.
 */
import { sha256Hex } from './ids.js';
import type { ReleaseEvent } from './release.js';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth and undefined values left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export type UnhashedEvent = Omit<ReleaseEvent, 'hash'>;

export function eventHash(event: UnhashedEvent): string {
  const { releaseId, seq, type, stageId, actorId, at, data, prevHash } = event;
  return sha256Hex(prevHash + canonicalJson({ releaseId, seq, type, stageId, actorId, at, data }));
}

/** The first event whose link is broken, or null when the whole chain holds. */
export function brokenLink(events: ReleaseEvent[]): ReleaseEvent | null {
  let prev = GENESIS_HASH;
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    if (e.prevHash !== prev || e.hash !== eventHash(e)) return e;
    prev = e.hash;
  }
  return null;
}

/**
 * Event types every stage writes, so the status page and the report can time stages:
 * `stage.started` when a stage begins, `stage.finished` when it ends (both with stageId).
 */
export const EVENT_TYPES = {
  stageStarted: 'stage.started',
  stageFinished: 'stage.finished',
  received: 'release.received',
  registered: 'release.registered',
  taskOpened: 'task.opened',
  taskSuperseded: 'task.superseded',
  draftSaved: 'draft.saved',
  decision: 'decision',
  reminded: 'task.reminded',
  escalated: 'task.escalated',
  expired: 'task.expired',
  failed: 'release.failed',
  agendaVoided: 'agenda.voided',
} as const;
