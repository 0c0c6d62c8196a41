import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokenLink } from '../../../functions/domain/events.js';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let releases: typeof import('../../../functions/adapters/release-store.js');

beforeAll(async () => {
  stores = await startLocalStores();
  releases = await import('../../../functions/adapters/release-store.js');
});
afterAll(async () => stores.stop());

const id = (name: string) => `rel-${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

describe('release event log (hash chain on dynalite)', () => {
  it('appends after a head the caller passes without losing the chain', async () => {
    // Prepare
    const releaseId = id('head');
    // Act
    const first = await releases.appendEvent(releaseId, { type: 'a', key: 'a' }, { after: null });
    const second = await releases.appendEvent(releaseId, { type: 'b', key: 'b' }, { after: first });
    const third = await releases.appendEvent(releaseId, { type: 'c' }, { after: second });
    // Assert
    const events = await releases.listEvents(releaseId);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(third.prevHash).toBe(second.hash);
    expect(brokenLink(events)).toBeNull();
  });

  it('reads the log when the head it was given is stale, and keeps one event per key', async () => {
    // Prepare: another writer appended after the head this caller holds.
    const releaseId = id('stale');
    const first = await releases.appendEvent(releaseId, { type: 'a', key: 'a' });
    await releases.appendEvent(releaseId, { type: 'other' });
    // Act
    const mine = await releases.appendEvent(releaseId, { type: 'b', key: 'b' }, { after: first });
    // A re-run of the same handler: its first append finds its event by key, the next one
    // is offered the same head again and finds its own too.
    const again = await releases.appendEvent(releaseId, { type: 'a', key: 'a' });
    const mineAgain = await releases.appendEvent(releaseId, { type: 'b', key: 'b' }, { after: again });
    // Assert
    const events = await releases.listEvents(releaseId);
    expect(events.map((e) => e.type)).toEqual(['a', 'other', 'b']);
    expect(mine.seq).toBe(3);
    expect(mineAgain).toMatchObject({ seq: 3, hash: mine.hash });
    expect(brokenLink(events)).toBeNull();
  });

  it('chains concurrent appends to one release without a gap or a fork', async () => {
    // Prepare
    const releaseId = id('concurrent');
    const head = await releases.appendEvent(releaseId, { type: 'start' }, { after: null });
    // Act: every writer starts from the same head; all but one must read the log again.
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => releases.appendEvent(releaseId, { type: `w${i}`, key: `w${i}` }, { after: head })),
    );
    // Assert
    const events = await releases.listEvents(releaseId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 9 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.type)).size).toBe(9);
    expect(brokenLink(events)).toBeNull();
  });
});
