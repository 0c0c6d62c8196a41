/**
 * The office's clock and structure on the local stores, with the sweep's controlled clock
 * (its event `time`) and each stage's entry time (`enteredAt`, as the state machine gives it).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/domain/config.js';
import { addWorkingMinutes, localDateOf } from '../../../functions/domain/office-clock.js';
import { calendarOf } from '../../../functions/domain/office-structure.js';
import { htmlPart, httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let humanTask: typeof import('../../../functions/handlers/human-task.js').handler;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
let sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');

const shipped = JSON.parse(readFileSync(new URL('../../../infra/config/dkip-malut.json', import.meta.url), 'utf8'));
const calendar = calendarOf(parseConfig(shipped));
/** The acting official's one day: the office's next working day from now on. */
const actingStart = addWorkingMinutes(calendar, new Date(), 0);
const actingDay = localDateOf(calendar, actingStart);
/** 08:30 WIT on the working day after the acting day. */
const dayAfter = addWorkingMinutes(calendar, new Date(`${actingDay}T23:59:00+09:00`), 60);

beforeAll(async () => {
  // Kasi Humas sits in the Sekretariat: their superior is the Sekretaris, not the Kabid the
  // role line names. Kasi PIKS is Plh Kabid for Kabid PIKS on the acting day.
  const people = shipped.people.map((p: { id: string }) => (p.id === 'kasi-humas' ? { ...p, superior: 'sekretaris' } : p));
  const acting = [{ person: 'kasi-piks', role: 'kabid', from: actingDay, to: actingDay, replaces: 'kabid-piks', kind: 'plh' }];
  stores = await startLocalStores('dkip-malut.json', { people, acting });
  humanTask = (await import('../../../functions/handlers/human-task.js')).handler;
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
  sweep = (await import('../../../functions/handlers/sla-sweep.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
});
afterAll(async () => stores.stop());

const wit = (local: string) => new Date(`${local}+09:00`);

const eventsOf = async (id: string, type: string) => (await releases.listEvents(id)).filter((e) => e.type === type);
const mailsTo = (address: string, from = 0) =>
  stores.mails
    .slice(from)
    .filter((m) => m.to.includes(address))
    .map((m) => htmlPart(m.raw));

describe("the office's clock", () => {
  it('reminds a release submitted Friday 21:00 WIT before a holiday Monday first on Tuesday, once its standard time has run in office hours', async () => {
    // Prepare: Friday 29 May 2026, 21:00 WIT; Monday 1 June is Hari Lahir Pancasila. The
    // office opens 07:30, so the 15 minutes of disposition run out Tuesday at 07:45.
    const { id } = await releaseAtDisposition('Rapat malam Jumat', wit('2026-05-29T21:00:00'));
    const mark = stores.mails.length;
    // Act
    for (const at of ['2026-05-29T21:16:00', '2026-05-30T10:00:00', '2026-05-31T10:00:00', '2026-06-01T10:00:00', '2026-06-02T07:44:00']) {
      await sweep({ time: wit(at).toISOString() });
    }
    const beforeTuesday = await eventsOf(id, 'task.reminded');
    await sweep({ time: wit('2026-06-02T07:45:00').toISOString() });
    // Assert
    expect(beforeTuesday).toHaveLength(0);
    const reminded = await eventsOf(id, 'task.reminded');
    expect(reminded).toHaveLength(1);
    const [opened] = await eventsOf(id, 'task.opened');
    expect(opened!.data).toMatchObject({ dueAt: wit('2026-06-02T07:45:00').toISOString() });
    const [reminder] = mailsTo('kabid.piks@kominfo.example.go.id', mark);
    expect(reminder).toContain('2 Juni 2026 pukul 07.45 WIT (dihitung dalam jam kerja)');
  });
});

describe('a release disposed "sangat segera"', () => {
  it('runs its standard time around the clock and is reminded after office hours', async () => {
    // Prepare: disposed "sangat segera" to Kasi PIKS; accept entered at 21:00 WIT.
    const { id, base } = await releaseAtDisposition('Bencana banjir', dayAfter);
    const [link] = mailsTo('kabid.piks@kominfo.example.go.id')
      .slice(-1)
      .flatMap((html) => [...html.matchAll(/\/t\/#?([A-Za-z0-9_-]{22})/g)].map((x) => x[1]!));
    const acted = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId: link! },
          body: { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera terbitkan', urgency: 'sangat-segera' },
        }),
      ),
    );
    const evening = wit(`${localDateOf(calendar, dayAfter)}T21:00:00`);
    await humanTask({
      ...base,
      stageId: 'accept',
      kind: 'accept',
      taskToken: `token-accept-${id}`,
      round: 1,
      enteredAt: evening.toISOString(),
    });
    // Act
    await sweep({ time: new Date(evening.getTime() + 16 * 60_000).toISOString() });
    // Assert
    expect(acted.status).toBe(200);
    const [opened] = (await eventsOf(id, 'task.opened')).filter((e) => e.stageId === 'accept');
    expect(opened!.data).toMatchObject({ dueAt: new Date(evening.getTime() + 15 * 60_000).toISOString() });
    expect((await eventsOf(id, 'task.reminded')).filter((e) => e.stageId === 'accept')).toHaveLength(1);
  });
});

describe("escalation from the office's structure", () => {
  it("escalates a late task to the assignee's configured superior, not the role above", async () => {
    // Prepare: dispose to Kasi Humas; accept entered 20 minutes later, 15 minutes standard.
    const { id, base } = await releaseAtDisposition('Sosialisasi', dayAfter);
    const [link] = mailsTo('kabid.piks@kominfo.example.go.id')
      .slice(-1)
      .flatMap((html) => [...html.matchAll(/\/t\/#?([A-Za-z0-9_-]{22})/g)].map((x) => x[1]!));
    const acted = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId: link! },
          body: { action: 'dispose', assignees: ['kasi-humas'], arahan: 'Tindak lanjuti', urgency: 'biasa' },
        }),
      ),
    );
    const acceptEntered = new Date(dayAfter.getTime() + 20 * 60_000);
    await humanTask({
      ...base,
      stageId: 'accept',
      kind: 'accept',
      taskToken: `token-accept-${id}`,
      round: 1,
      enteredAt: acceptEntered.toISOString(),
    });
    // Act
    await sweep({ time: addWorkingMinutes(calendar, acceptEntered, 31).toISOString() });
    // Assert
    expect(acted.status).toBe(200);
    const escalated = (await eventsOf(id, 'task.escalated')).filter((e) => e.stageId === 'accept');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]!.data).toMatchObject({ to: ['sekretaris'] });
  });

  it('gives the role of an official replaced by a Plh to the acting official during their dates only', async () => {
    // Act
    const during = await releaseAtDisposition('Selama Plh', actingStart);
    const after = await releaseAtDisposition('Sesudah Plh', dayAfter);
    // Assert
    const [openedDuring] = await eventsOf(during.id, 'task.opened');
    const [openedAfter] = await eventsOf(after.id, 'task.opened');
    expect(openedDuring!.data).toMatchObject({ assignees: ['kasi-piks'] });
    expect(openedAfter!.data).toMatchObject({ assignees: ['kabid-piks'] });
  });
});
