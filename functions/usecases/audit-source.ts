/**
 * What auditors read: the releases of a period, their execution histories (live or
 * archived) turned into step rows, and the integrity of each release's event chain.
 * Used by the audit API, the periodic report and the `npm run audit` CLI alike.
 */
import { stepRows, type HistoryEventLike, type StepRow } from '#domain/audit/steps.js';
import { monthsBetween, type ReleaseActivity } from '#domain/audit/report.js';
import { brokenLink } from '#domain/events.js';
import { keys } from '#domain/keys.js';
import { calendarOf } from '#domain/office-structure.js';
import { resolveProfile, type ProfileId } from '#domain/profiles.js';
import type { Release } from '#domain/release.js';
import { ddb } from '#adapters/clients/dynamodb.js';
import { historyForAudit } from '#adapters/execution-history.js';
import { getRelease, listEvents } from '#adapters/release-store.js';
import { tableName } from '#adapters/table.js';
import { config } from '#runtime/env.js';

export interface ReleaseAudit {
  release: Release;
  rows: StepRow[];
  source: 'live' | 'archive' | 'none';
  /** The event log's hash chain holds; otherwise the first event whose link is broken. */
  chain: { intact: boolean; brokenAtSeq?: number; events: number };
  /** A problem reading this release's history (a tampered snapshot, say). */
  problem?: string;
}

export async function auditRelease(release: Release): Promise<ReleaseAudit> {
  const profile = resolveProfile(release.profile as ProfileId);
  const events = await listEvents(release.id);
  const broken = brokenLink(events);
  const seqGap = events.findIndex((e, i) => e.seq !== i + 1);
  const chain = {
    intact: !broken && seqGap < 0,
    brokenAtSeq: broken?.seq ?? (seqGap >= 0 ? seqGap + 1 : undefined),
    events: events.length,
  };
  if (!release.executionArn) return { release, rows: [], source: 'none', chain };
  try {
    const history = await historyForAudit(release.executionArn);
    const rows = stepRows(profile, release, release.executionArn, history.events as unknown as HistoryEventLike[], calendarOf(config()));
    return { release, rows, source: history.source, chain };
  } catch (e) {
    return { release, rows: [], source: 'none', chain, problem: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

export async function auditReleaseById(id: string): Promise<ReleaseAudit> {
  return auditRelease(await getRelease(id));
}

/** Audits many releases with bounded concurrency, reporting progress as it goes. */
export async function auditReleases(
  releases: Release[],
  options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<ReleaseAudit[]> {
  const results: ReleaseAudit[] = new Array<ReleaseAudit>(releases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < releases.length) {
      const i = next++;
      results[i] = await auditRelease(releases[i]!);
      options.onProgress?.(++done, releases.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, releases.length) }, worker));
  return results;
}

/**
 * Activity records (written by the report stage under the month a release completed)
 * for the releases of a period: a release received late in a month may complete in the
 * next, so one month past the period is read too.
 */
export async function activitiesForPeriod(from: string, to: string): Promise<ReleaseActivity[]> {
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const activities: ReleaseActivity[] = [];
  for (const month of monthsBetween(from, end.toISOString().slice(0, 10))) {
    const items = await ddb.queryAll({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.activity(month, '').pk },
    });
    activities.push(...(items as unknown as ReleaseActivity[]));
  }
  return activities;
}
