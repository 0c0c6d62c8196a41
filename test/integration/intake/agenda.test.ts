import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let seq: typeof import('../../../functions/aws/sequence-store.js');
let book: typeof import('../../../functions/aws/agenda-book.js');
let env: typeof import('../../../functions/aws/env.js');

beforeAll(async () => {
  stores = await startLocalStores();
  seq = await import('../../../functions/aws/sequence-store.js');
  book = await import('../../../functions/aws/agenda-book.js');
  env = await import('../../../functions/aws/env.js');
});
afterAll(async () => stores.stop());

const gsi = (id: string) => ({ gsi1pk: `AGENDA-OF#${id}`, gsi1sk: 'AGENDA' });

describe('agenda book (gap-free sequence on dynalite)', () => {
  it('gives 20 concurrent claims the numbers 1..20, each once', async () => {
    // Prepare
    const partition = `AGENDA#${3000 + Math.floor(Math.random() * 1000)}`;
    const ids = Array.from({ length: 20 }, (_, i) => `rel-${partition}-${i}`);
    // Act
    const claims = await Promise.all(ids.map((id) => seq.claimSequence(partition, id, gsi(id))));
    // Assert
    expect(claims.map((c) => c.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(claims.every((c) => !c.alreadyClaimed)).toBe(true);
    const entries = await seq.listSequence(partition);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.releaseId)).size).toBe(20);
  });

  it('gives fresh releases (no earlier claim to look for) gap-free numbers under concurrency too', async () => {
    // Prepare: a book that already has entries, then claims that skip the search for their own.
    const partition = `AGENDA#${7000 + Math.floor(Math.random() * 1000)}`;
    await seq.claimSequence(partition, 'before', gsi('before'));
    const ids = Array.from({ length: 20 }, (_, i) => `fresh-${partition}-${i}`);
    // Act
    const claims = await Promise.all(ids.map((id) => seq.claimSequence(partition, id, gsi(id), {}, { fresh: true })));
    // Assert
    expect(claims.map((c) => c.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    const entries = await seq.listSequence(partition);
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(new Set(entries.map((e) => e.releaseId)).size).toBe(21);
  });

  it('leaves one number to a fresh release whose two puts race (as an SDK retry after a lost answer does)', async () => {
    // Prepare
    const partition = `AGENDA#${8000 + Math.floor(Math.random() * 1000)}`;
    await seq.claimSequence(partition, 'before', gsi('before'));
    // Act: two puts for one release race for the same number, as a retried put does with its first.
    const [a, b] = await Promise.all([seq.claimSequence(partition, 'mine', gsi('mine'), {}, { fresh: true }), seq.claimSequence(partition, 'mine', gsi('mine'), {}, { fresh: true })]);
    // Assert
    expect([a.seq, b.seq]).toEqual([2, 2]);
    expect((await seq.listSequence(partition)).map((e) => e.releaseId)).toEqual(['before', 'mine']);
  });

  it('returns the same number when a release claims again, concurrently or later', async () => {
    // Prepare
    const partition = `AGENDA#${5000 + Math.floor(Math.random() * 1000)}`;
    await seq.claimSequence(partition, 'other-1', gsi('other-1'));
    // Act
    const [a, b] = await Promise.all([seq.claimSequence(partition, 'mine', gsi('mine')), seq.claimSequence(partition, 'mine', gsi('mine'))]);
    const again = await seq.claimSequence(partition, 'mine', gsi('mine'));
    const next = await seq.claimSequence(partition, 'other-2', gsi('other-2'));
    // Assert
    expect(a.seq).toBe(2);
    expect(b.seq).toBe(2);
    expect(again).toMatchObject({ seq: 2, alreadyClaimed: true });
    expect(next.seq).toBe(3);
    expect((await seq.listSequence(partition)).length).toBe(3);
  });

  it('formats the agenda number with the office template, once per release', async () => {
    // Prepare
    const cfg = env.config();
    const releaseId = `rel-${Date.now()}`;
    const columns = { receivedAt: '2031-03-05T02:00:00Z', newsType: 'kegiatan', title: 'Judul', sender: 'Ani', institution: 'Dinas X' };
    // Act
    const first = await book.ensureAgendaNumber(cfg, releaseId, columns);
    const second = await book.ensureAgendaNumber(cfg, releaseId, columns);
    // Assert
    expect(first.agendaNumber).toBe(`${String(first.agendaSeq).padStart(3, '0')}/PUB/DKIP-MU/2031`);
    expect(second).toMatchObject({ agendaNumber: first.agendaNumber, alreadyClaimed: true });
  });
});
