import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../functions/domain/config.js';
import { addWorkingMinutes } from '../../../functions/domain/office-clock.js';
import { calendarOf } from '../../../functions/domain/office-structure.js';
import {
  confirmSender,
  htmlPart,
  httpEvent,
  parse,
  releaseAtDisposition,
  startLocalStores,
  type LocalStores,
  withSolvedCaptcha,
} from './harness.js';

let stores: LocalStores;
let releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;
let humanTask: typeof import('../../../functions/handlers/human-task.js').handler;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
let tasksGet: typeof import('../../../functions/handlers/tasks-get.js').handler;
let sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
let recordFailure: typeof import('../../../functions/handlers/record-failure.js').handler;
let mailEvents: typeof import('../../../functions/handlers/mail-events.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');
let suppression: typeof import('../../../functions/adapters/suppression-store.js');

/** A sender who confirmed their address: their submissions get a number at once. */
const CONFIRMED_SENDER = 'budi@y.example.go.id';

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  await confirmSender(CONFIRMED_SENDER);
  releasesCreate = withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler);
  humanTask = (await import('../../../functions/handlers/human-task.js')).handler;
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
  tasksGet = (await import('../../../functions/handlers/tasks-get.js')).handler;
  sweep = (await import('../../../functions/handlers/sla-sweep.js')).handler;
  recordFailure = (await import('../../../functions/handlers/record-failure.js')).handler;
  mailEvents = (await import('../../../functions/handlers/mail-events.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
  suppression = await import('../../../functions/adapters/suppression-store.js');
});
afterAll(async () => stores.stop());

const linksTo = (address: string, from = 0) =>
  stores.mails
    .slice(from)
    .filter((m) => m.to.includes(address))
    .flatMap((m) => [...htmlPart(m.raw).matchAll(/\/t\/#?([A-Za-z0-9_-]{22})/g)].map((x) => x[1]!));

const minutesFromNow = (m: number) => ({ time: new Date(Date.now() + m * 60_000).toISOString() });
/** The office's clock: the next instant it is open, and office minutes after an instant. */
const officeCalendar = () => calendarOf(parseConfig(JSON.parse(process.env.WARTA_CONFIG!)));
const officeMinutesAfter = (from: Date, m: number) => ({ time: addWorkingMinutes(officeCalendar(), from, m).toISOString() });

describe('standard times, escalation, expiry and failures', () => {
  it('reminds once past Mutu Baku, escalates past twice it, and the escalated person acts on behalf', async () => {
    // Prepare: the stage is entered while the office is open (its clock counts office hours).
    const opened = addWorkingMinutes(officeCalendar(), new Date(), 0);
    const { id, token } = await releaseAtDisposition('Rapat koordinasi', opened);
    const mark = stores.mails.length;
    // Act
    const early = await sweep(officeMinutesAfter(opened, 5));
    const reminded = await sweep(officeMinutesAfter(opened, 16));
    const remindedAgain = await sweep(officeMinutesAfter(opened, 17));
    const escalated = await sweep(officeMinutesAfter(opened, 31));
    const escalatedAgain = await sweep(officeMinutesAfter(opened, 32));
    // Assert
    expect(early.reminded + early.escalated).toBe(0);
    expect(reminded.reminded).toBeGreaterThanOrEqual(1);
    expect(remindedAgain.reminded + escalatedAgain.escalated).toBe(0);
    expect(escalated.escalated).toBeGreaterThanOrEqual(1);
    expect(linksTo('kabid.piks@kominfo.example.go.id', mark)).toHaveLength(1);
    const [escalatedLink] = linksTo('sekretaris@kominfo.example.go.id', mark);
    expect(escalatedLink).toBeDefined();
    const page = parse(await tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: escalatedLink! } })));
    expect(page.body.onBehalfOf).toMatchObject({ id: 'kabid-piks' });
    const acted = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId: escalatedLink! },
          body: { action: 'dispose', assignees: ['kasi-humas'], arahan: 'Tindak lanjuti', urgency: 'sangat-segera' },
        }),
      ),
    );
    expect(acted.status).toBe(200);
    const release = await releases.getRelease(id);
    expect(release.decisions[0]).toMatchObject({ actor: { id: 'sekretaris' }, onBehalfOf: 'kabid-piks' });
    expect(stores.sfnCalls.filter((c) => c.body.taskToken === token)).toHaveLength(1);
  });

  it('supersedes an older task of the same stage and round, and expires a task past its closing time', async () => {
    // Prepare
    const { id, token, base } = await releaseAtDisposition('Pengumuman');
    const [oldLink] = linksTo('kabid.piks@kominfo.example.go.id').slice(-1);
    await humanTask({ ...base, stageId: 'dispose', kind: 'dispose', taskToken: `${token}-retry`, round: 1 });
    const [newLink] = linksTo('kabid.piks@kominfo.example.go.id').slice(-1);
    // Act
    const old = parse(await tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: oldLink! } })));
    const expiredRun = await sweep(minutesFromNow(31 * 24 * 60));
    const expired = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId: newLink! },
          headers: { 'accept-language': 'en' },
          body: { action: 'dispose', assignees: ['kasi-humas'], arahan: 'x', urgency: 'biasa' },
        }),
      ),
    );
    // Assert
    expect(newLink).not.toBe(oldLink);
    expect(old.status).toBe(410);
    expect(expiredRun.expired).toBeGreaterThanOrEqual(1);
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toContain('expired');
    expect(stores.sfnCalls.some((c) => c.target.endsWith('SendTaskFailure') && c.body.taskToken === `${token}-retry`)).toBe(true);
    expect((await releases.getRelease(id)).decisions).toHaveLength(0);
  });

  it('records a failure once and answers 410 to a decision the engine no longer takes', async () => {
    // Prepare
    const { id, token, base } = await releaseAtDisposition('Klarifikasi');
    const [link] = linksTo('kabid.piks@kominfo.example.go.id').slice(-1);
    stores.spentTokens.add(token);
    // Act
    const spent = parse(
      await tasksAct(
        httpEvent({
          method: 'POST',
          path: 'x',
          pathParameters: { linkId: link! },
          body: { action: 'dispose', assignees: ['kasi-piks'], arahan: 'x', urgency: 'biasa' },
        }),
      ),
    );
    const failure = {
      releaseId: id,
      executionId: base.executionId,
      stageId: 'dispose',
      error: { Error: 'States.Timeout', Cause: 'too slow' },
    };
    await recordFailure(failure);
    await recordFailure(failure);
    // Assert
    expect(spent.status).toBe(410);
    const release = await releases.getRelease(id);
    expect(release.status).toBe('failed');
    expect(release.failure).toMatchObject({ stageId: 'dispose', error: 'States.Timeout', cause: 'too slow' });
    expect((await releases.listEvents(id)).filter((e) => e.type === 'release.failed')).toHaveLength(1);
  });

  it('suppresses hard bounces and complaints from EventBridge and SNS, not soft bounces', async () => {
    // Prepare
    const hard = `hard.${Date.now()}@media.example.com`;
    const soft = `soft.${Date.now()}@media.example.com`;
    const complaint = `complaint.${Date.now()}@media.example.com`;
    // Act
    await mailEvents({
      source: 'aws.ses',
      'detail-type': 'Bounce',
      detail: {
        eventType: 'Bounce',
        bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: hard }] },
      },
    });
    await mailEvents({
      source: 'aws.ses',
      'detail-type': 'Bounce',
      detail: { eventType: 'Bounce', bounce: { bounceType: 'Transient', bouncedRecipients: [{ emailAddress: soft }] } },
    });
    await mailEvents({
      Records: [
        {
          Sns: {
            Message: JSON.stringify({
              notificationType: 'Complaint',
              complaint: { complainedRecipients: [{ emailAddress: complaint.toUpperCase() }] },
            }),
          },
        },
      ],
    });
    // Assert
    expect(await suppression.isSuppressed(hard)).toBe(true);
    expect(await suppression.isSuppressed(soft)).toBe(false);
    expect(await suppression.isSuppressed(complaint)).toBe(true);
  });
});

describe('a release whose workflow never started', () => {
  it("is started by the sweep, by its id, once it is past the API's time and within the day", async () => {
    // Prepare: Step Functions is unavailable for every attempt of the API's StartExecution;
    // the release is already stored with its agenda number.
    stores.failStarts.next = 10;
    const refused = parse(
      await releasesCreate(
        httpEvent({
          method: 'POST',
          path: '/api/releases',
          body: {
            newsType: 'kegiatan',
            title: 'Tanpa alur kerja',
            body: 'Isi',
            submitter: { name: 'Budi', institution: 'Dinas Y', email: CONFIRMED_SENDER },
            attachments: [],
          },
        }),
      ),
    );
    stores.failStarts.next = 0;
    const [left] = (
      await releases.releasesCreatedBetween(new Date(Date.now() - 60_000).toISOString(), new Date(Date.now() + 60_000).toISOString(), {
        status: 'received',
      })
    ).filter((r) => r.submission.title === 'Tanpa alur kerja');
    const startsOf = (id: string) => stores.sfnCalls.filter((c) => c.target.endsWith('StartExecution') && c.body.name === id);
    const refusedStarts = startsOf(left!.id).length;

    // Act
    const tooSoon = await sweep(minutesFromNow(1));
    const afterSoon = startsOf(left!.id).length;
    const due = await sweep(minutesFromNow(3));
    const tooLate = await sweep(minutesFromNow(25 * 60));

    // Assert
    expect(refused.status).toBe(500);
    expect(left).toMatchObject({ status: 'received', agendaNumber: expect.stringMatching(/^\d{3}\/PUB\//) });
    expect(refusedStarts).toBe(3); // the API's client tried three times
    expect(afterSoon).toBe(refusedStarts);
    expect([tooSoon.started, due.started, tooLate.started]).toEqual([0, 1, 0]);
    const starts = startsOf(left!.id);
    expect(starts).toHaveLength(refusedStarts + 1);
    expect(JSON.parse(String(starts.at(-1)!.body.input))).toEqual({ releaseId: left!.id });
    expect(starts.at(-1)!.body.stateMachineArn).toBe(stores.stateMachineArn);
  });

  it('leaves a release its workflow has registered alone', async () => {
    // Prepare
    const { id } = await releaseAtDisposition('Sudah berjalan');
    const before = stores.sfnCalls.filter((c) => c.target.endsWith('StartExecution') && c.body.name === id).length;

    // Act
    await sweep(minutesFromNow(3));

    // Assert
    expect(stores.sfnCalls.filter((c) => c.target.endsWith('StartExecution') && c.body.name === id)).toHaveLength(before);
  });
});

describe('the revision loop', () => {
  it('saves drafts without completing, returns a revision to the same officer, and rejects', async () => {
    // Prepare: a release at the edit stage with an officer chosen at accept
    const { id, base } = await releaseAtDisposition('Revisi');
    const act = async (linkId: string, body: unknown) =>
      parse(await tasksAct(httpEvent({ method: 'POST', path: 'x', pathParameters: { linkId }, body })));
    const lastLink = (address: string) => linksTo(address).at(-1)!;
    expect(
      (
        await act(lastLink('kabid.piks@kominfo.example.go.id'), {
          action: 'dispose',
          assignees: ['kasi-piks'],
          arahan: 'Olah',
          urgency: 'biasa',
        })
      ).status,
    ).toBe(200);
    await humanTask({ ...base, stageId: 'accept', kind: 'accept', taskToken: `acc-${id}`, round: 1 });
    const officers = parse(
      await tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: lastLink('kasi.piks@kominfo.example.go.id') } })),
    ).body.choices.officers as { id: string }[];
    const officer = officers[0]!.id;
    expect((await act(lastLink('kasi.piks@kominfo.example.go.id'), { action: 'accept', officer })).status).toBe(200);
    await humanTask({ ...base, stageId: 'edit', kind: 'edit', taskToken: `edit1-${id}`, round: 1 });
    const officerEmail = (await releases.getRelease(id)).officer === officer ? stores.mails.at(-1)!.to[0]! : '';
    const editLink = lastLink(officerEmail);
    // Act
    const saved = await act(editLink, { action: 'save-draft', title: 'Draf', body: 'Isi draf' });
    const submitted = await act(editLink, {
      action: 'submit',
      title: 'Judul final',
      body: 'Isi final',
      quotes: [{ text: 'Bagus', by: 'Gubernur' }],
    });
    await humanTask({ ...base, stageId: 'review', kind: 'review', taskToken: `rev1-${id}`, round: 1 });
    const revised = await act(lastLink('kasi.piks@kominfo.example.go.id'), { action: 'revise', note: 'Perbaiki judul' });
    const before = stores.mails.length;
    await humanTask({ ...base, stageId: 'edit', kind: 'edit', taskToken: `edit2-${id}`, round: 2 });
    const secondRound = stores.mails.slice(before).flatMap((m) => m.to);
    await act(lastLink(officerEmail), { action: 'submit', title: 'Judul baru', body: 'Isi final' });
    await humanTask({ ...base, stageId: 'review', kind: 'review', taskToken: `rev2-${id}`, round: 2 });
    const rejected = await act(lastLink('kasi.piks@kominfo.example.go.id'), { action: 'reject', reason: 'Tidak layak' });
    // Assert
    expect(saved).toMatchObject({ status: 200, body: { state: 'open' } });
    expect(submitted.status).toBe(200);
    expect(revised.status).toBe(200);
    expect(secondRound).toEqual([officerEmail]);
    expect(rejected.status).toBe(200);
    const release = await releases.getRelease(id);
    expect(release.status).toBe('rejected');
    expect(release.draft).toMatchObject({ title: 'Judul baru', submitted: true, savedBy: officer });
    expect(release.decisions.map((d) => `${d.stageId}:${d.round}:${d.action}`)).toEqual([
      'dispose:1:dispose',
      'accept:1:accept',
      'edit:1:submit',
      'review:1:revise',
      'edit:2:submit',
      'review:2:reject',
    ]);
    const successes = stores.sfnCalls.filter((c) => c.target.endsWith('SendTaskSuccess') && String(c.body.taskToken).endsWith(id));
    expect(successes.map((c) => JSON.parse(String(c.body.output)).action)).toEqual([
      'dispose',
      'accept',
      'submit',
      'revise',
      'submit',
      'reject',
    ]);
  });
});
