/**
 * Decisions always arrive: a decision is stored before SendTaskSuccess, so one whose send
 * fails is answered 202 "delivering" and sent again by the SLA sweep, once; one whose token
 * is spent ends its pending state without touching the execution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlPart, httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
let tasksGet: typeof import('../../../functions/handlers/tasks-get.js').handler;
let sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');
let tasks: typeof import('../../../functions/adapters/task-store.js');

/** A sender who confirmed their address: their submissions get a number at once. */

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
  tasksGet = (await import('../../../functions/handlers/tasks-get.js')).handler;
  sweep = (await import('../../../functions/handlers/sla-sweep.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
  tasks = await import('../../../functions/adapters/task-store.js');
});
afterAll(async () => stores.stop());

const DISPOSE = { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera.', urgency: 'biasa' };

/** A release waiting for the Kabid's disposition, and the link in his mail. */
async function atDisposition(title: string) {
  const from = stores.mails.length;
  const { id, token } = await releaseAtDisposition(title);
  const mail = stores.mails.slice(from).find((m) => m.to.includes('kabid.piks@kominfo.example.go.id'))!;
  const link = /\/t\/#?([A-Za-z0-9_-]{22})/.exec(htmlPart(mail.raw))![1]!;
  return { id, token, link };
}

const act = (link: string) =>
  tasksAct(httpEvent({ method: 'POST', path: 'x', pathParameters: { linkId: link }, body: DISPOSE })).then(parse);
const show = (link: string) => tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: link } })).then(parse);
const successesFor = (token: string) => stores.sfnCalls.filter((c) => c.target.endsWith('SendTaskSuccess') && c.body.taskToken === token);
/** Past the sweep's grace for decisions still in their own request. */
const sweepEvent = () => ({ time: new Date(Date.now() + 2 * 60_000).toISOString() });

describe('a decision whose SendTaskSuccess fails 3 times', () => {
  it('is kept and answered "delivering"; the sweep delivers it once; a replay is 409 and adds no decision', async () => {
    // Prepare
    const { id, token, link } = await atDisposition('Rapat koordinasi');
    stores.failSuccesses.next = 3;

    // Act
    const acted = await act(link);
    const shown = await show(link);
    const triedBeforeSweep = successesFor(token).length;
    const first = await sweep(sweepEvent());
    const second = await sweep(sweepEvent());
    const replay = await act(link);
    const shownAfter = await show(link);

    // Assert
    expect(acted.status).toBe(202);
    expect(acted.body).toMatchObject({ state: 'delivering', action: 'dispose' });
    expect(shown.body).toMatchObject({ state: 'delivering', actions: [] });
    expect(triedBeforeSweep).toBe(3);
    expect(first).toMatchObject({ redelivered: 1, failed: 0 });
    expect(second).toMatchObject({ redelivered: 0, failed: 0 });
    const sent = successesFor(token);
    expect(sent).toHaveLength(4);
    expect(JSON.parse(String(sent[3]!.body.output))).toMatchObject({ action: 'dispose', actorId: 'kabid-piks' });
    expect(replay.status).toBe(409);
    expect(successesFor(token)).toHaveLength(4);
    expect(shownAfter.body.state).toBe('done');
    const release = await releases.getRelease(id);
    expect(release.decisions.filter((d) => d.action === 'dispose')).toHaveLength(1);
    expect(release.disposition).toMatchObject({ assignees: ['kasi-piks'] });
  });
});

describe('a stored decision whose token is spent', () => {
  it('ends its pending state in the sweep without error, once, and the execution is not called again', async () => {
    // Prepare: the send fails, then the execution moves on (its token times out).
    const { id, token, link } = await atDisposition('Kunjungan kerja');
    stores.failSuccesses.next = 3;
    const acted = await act(link);
    stores.spentTokens.add(token);

    // Act
    const first = await sweep(sweepEvent());
    const second = await sweep(sweepEvent());

    // Assert
    expect(acted.status).toBe(202);
    expect(first).toMatchObject({ redelivered: 0, failed: 0 });
    expect(second).toMatchObject({ redelivered: 0, failed: 0 });
    expect(successesFor(token)).toHaveLength(4);
    const task = (await tasks.tasksOf(id, 'dispose', 1))[0]!;
    expect(task).toMatchObject({ state: 'done', engineAccepted: false, deliveredAt: expect.any(String) });
    expect((await show(link)).body.state).toBe('done');
  });
});

describe("a decision younger than the sweep's grace", () => {
  it('is left to its own request', async () => {
    // Prepare
    const { token, link } = await atDisposition('Sosialisasi');
    stores.failSuccesses.next = 3;
    await act(link);

    // Act
    const swept = await sweep({ time: new Date().toISOString() });

    // Assert
    expect(swept.redelivered).toBe(0);
    expect(successesFor(token)).toHaveLength(3);
    expect((await show(link)).body.state).toBe('delivering');
  });
});
