/**
 * Personal data past its period, against real dynalite: the sweep removes the submitter's
 * name, email and phone and the approvers' IP and user agent from rejected and failed
 * releases older than `personalData.removeAfterDays` (90 in the sample configuration),
 * leaves published and younger ones alone, does nothing on a second run, and logs which
 * releases it purged without the data.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { newUlid } from '../../../functions/domain/ids.js';
import type { Release, ReleaseStatus } from '../../../functions/domain/release.js';
import { fixtureRelease } from '../output/fixtures.js';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  sweep = (await import('../../../functions/handlers/sla-sweep.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
});
afterAll(async () => stores.stop());

const DAY = 86_400_000;
const clientIp = '198.51.100.23';
const userAgent = 'Mozilla/5.0 PurgeProbe/1.0';

async function storedRelease(status: ReleaseStatus, daysAgo: number, now: Date): Promise<Release> {
  const base = fixtureRelease('release-hostile');
  const id = newUlid();
  const createdAt = new Date(now.getTime() - daysAgo * DAY).toISOString();
  const release: Release = {
    ...base,
    id,
    status,
    agendaSeq: 900,
    agendaNumber: `900/PUB/DKIP-MU/${id.slice(-4)}`,
    submission: {
      ...base.submission,
      submitter: {
        name: `Pengirim ${id}`,
        institution: 'Dinas PUPR',
        email: `p.${id.toLowerCase()}@pupr.example.go.id`,
        phone: '+62 811 0000 1234',
      },
    },
    decisions: base.decisions.map((d) => ({ ...d, clientIp, userAgent })),
    createdAt,
    updatedAt: createdAt,
  };
  await releases.putNewRelease(release);
  return release;
}

describe('personal data past its period', () => {
  it('is removed from rejected and failed releases, once; published and younger ones keep it; the log names releases, not data', async () => {
    // Prepare
    const now = new Date();
    const rejected = await storedRelease('rejected', 100, now);
    const failed = await storedRelease('failed', 91, now);
    const published = await storedRelease('completed', 100, now);
    const young = await storedRelease('rejected', 80, now);
    // The tests' logger is silent: what it is given is what it would write.
    const { logger } = await import('../../../functions/runtime/logger.js');
    const written: string[] = [];
    const spies = (['info', 'warn', 'error'] as const).map((level) =>
      vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void written.push(JSON.stringify(args))),
    );

    // Act
    try {
      await sweep({ time: now.toISOString() });
      await sweep({ time: new Date(now.getTime() + 60_000).toISOString() });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // Assert: purged
    for (const original of [rejected, failed]) {
      const after = await releases.getRelease(original.id);
      expect(after.submission.submitter).toEqual({ name: '[dihapus]', institution: 'Dinas PUPR', email: '[dihapus]' });
      expect(after.decisions.every((d) => d.clientIp === undefined && d.userAgent === undefined)).toBe(true);
      expect(after.decisions[0]?.actor.name).toBe(original.decisions[0]?.actor.name);
      expect(after.personalDataRemovedAt).toBe(now.toISOString());
      expect(after.submission.title).toBe(original.submission.title);
      expect(after.status).toBe(original.status);
    }
    // Assert: kept
    for (const original of [published, young]) {
      const after = await releases.getRelease(original.id);
      expect(after.submission.submitter).toEqual(original.submission.submitter);
      expect(after.decisions[0]?.clientIp).toBe(clientIp);
      expect(after.personalDataRemovedAt).toBeUndefined();
    }
    // Assert: logged once each, by id, without the data
    const log = written.join('\n');
    const purgedLines = written.filter((l) => l.includes('personal data removed'));
    expect(purgedLines.filter((l) => l.includes(rejected.id))).toHaveLength(1);
    expect(purgedLines.filter((l) => l.includes(failed.id))).toHaveLength(1);
    for (const r of [rejected, failed]) {
      expect(log).not.toContain(r.submission.submitter.email);
      expect(log).not.toContain(r.submission.submitter.name);
    }
    expect(log).not.toContain(clientIp);
    expect(log).not.toContain('+62 811');
  });
});
