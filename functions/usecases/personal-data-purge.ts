/**
 * Removes the personal data of rejected and failed releases once the office's
 * `personalData.removeAfterDays` have passed since they were submitted: the submitter's
 * name, email and phone, and the approvers' IP and user agent. Called by the sweep.
 * Idempotent: each release is one conditional update that holds only while the release is
 * still rejected or failed and not yet purged, so a second run (or two at once) finds
 * nothing to do. The log says which releases were purged, never what was removed.
 */
import type { WartaConfig } from '#domain/config.js';
import { holdsPurgeableData, PURGED_STATUSES, purgedFields } from '#domain/personal-data.js';
import type { Release } from '#domain/release.js';
import { Conflict } from '#domain/errors.js';
import { logger } from '#runtime/logger.js';
import { releasesCreatedBetween, updateRelease } from '#adapters/release-store.js';

const DAY_MS = 86_400_000;
/**
 * How far before the cut-off the purge still looks: a release that ends later than this
 * after its period (tasks expire after `sla.expireAfterDays` each) is outside it. Three
 * months of gsi1 partitions a run, a few queries.
 */
const LOOKBACK_DAYS = 92;

export interface PurgeResult {
  purged: number;
  failed: number;
}

/** Never throws: a failure is logged and counted, and the next run tries again. */
export async function purgeExpiredPersonalData(cfg: WartaConfig, now: Date): Promise<PurgeResult> {
  const cutOff = now.getTime() - cfg.personalData.removeAfterDays * DAY_MS;
  const from = new Date(cutOff - LOOKBACK_DAYS * DAY_MS).toISOString();
  const to = new Date(cutOff).toISOString();
  const result: PurgeResult = { purged: 0, failed: 0 };
  const due: Release[] = [];
  try {
    for (const status of PURGED_STATUSES) {
      due.push(...(await releasesCreatedBetween(from, to, { status })).filter((r) => !r.personalDataRemovedAt && holdsPurgeableData(r)));
    }
  } catch (e) {
    // The sweep's other work goes on; the next run looks again.
    result.failed++;
    logger.error('could not look for personal data past its period', { error: (e as Error).name });
    return result;
  }
  for (const release of due) {
    try {
      await updateRelease(release.id, purgedFields(release, now.toISOString()), {
        expectStatus: [...PURGED_STATUSES],
        condition: { expression: 'attribute_not_exists(#removedAt)', names: { '#removedAt': 'personalDataRemovedAt' } },
      });
      result.purged++;
      logger.info('personal data removed', {
        releaseId: release.id,
        agendaNumber: release.agendaNumber,
        status: release.status,
        createdAt: release.createdAt,
      });
    } catch (e) {
      // Purged meanwhile by a run at the same time: nothing left to do.
      if (e instanceof Conflict) continue;
      result.failed++;
      logger.error('could not remove personal data', { releaseId: release.id, error: (e as Error).name });
    }
  }
  return result;
}
