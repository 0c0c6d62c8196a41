/**
 * The desk's reads on the local stores: a person's tasks, the way from the list into the
 * task page, the tracking board and a release's detail, called as the session authorizer
 * hands a request on (the signed-in person in the authorizer context).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from '../intake/harness.js';

let stores: LocalStores;
let deskTasks: typeof import('../../../functions/handlers/desk-tasks.js').handler;
let deskTaskOpen: typeof import('../../../functions/handlers/desk-task-open.js').handler;
let deskBoard: typeof import('../../../functions/handlers/desk-board.js').handler;
let deskRelease: typeof import('../../../functions/handlers/desk-release.js').handler;
let tasksGet: typeof import('../../../functions/handlers/tasks-get.js').handler;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
let mailEvents: typeof import('../../../functions/handlers/mail-events.js').handler;

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  deskTasks = (await import('../../../functions/handlers/desk-tasks.js')).handler;
  deskTaskOpen = (await import('../../../functions/handlers/desk-task-open.js')).handler;
  deskBoard = (await import('../../../functions/handlers/desk-board.js')).handler;
  deskRelease = (await import('../../../functions/handlers/desk-release.js')).handler;
  tasksGet = (await import('../../../functions/handlers/tasks-get.js')).handler;
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
  mailEvents = (await import('../../../functions/handlers/mail-events.js')).handler;
});
afterAll(async () => stores.stop());

const PEOPLE = {
  kabid: { personId: 'kabid-piks', email: 'kabid.piks@kominfo.example.go.id', roles: 'kabid' },
  petugas: { personId: 'petugas-1', email: 'petugas1@kominfo.example.go.id', roles: 'petugas,operator' },
  auditor: { personId: 'auditor', email: 'audit@inspektorat.example.go.id', roles: 'auditor' },
} as const;

/** A desk request as the session authorizer passes it on. */
function asPerson(
  who: keyof typeof PEOPLE | undefined,
  init: { method: string; path: string; pathParameters?: Record<string, string>; query?: Record<string, string> },
) {
  const event = httpEvent(init);
  if (!who) return event;
  const lambda = { sessionId: `session-${who}`, name: who, ...PEOPLE[who] };
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } } as typeof event;
}

const myTasks = async (who: keyof typeof PEOPLE) =>
  parse(await deskTasks(asPerson(who, { method: 'GET', path: '/api/desk/tasks' }))).body.tasks as Record<string, any>[];

const HOUR = 3_600_000;

describe('my tasks', () => {
  it("lists the waiting disposition for the Kabid, with its due time in office hours, and drops it once acted on from the desk's link", async () => {
    // Prepare
    const { id } = await releaseAtDisposition('Peresmian pelabuhan');
    // Act
    const before = await myTasks('kabid');
    const petugas = await myTasks('petugas');
    const mine = before.find((t) => t.releaseId === id)!;
    const opened = parse(
      await deskTaskOpen(asPerson('kabid', { method: 'POST', path: 'x', pathParameters: { taskId: mine.taskId as string } })),
    );
    const linkId = opened.body.linkId as string;
    const page = parse(await tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId } })));
    const acted = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId },
          body: { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Liput dan terbitkan', urgency: 'biasa' },
        }),
      ),
    );
    const after = await myTasks('kabid');
    const again = parse(
      await deskTaskOpen(asPerson('kabid', { method: 'POST', path: 'x', pathParameters: { taskId: mine.taskId as string } })),
    );
    // Assert
    expect(mine).toMatchObject({
      stage: { id: 'dispose', kind: 'dispose' },
      title: 'Peresmian pelabuhan',
      inOfficeHours: true,
      escalated: false,
    });
    expect(typeof mine.agendaNumber).toBe('string');
    expect(petugas.some((t) => t.releaseId === id)).toBe(false);
    expect(opened.status).toBe(201);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ state: 'open', person: { id: 'kabid-piks' }, stage: { id: 'dispose' } });
    expect(acted.status).toBe(200);
    expect(after.some((t) => t.releaseId === id)).toBe(false);
    expect(again.status).toBe(409);
  });

  it('puts an overdue task first and counts how late it is in office minutes', async () => {
    // Prepare: one entered a week ago (long past its 15 minutes), one just now.
    const late = await releaseAtDisposition('Rapat koordinasi lama', new Date(Date.now() - 7 * 24 * HOUR));
    const fresh = await releaseAtDisposition('Kunjungan kerja baru');
    // Act
    const tasks = await myTasks('kabid');
    // Assert
    const ids = tasks.map((t) => t.releaseId);
    expect(ids.indexOf(late.id)).toBeLessThan(ids.indexOf(fresh.id));
    const lateTask = tasks.find((t) => t.releaseId === late.id)!;
    expect(lateTask.overdue).toBe(true);
    expect(lateTask.minutesOver).toBeGreaterThan(0);
    // A week holds at least four working days of the office's hours (over 7 hours each).
    expect(lateTask.minutesOver).toBeGreaterThan(4 * 7 * 60);
    expect(tasks.find((t) => t.releaseId === fresh.id)!.overdue).toBe(false);
  });

  it('does not open a task the person does not hold, nor for a caller with no session', async () => {
    // Prepare
    const { id } = await releaseAtDisposition('Bukan tugas petugas');
    const task = (await myTasks('kabid')).find((t) => t.releaseId === id)!;
    // Act
    const stranger = parse(await deskTaskOpen(asPerson('petugas', { method: 'POST', path: 'x', pathParameters: { taskId: task.taskId } })));
    const malformed = parse(await deskTaskOpen(asPerson('kabid', { method: 'POST', path: 'x', pathParameters: { taskId: 'nope' } })));
    const signedOut = parse(
      await deskTaskOpen(asPerson(undefined, { method: 'POST', path: 'x', pathParameters: { taskId: task.taskId } })),
    );
    // Assert
    expect(stranger.status).toBe(404);
    expect(stranger.body.error.code).toBe('not-found');
    expect(malformed.status).toBe(404);
    expect(signedOut.status).toBe(401);
  });
});

describe('the tracking board', () => {
  it('shows a release in progress with its holder and marks an overdue one, filtered by overdue and stage', async () => {
    // Prepare
    const late = await releaseAtDisposition('Banjir di Halmahera', new Date(Date.now() - 3 * 24 * HOUR));
    // Act
    const all = parse(await deskBoard(asPerson('petugas', { method: 'GET', path: '/api/desk/board' })));
    const overdueOnly = parse(await deskBoard(asPerson('kabid', { method: 'GET', path: 'x', query: { overdue: 'true' } })));
    const onTimeOnly = parse(await deskBoard(asPerson('kabid', { method: 'GET', path: 'x', query: { overdue: 'false' } })));
    const otherStage = parse(await deskBoard(asPerson('kabid', { method: 'GET', path: 'x', query: { stage: 'review' } })));
    const byInstitution = parse(await deskBoard(asPerson('kabid', { method: 'GET', path: 'x', query: { institution: 'dinas y' } })));
    // Assert
    expect(all.status).toBe(200);
    const row = (all.body.rows as Record<string, any>[]).find((r) => r.releaseId === late.id)!;
    expect(row).toMatchObject({
      overdue: true,
      stage: { id: 'dispose', mutuBakuMinutes: 15 },
      institution: 'Dinas Y',
      newsType: 'kegiatan',
    });
    expect(row.holders).toEqual([expect.objectContaining({ id: 'kabid-piks' })]);
    expect(row.minutesAtStage).toBeGreaterThan(15);
    expect(all.body.stages.map((s: { id: string }) => s.id)).toContain('dispose');
    expect(all.body.institutions).toContain('Dinas Y');
    const ids = (rows: Record<string, any>[]) => rows.map((r) => r.releaseId);
    expect(ids(overdueOnly.body.rows)).toContain(late.id);
    expect((overdueOnly.body.rows as { overdue: boolean }[]).every((r) => r.overdue)).toBe(true);
    expect(ids(onTimeOnly.body.rows)).not.toContain(late.id);
    expect(otherStage.body.rows).toEqual([]);
    expect(ids(byInstitution.body.rows)).toContain(late.id);
  });

  it('refuses an auditor, a caller with no session and a filter it does not know', async () => {
    // Act
    const auditor = parse(await deskBoard(asPerson('auditor', { method: 'GET', path: '/api/desk/board' })));
    const signedOut = parse(await deskBoard(asPerson(undefined, { method: 'GET', path: '/api/desk/board' })));
    const bad = parse(await deskBoard(asPerson('kabid', { method: 'GET', path: 'x', query: { overdue: 'maybe' } })));
    // Assert
    expect(auditor.status).toBe(403);
    expect(signedOut.status).toBe(401);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0]).toMatchObject({ path: 'overdue', code: 'desk.badFilter' });
  });
});

describe("a release's detail", () => {
  it('shows the timeline, the event log and the mails sent with a bounce SES reported', async () => {
    // Prepare: the Kabid's task mail bounces.
    const { id } = await releaseAtDisposition('Pameran UMKM');
    const detailBefore = parse(await deskRelease(asPerson('kabid', { method: 'GET', path: 'x', pathParameters: { id } })));
    const taskMail = (detailBefore.body.mails as Record<string, any>[]).find((m) => m.purpose === 'task')!;
    const sent = stores.mails.length;
    const messageId = `m-${stores.mails.findIndex((m) => m.to.includes(taskMail.to as string) && m.raw.includes('Pameran UMKM')) + 1}`;
    // Act
    await mailEvents({
      'detail-type': 'Email Bounced',
      source: 'aws.ses',
      detail: {
        eventType: 'Bounce',
        mail: { messageId },
        bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: taskMail.to }], timestamp: '2026-12-08T01:00:00.000Z' },
      },
    });
    const detail = parse(await deskRelease(asPerson('kabid', { method: 'GET', path: 'x', pathParameters: { id } })));
    const auditor = parse(await deskRelease(asPerson('auditor', { method: 'GET', path: 'x', pathParameters: { id } })));
    const unknown = parse(await deskRelease(asPerson('kabid', { method: 'GET', path: 'x', pathParameters: { id: 'nope' } })));
    // Assert
    expect(sent).toBeGreaterThan(0);
    expect(detail.status).toBe(200);
    expect(detail.body.release).toMatchObject({ id, title: 'Pameran UMKM', submitter: { institution: 'Dinas Y' } });
    expect(detail.body.currentStage).toMatchObject({ id: 'dispose' });
    const dispose = (detail.body.timeline as Record<string, any>[]).find((s) => s.stageId === 'dispose')!;
    expect(dispose.holders).toEqual([expect.objectContaining({ id: 'kabid-piks' })]);
    expect((detail.body.events as { type: string }[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['release.received', 'stage.started', 'task.opened']),
    );
    const mails = detail.body.mails as Record<string, any>[];
    expect(mails.find((m) => m.purpose === 'receipt')).toMatchObject({ to: 'budi@y.example.go.id', state: 'sent', outcome: null });
    expect(mails.find((m) => m.purpose === 'task')).toMatchObject({
      to: 'kabid.piks@kominfo.example.go.id',
      outcome: 'bounced',
      outcomeDetail: 'Transient',
      outcomeAt: '2026-12-08T01:00:00.000Z',
    });
    expect(detail.body.archive).toBeNull();
    expect(auditor.status).toBe(403);
    expect(unknown.status).toBe(404);
  });

  it('keeps a bounce when SES later reports the same message delivered', async () => {
    // Prepare
    const { id } = await releaseAtDisposition('Lomba foto');
    const messageId = `m-${stores.mails.findIndex((m) => m.raw.includes('Lomba foto') && m.to.includes('kabid.piks@kominfo.example.go.id')) + 1}`;
    const event = (eventType: string) => ({ detail: { eventType, mail: { messageId }, bounce: { bounceType: 'Permanent' } } });
    // Act
    await mailEvents(event('Bounce'));
    await mailEvents(event('Delivery'));
    // Assert
    const detail = parse(await deskRelease(asPerson('kabid', { method: 'GET', path: 'x', pathParameters: { id } })));
    expect((detail.body.mails as Record<string, any>[]).find((m) => m.purpose === 'task')).toMatchObject({ outcome: 'bounced' });
  });
});
