import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let seq: typeof import('../../../functions/adapters/sequence-store.js');
let book: typeof import('../../../functions/adapters/agenda-book.js');
let env: typeof import('../../../functions/runtime/env.js');

beforeAll(async () => {
  stores = await startLocalStores();
  seq = await import('../../../functions/adapters/sequence-store.js');
  book = await import('../../../functions/adapters/agenda-book.js');
  env = await import('../../../functions/runtime/env.js');
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

  it("keeps one number for a fresh release whose put's answer was lost and was sent again", async () => {
    // Prepare: a book with one entry, and a proxy to dynalite that loses the answer to the
    // first put of the next number (dynalite has stored it; the client sees the connection drop).
    const partition = `AGENDA#${8000 + Math.floor(Math.random() * 1000)}`;
    await seq.claimSequence(partition, 'before', gsi('before'));
    const proxy = await answerLosingProxy(
      process.env.AWS_ENDPOINT_URL_DYNAMODB!,
      (target, body) => target.endsWith('.PutItem') && body.includes('"mine"'),
    );
    const direct = process.env.AWS_ENDPOINT_URL_DYNAMODB;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = proxy.url;
    // A container whose client reaches DynamoDB through the proxy (a client is made once per container).
    vi.resetModules();
    const seqBehindProxy = await import('../../../functions/adapters/sequence-store.js');
    try {
      // Act
      const claim = await seqBehindProxy.claimSequence(partition, 'mine', gsi('mine'), {}, { fresh: true });
      // Assert: the retried put was refused by its own first attempt; the claim is that one.
      expect(proxy.lost).toBe(1);
      expect(claim).toMatchObject({ seq: 2, alreadyClaimed: false });
    } finally {
      process.env.AWS_ENDPOINT_URL_DYNAMODB = direct;
      await proxy.close();
    }
    expect((await seq.listSequence(partition)).map((e) => e.releaseId)).toEqual(['before', 'mine']);
    expect((await seq.claimSequence(partition, 'next', gsi('next'), {}, { fresh: true })).seq).toBe(3);
  });

  it('returns the same number when a release claims again, concurrently or later', async () => {
    // Prepare
    const partition = `AGENDA#${5000 + Math.floor(Math.random() * 1000)}`;
    await seq.claimSequence(partition, 'other-1', gsi('other-1'));
    // Act
    const [a, b] = await Promise.all([
      seq.claimSequence(partition, 'mine', gsi('mine')),
      seq.claimSequence(partition, 'mine', gsi('mine')),
    ]);
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

/**
 * An HTTP proxy to `target` that, for the first request `loses` picks, forwards it, waits
 * for the whole answer and then drops the client's connection instead of answering: a
 * write that took effect though its caller never heard so.
 */
async function answerLosingProxy(target: string, loses: (amzTarget: string, body: string) => boolean) {
  const upstream = new URL(target);
  let lost = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const lose = lost === 0 && loses(String(req.headers['x-amz-target'] ?? ''), body.toString('utf8'));
      const forwarded = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const answerChunks: Buffer[] = [];
          answer.on('data', (c: Buffer) => answerChunks.push(c));
          answer.on('end', () => {
            if (lose) {
              lost++;
              return void req.socket.destroy();
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers);
            res.end(Buffer.concat(answerChunks));
          });
        },
      );
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get lost() {
      return lost;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
