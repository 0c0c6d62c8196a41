/**
 * Execution histories, live and archived. Step Functions keeps a closed execution's
 * history for 90 days only, so when an execution ends its whole history is copied to
 * the archive bucket (`history/<execution name>.json`) with the SHA-256 of its events;
 * auditors read the live history while there is one and the copy after.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { canonicalJson } from '#domain/events.js';
import { sha256Hex } from '#domain/ids.js';
import { ENV } from '#domain/workflow.js';
import { isMissing, s3 } from './clients/s3.js';
import { dateOf, sfnCall } from './clients/sfn.js';
import { env } from './env.js';

/** GetExecutionHistory returns at most 1000 events a page. */
const PAGE = 1000;
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

export interface HistorySnapshot {
  executionArn: string;
  stateMachineArn?: string;
  name: string;
  status?: string;
  startDate?: string;
  stopDate?: string;
  eventCount: number;
  /** SHA-256 of the canonical JSON of `events`: a changed or removed event shows. */
  sha256: string;
  events: HistoryEvent[];
}

export class TamperedSnapshot extends Error {
  override name = 'TamperedSnapshot';
}

async function withBackoff<T>(call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const name = (e as { name?: string }).name ?? '';
      if (!THROTTLED.has(name) || attempt >= attempts) throw e;
      // Full jitter, as AWS recommends for throttled control-plane calls.
      const cap = Math.min(5_000, 100 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.random() * cap));
    }
  }
}

/** The whole history of an execution, page by page, oldest first. */
export async function liveHistory(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await withBackoff(() =>
      sfnCall<{ events?: (HistoryEvent & { timestamp?: unknown })[]; nextToken?: string }>('GetExecutionHistory', { executionArn, maxResults: PAGE, nextToken, includeExecutionData: true }),
    );
    // Timestamps as the SDK gives them (Dates), so snapshots and exports keep their ISO form.
    events.push(...(page.events ?? []).map((e) => ({ ...e, timestamp: dateOf(e.timestamp) })));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export function executionName(executionArn: string): string {
  return executionArn.split(':').at(-1) ?? executionArn;
}

export const snapshotKey = (name: string) => `history/${name}.json`;

function eventsHash(events: unknown[]): string {
  // Dates become ISO strings first, so the hash is the same before and after JSON.
  return sha256Hex(canonicalJson(JSON.parse(JSON.stringify(events))));
}

/** Copies an ended execution's history into the archive; a second run writes nothing new. */
export async function archiveHistory(executionArn: string): Promise<{ key: string; written: boolean; eventCount: number }> {
  const bucket = env(ENV.archiveBucket);
  const name = executionName(executionArn);
  const key = snapshotKey(name);
  if (await exists(bucket, key)) return { key, written: false, eventCount: -1 };
  const [described, events] = await Promise.all([
    withBackoff(() => sfnCall<{ stateMachineArn?: string; status?: string; startDate?: unknown; stopDate?: unknown }>('DescribeExecution', { executionArn })),
    liveHistory(executionArn),
  ]);
  const snapshot: HistorySnapshot = {
    executionArn,
    stateMachineArn: described.stateMachineArn,
    name,
    status: described.status,
    startDate: dateOf(described.startDate)?.toISOString(),
    stopDate: dateOf(described.stopDate)?.toISOString(),
    eventCount: events.length,
    sha256: eventsHash(events),
    events,
  };
  await s3.putObject(bucket, key, JSON.stringify(snapshot), { contentType: 'application/json' });
  return { key, written: true, eventCount: events.length };
}

/** The archived copy, checked against its own hash; a changed copy throws TamperedSnapshot. */
export async function archivedHistory(executionArn: string): Promise<HistorySnapshot | undefined> {
  const bucket = env(ENV.archiveBucket);
  const key = snapshotKey(executionName(executionArn));
  let text: string;
  try {
    text = (await s3.getObject(bucket, key)).toString('utf8');
  } catch (e) {
    if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
    throw e;
  }
  const snapshot = JSON.parse(text) as HistorySnapshot;
  if (snapshot.eventCount !== snapshot.events.length || snapshot.sha256 !== eventsHash(snapshot.events)) {
    throw new TamperedSnapshot(`the archived history ${key} does not match its SHA-256`);
  }
  return snapshot;
}

/** Live history while Step Functions still has it, the archived copy after. */
export async function historyForAudit(executionArn: string): Promise<{ source: 'live' | 'archive'; events: HistoryEvent[] }> {
  const archived = await archivedHistory(executionArn);
  if (archived) return { source: 'archive', events: archived.events };
  try {
    return { source: 'live', events: await liveHistory(executionArn) };
  } catch (e) {
    if ((e as { name?: string }).name === 'ExecutionDoesNotExist') return { source: 'archive', events: [] };
    throw e;
  }
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await s3.headObject(bucket, key);
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
