/**
 * Execution histories, live and archived. Step Functions keeps a closed execution's
 * history for 90 days only, so when an execution ends its whole history is copied to
 * the archive bucket (`history/<execution name>.json`) with the SHA-256 of its events;
 * auditors read the live history while there is one and the copy after.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
} from '@aws-sdk/client-sfn';
import { canonicalJson } from '#domain/events.js';
import { sha256Hex } from '#domain/ids.js';
import { ENV } from '#contract/handlers.js';
import { isMissing, s3 } from './clients/s3.js';
import { sfn } from './clients/sfn.js';
import { env } from '#runtime/env.js';

/** GetExecutionHistory returns at most 1000 events a page. */
const PAGE = 1000;

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

/** The whole history of an execution, page by page, oldest first. */
export async function liveHistory(executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    // A throttled page is retried by the SDK (standard mode), as every call here is.
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: PAGE, nextToken, includeExecutionData: true }));
    events.push(...(page.events ?? []));
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
  const [described, events] = await Promise.all([sfn.send(new DescribeExecutionCommand({ executionArn })), liveHistory(executionArn)]);
  const snapshot: HistorySnapshot = {
    executionArn,
    stateMachineArn: described.stateMachineArn,
    name,
    status: described.status,
    startDate: described.startDate?.toISOString(),
    stopDate: described.stopDate?.toISOString(),
    eventCount: events.length,
    sha256: eventsHash(events),
    events,
  };
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(snapshot), ContentType: 'application/json' }));
  return { key, written: true, eventCount: events.length };
}

/** Step Functions keeps a closed execution (and its history) this long. */
const RETENTION_DAYS = 90;
/** An execution that ended this recently is left to the ExecutionFinished event, which may still be at it. */
const SETTLE_MS = 60 * 60_000;
const ENDED_STATUSES: ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];
/** Archived at once: HEADs and copies, gentle on S3 and Step Functions. */
const CATCH_UP_CONCURRENCY = 4;

/**
 * The catch-up: the history of every ended execution of this machine that Step Functions
 * still keeps and the archive does not have yet, copied now. The ExecutionFinished event
 * normally does it, but Lambda gives an asynchronously invoked function three attempts
 * only; a history missed then would be lost once Step Functions drops it. Executions that
 * ended within the last hour are left to the event. Each call checks every ended execution
 * of the last 90 days (one HEAD each), so a missed day of catch-ups loses nothing.
 */
export async function archiveMissedHistories(stateMachineArn: string, now: Date): Promise<{ checked: number; archived: string[] }> {
  const oldestStart = now.getTime() - RETENTION_DAYS * 86_400_000;
  const settledBefore = now.getTime() - SETTLE_MS;
  const ended: string[] = [];
  for (const statusFilter of ENDED_STATUSES) {
    let nextToken: string | undefined;
    page: do {
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: PAGE, nextToken }));
      // Newest start first: once one started before the retention window, so did the rest.
      for (const execution of listed.executions ?? []) {
        if ((execution.startDate?.getTime() ?? 0) < oldestStart) break page;
        if ((execution.stopDate?.getTime() ?? now.getTime()) <= settledBefore && execution.executionArn) ended.push(execution.executionArn);
      }
      nextToken = listed.nextToken;
    } while (nextToken);
  }
  const archived: string[] = [];
  const queue = [...ended];
  const worker = async () => {
    for (let arn = queue.shift(); arn !== undefined; arn = queue.shift()) {
      if ((await archiveHistory(arn)).written) archived.push(executionName(arn));
    }
  };
  await Promise.all(Array.from({ length: CATCH_UP_CONCURRENCY }, worker));
  return { checked: ended.length, archived: archived.sort() };
}

/** The archived copy, checked against its own hash; a changed copy throws TamperedSnapshot. */
export async function archivedHistory(executionArn: string): Promise<HistorySnapshot | undefined> {
  const bucket = env(ENV.archiveBucket);
  const key = snapshotKey(executionName(executionArn));
  let text: string;
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    text = (await out.Body?.transformToString('utf8')) ?? '';
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
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if (isMissing(e)) return false;
    throw e;
  }
}
