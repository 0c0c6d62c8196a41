/**
 * Task links on the whole local cloud, over HTTP: a guessed link opens nothing; a replayed
 * decision is refused (409); a mail scanner's GET or HEAD of the link or of its page never
 * acts; a link replaced by a redelivered stage (superseded) or past its closing time
 * (expired) answers 410; an auto-submitted cross-site form is refused; a decision whose
 * SendTaskSuccess is refused is kept and delivered by the SLA sweep. The component-level
 * rules (supersede, expiry, spent tokens) are in test/integration/intake/sla.test.ts; these
 * go through API Gateway, the Step Functions engine and the mailbox.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetExecutionHistoryCommand, ListExecutionsCommand, SendTaskFailureCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, Driver } from '../e2e/driver.js';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { ACCESS_LOG_FILE } from '../../infra/local-cloud/cloud.js';
import { approveThrough, PatientDriver, untilCompleted, type Submitted } from './agent.js';

let cloud: TestCloud;
let driver: PatientDriver;
const seen = new Set<string>();
const tag = `lnk${Date.now().toString(36)}`;
let serial = 0;
const summary = {
  cases: 0,
  acted: 0,
  decisionsRedelivered: 0,
  releasesEnded: 0,
  releasesLost: 0,
  secretsChecked: 0,
  logLines: 0,
  secretsInLogs: -1,
};
/** Every release this suite submitted: the last test expects each to end recorded as failed. */
const submitted: Submitted[] = [];
/** The engine's own tokens of stages this suite redelivered with tokens of its making. */
const shadowedTokens: string[] = [];

beforeAll(async () => {
  cloud = await startTestCloud();
  driver = new PatientDriver(cloud.endpoints);
});

afterAll(async () => {
  console.log(
    `links: cases=${summary.cases} wronglyActed=${summary.acted} decisionsRedelivered=${summary.decisionsRedelivered} releasesSubmitted=${submitted.length} releasesEndedByExpiry=${summary.releasesEnded} releasesLost=${summary.releasesLost} secretsChecked=${summary.secretsChecked} logLines=${summary.logLines} secretsInLogs=${summary.secretsInLogs}`,
  );
  await cloud?.stop();
  expect(summary.acted).toBe(0);
});

const DISPOSE = { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Proses.', urgency: 'biasa' };

/** A new release waiting for the Kabid's disposition, and the link in his mail. */
async function atDisposition(): Promise<{ release: Submitted; link: string }> {
  const release = await driver.submit(tag, ++serial);
  submitted.push(release);
  const mail = await driver.mailTo('kabid.piks@', Driver.about(release.agendaNumber), seen);
  seen.add(mail.messageId);
  return { release, link: driver.linkOf(mail) };
}

const taskState = async (link: string) => (await driver.api(`/api/tasks/${link}`)).json?.state as string | undefined;

/** A raw request to the API, without the driver's JSON defaults. */
async function raw(path: string, init: RequestInit & { base?: string } = {}) {
  return answerOf(await fetch(`${init.base ?? cloud.endpoints.api}${path}`, init));
}

describe('a guessed link', () => {
  it('is 404 for random well-formed ids and for malformed ones, never 200', async () => {
    // Prepare
    await atDisposition(); // at least one real link exists to be guessed
    const guesses = Array.from({ length: 40 }, () => randomBytes(17).toString('base64url').slice(0, 22));
    const malformed = [
      'x',
      'a'.repeat(23),
      'a'.repeat(200),
      '..%2F..%2Fetc%2Fpasswd',
      '%00aaaaaaaaaaaaaaaaaaaaa',
      'AAAAAAAAAAAAAAAAAAAA%3D%3D',
      '%E2%80%AEaaaaaaaaaaaaaaaaaaa',
    ];

    // Act
    const answers = [];
    for (const id of [...guesses, ...malformed]) {
      answers.push(await driver.api(`/api/tasks/${id}`));
      answers.push(await driver.api(`/api/tasks/${id}`, { body: DISPOSE }));
    }
    summary.cases += answers.length;

    // Assert
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([404]));
    for (const a of answers) expect(a.json?.error?.message, a.text).toEqual(expect.any(String));
  });
});

describe('a replayed decision', () => {
  it('acts once; the same POST again, or another action on the same link, is 409 naming who acted', async () => {
    // Prepare
    const { link } = await atDisposition();

    // Act
    const first = await driver.api(`/api/tasks/${link}`, { body: DISPOSE });
    const replay = await driver.api(`/api/tasks/${link}`, { body: DISPOSE, headers: { 'accept-language': 'en' } });
    const other = await driver.api(`/api/tasks/${link}`, { body: { ...DISPOSE, assignees: ['kasi-humas'] } });
    const shown = await driver.api(`/api/tasks/${link}`);
    summary.cases += 3;
    summary.acted += [replay, other].filter((r) => r.status === 200).length;

    // Assert
    expect(first.status, first.text).toBe(200);
    expect(replay.status).toBe(409);
    expect(replay.json.error.message).toContain('Rahmat Hidayat');
    expect(other.status).toBe(409);
    expect(shown.json.state).toBe('done');
  });
});

describe('a mail scanner', () => {
  it('opens the link and its page with GET and HEAD, and the task stays open for the person', async () => {
    // Prepare
    const { link } = await atDisposition();
    const scanner = { 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)', accept: '*/*' };

    // Act
    const visits = [];
    for (const method of ['GET', 'HEAD']) {
      visits.push(await raw(`/api/tasks/${link}`, { method, headers: scanner }));
      visits.push(await raw(`/t/${link}`, { method, headers: scanner, base: cloud.endpoints.web }));
      visits.push(await raw(`/t/${link}?utm_source=scan`, { method, headers: scanner, base: cloud.endpoints.web }));
    }
    const after = await taskState(link);
    const person = await driver.api(`/api/tasks/${link}`, { body: DISPOSE });
    summary.cases += visits.length;
    summary.acted += after === 'open' ? 0 : 1;

    // Assert
    for (const v of visits) expect(v.status).toBeLessThan(500);
    expect(after).toBe('open');
    expect(person.status, person.text).toBe(200);
  });
});

describe('an auto-submitting form from another site', () => {
  it('is refused for a form content type, a missing one, or a foreign Origin, and the task stays open', async () => {
    // Prepare
    const { link } = await atDisposition();
    const body = JSON.stringify(DISPOSE);
    const path = `/api/tasks/${link}`;

    // Act
    const attempts = [
      await raw(path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body }),
      await raw(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `${body.slice(0, -1)},"x":"="}`,
      }),
      await raw(path, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: `--x\r\nContent-Disposition: form-data; name="action"\r\n\r\ndispose\r\n--x--\r\n`,
      }),
      await raw(path, { method: 'POST', body: new Blob([body]) }),
      await raw(path, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://phish.example.com' }, body }),
    ];
    const preflight = await raw(path, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://phish.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    const after = await taskState(link);
    const fromOurPage = await raw(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', origin: new URL(cloud.endpoints.web).origin },
      body,
    });
    summary.cases += attempts.length + 1;
    summary.acted += attempts.filter((a) => a.status < 300).length;

    // Assert
    expect(attempts.map((a) => a.status)).toEqual([415, 415, 415, 415, 403]);
    for (const a of attempts) expect(a.json?.error?.message, a.text).toEqual(expect.any(String));
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(after).toBe('open');
    expect(fromOurPage.status, fromOurPage.text).toBe(200);
  });
});

describe('a link of a stage that moved on', () => {
  it('answers 410 once the stage was delivered again (superseded), and does not act', async () => {
    // Prepare: the engine delivers the disposition stage again with a new token, as a
    // retried task state does; the first mail's link is then superseded.
    const { release, link } = await atDisposition();
    const payload = await humanTaskPayload(release.id);
    const humanTask = cloud.model.functions.find((f) => f.logicalId.startsWith('HumanTaskFunction'))!;
    const redelivered = await cloud.invoker.invoke(humanTask.name, { ...payload, taskToken: `${String(payload.taskToken)}-redelivered` });
    expect(redelivered.ok, JSON.stringify(redelivered)).toBe(true);
    shadowedTokens.push(String(payload.taskToken));

    // Act
    const shown = await driver.api(`/api/tasks/${link}`);
    const acted = await driver.api(`/api/tasks/${link}`, { body: DISPOSE, headers: { 'accept-language': 'en' } });
    const newer = await driver.mailTo('kabid.piks@', Driver.about(release.agendaNumber), seen);
    summary.cases += 2;
    summary.acted += acted.status === 200 ? 1 : 0;

    // Assert
    expect(shown.status).toBe(410);
    expect(acted.status).toBe(410);
    expect(acted.json.error.message).toMatch(/replaced|superseded|newer/i);
    expect(await taskState(driver.linkOf(newer))).toBe('open');
  });
});

describe('a decision made before its stage is delivered again', () => {
  it('answers the redelivery: no new task, no second mail, the link stays done', async () => {
    // Prepare: the Kabid acts while the engine is about to retry the stage's invocation
    // (it failed after mailing him, e.g. on a throttled mail to someone else).
    const { release, link } = await atDisposition();
    const payload = await humanTaskPayload(release.id);
    expect((await driver.api(`/api/tasks/${link}`, { body: DISPOSE })).status).toBe(200);
    const mailsBefore = (await driver.mails()).filter(
      (m) => m.destination.to.some((t) => t.includes('kabid.piks@')) && Driver.about(release.agendaNumber).test(m.subject),
    ).length;
    const humanTask = cloud.model.functions.find((f) => f.logicalId.startsWith('HumanTaskFunction'))!;

    // Act
    const redelivered = await cloud.invoker.invoke(humanTask.name, { ...payload, taskToken: `${String(payload.taskToken)}-retried` });
    const mailsAfter = (await driver.mails()).filter(
      (m) => m.destination.to.some((t) => t.includes('kabid.piks@')) && Driver.about(release.agendaNumber).test(m.subject),
    ).length;
    summary.cases++;

    // Assert
    expect(redelivered).toMatchObject({ ok: true, payload: { taskState: 'done' } });
    expect(mailsAfter).toBe(mailsBefore);
    expect(await taskState(link)).toBe('done');
  });
});

describe('a decision whose SendTaskSuccess is refused', () => {
  it('is kept and answered "delivering"; the release waits until the SLA sweep delivers it, once', async () => {
    // Prepare
    const { release, link } = await atDisposition();
    const sweep = cloud.model.functions.find((f) => f.logicalId.startsWith('SlaSweepFunction'))!;
    // Past the sweep's grace for decisions still in their own request.
    const sweepEvent = () => ({
      time: new Date(Date.now() + 2 * 60_000).toISOString(),
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
    });
    const endOutage = cloud.stepFunctions.outage(['SendTaskSuccess']);

    // Act: the SDK's three tries are refused; the person is answered all the same.
    const acted = await driver.api(`/api/tasks/${link}`, { body: DISPOSE });
    const refused = endOutage();
    const shown = await driver.api(`/api/tasks/${link}`);
    const waitingAt = (await humanTaskPayload(release.id)).stageId;
    const first = await cloud.invoker.invoke(sweep.name, sweepEvent());
    const next = await driver.mailTo('kasi.piks@', Driver.about(release.agendaNumber), seen);
    const second = await cloud.invoker.invoke(sweep.name, sweepEvent());
    const replay = await driver.api(`/api/tasks/${link}`, { body: DISPOSE });
    const shownAfter = await driver.api(`/api/tasks/${link}`);
    const movedTo = (await humanTaskPayload(release.id)).stageId;
    const history = (await driver.api(`/api/tasks/${driver.linkOf(next)}`)).json.history as { action: string }[];
    summary.cases += 2;
    summary.acted += replay.status === 200 ? 1 : 0;
    summary.decisionsRedelivered += (first as { payload?: { redelivered?: number } }).payload?.redelivered ?? 0;
    submitted.push(release); // waits at the next stage: the last test expects it to end

    // Assert
    expect(refused).toBe(3);
    expect(acted.status, acted.text).toBe(202);
    expect(acted.json.state).toBe('delivering');
    expect(shown.json.state).toBe('delivering');
    expect(shown.json.actions).toEqual([]);
    expect(waitingAt).toBe('dispose');
    expect(first).toMatchObject({ ok: true, payload: { redelivered: 1, failed: 0 } });
    expect(second).toMatchObject({ ok: true, payload: { redelivered: 0, failed: 0 } });
    expect(movedTo).not.toBe(waitingAt);
    expect(replay.status).toBe(409);
    expect(shownAfter.json.state).toBe('done');
    expect(history.filter((d) => d.action === 'dispose')).toHaveLength(1);
  });
});

describe('the secrets of a whole workflow', () => {
  it("never appear in the local cloud's access log or any function log: no link id, status key or token", async () => {
    // Prepare: a release through every stage, acting on the links in the older path form (the
    // page's own calls send them in a header), its status read in both forms, its pages opened.
    const release = await driver.submit(`${tag}-whole`, 1);
    await approveThrough(driver, release, seen);
    await untilCompleted(driver, release);
    await driver.api(`/api/releases/${release.id}?key=${release.statusKey}`);
    await raw(`/s/${release.id}?key=${release.statusKey}`, { base: cloud.endpoints.web });
    const voidWithoutKey = await driver.api('/api/agenda/void', {
      body: { agendaNumber: release.agendaNumber, reason: 'Percobaan tanpa kunci.' },
    });

    // Act: every secret this cloud issued, and every line it logged
    const secrets = await issuedSecrets([...submitted, release]);
    const logDir = join(cloud.dataDir, 'logs');
    const logs = readdirSync(logDir).map((name) => ({ name, text: readFileSync(join(logDir, name), 'utf8') }));
    const accessLog = logs
      .find((l) => l.name === ACCESS_LOG_FILE)!
      .text.split('\n')
      .filter(Boolean);
    const leaks = [...secrets.all].flatMap((secret) =>
      logs.filter((l) => l.text.includes(secret)).map((l) => `${l.name} holds a ${secrets.kindOf.get(secret)}`),
    );
    summary.secretsChecked = secrets.all.size;
    summary.logLines = logs.reduce((n, l) => n + l.text.split('\n').length, 0);
    summary.secretsInLogs = leaks.length;

    // Assert
    expect(secrets.counts.linkIds).toBeGreaterThanOrEqual(4);
    expect(secrets.counts.statusKeys).toBeGreaterThanOrEqual(1);
    expect(secrets.counts.taskTokens).toBeGreaterThanOrEqual(4);
    expect(leaks).toEqual([]);
    // The access log is the template's own format, one JSON line per request, with the route template.
    const fields = Object.keys(JSON.parse(cloud.model.apis[0]!.accessLogFormat!) as object);
    for (const line of accessLog) expect(Object.keys(JSON.parse(line) as object)).toEqual(fields);
    const routes = accessLog.map((line) => JSON.parse(line) as { routeKey: string; status: string });
    expect(routes.map((r) => r.routeKey)).toEqual(
      expect.arrayContaining(['POST /api/tasks/{linkId}', 'GET /api/tasks/{linkId}', 'GET /api/releases/{id}']),
    );
    expect(voidWithoutKey.status).toBe(403); // an officer's route: IAM on AWS, the local key here
  }, 240_000);
});

/** Every link id, status key and token this cloud handed out: from every mail, the releases' keys and the executions' histories. */
async function issuedSecrets(releases: Submitted[]) {
  const kindOf = new Map<string, string>();
  const add = (kind: string, values: Iterable<string>) => {
    for (const v of values) kindOf.set(v, kind);
  };
  const texts = (await driver.mails()).map((m) => `${m.body.text ?? ''}\n${m.body.html ?? ''}`.replace(/=\r?\n/g, ''));
  add(
    'link id',
    texts.flatMap((t) => [...t.matchAll(/\/t\/#?([A-Za-z0-9_-]{22})/g)].map((m) => m[1]!)),
  );
  add('status key', [
    ...texts.flatMap((t) => [...t.matchAll(/\/s\/[0-9A-Z]{26}(?:#|\?key=)([\w-]{16,})/g)].map((m) => m[1]!)),
    ...releases.map((r) => r.statusKey),
  ]);
  add(
    'confirmation token',
    texts.flatMap((t) => [...t.matchAll(/\/k\/#?([A-Za-z0-9_-]{16,})/g)].map((m) => m[1]!)),
  );
  const sfn = sfnClient();
  for (const machine of cloud.model.stateMachines) {
    const stateMachineArn = `arn:aws:states:ap-southeast-3:111111111111:stateMachine:${machine.name}`;
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000 }));
    for (const execution of executions.executions ?? []) {
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: execution.executionArn!, maxResults: 1000 }));
      add(
        'task token',
        (history.events ?? []).flatMap((e) => {
          const token = e.taskScheduledEventDetails?.parameters
            ? (JSON.parse(e.taskScheduledEventDetails.parameters) as { Payload?: { taskToken?: string } }).Payload?.taskToken
            : undefined;
          return token ? [token] : [];
        }),
      );
    }
  }
  const count = (kind: string) => [...kindOf.values()].filter((k) => k === kind).length;
  return {
    all: new Set(kindOf.keys()),
    kindOf,
    counts: {
      linkIds: count('link id'),
      statusKeys: count('status key'),
      tokens: count('confirmation token'),
      taskTokens: count('task token'),
    },
  };
}

describe('a link past its closing time', () => {
  // Last in this file: the sweep expires every open task of this cloud.
  it('answers 410 after the SLA sweep expired it, and the release is recorded as failed', async () => {
    // Prepare
    const { release, link } = await atDisposition();
    const sweep = cloud.model.functions.find((f) => f.logicalId.startsWith('SlaSweepFunction'))!;
    const later = new Date(Date.now() + 45 * 24 * 3600_000).toISOString();

    // Act
    const swept = await cloud.invoker.invoke(sweep.name, { time: later, source: 'aws.events', 'detail-type': 'Scheduled Event' });
    const shown = await driver.api(`/api/tasks/${link}`);
    const acted = await driver.api(`/api/tasks/${link}`, { body: DISPOSE, headers: { 'accept-language': 'en' } });
    const status = await driver.untilStatus(release.id, release.statusKey, ['failed']);
    summary.cases += 2;
    summary.acted += acted.status === 200 ? 1 : 0;

    // Assert
    expect(swept.ok, JSON.stringify(swept)).toBe(true);
    expect((swept as { payload: { expired: number } }).payload.expired).toBeGreaterThanOrEqual(1);
    expect(shown.status).toBe(410);
    expect(acted.status).toBe(410);
    expect(acted.json.error.message).toMatch(/expired/i);
    expect(status.status).toBe('failed');
  });

  it('ends every release this suite left waiting, each recorded as failed: none is lost', async () => {
    // Act: the sweep of the test before expired every open task of this cloud.
    // Prepare: a stage "delivered again" by this suite holds a token the engine never issued,
    // so the sweep's failure of it reached no execution; the engine still waits on its own
    // token, which a real redelivery would have replaced. Fail that one as the sweep would.
    for (const taskToken of shadowedTokens) {
      await sfnClient().send(
        new SendTaskFailureCommand({ taskToken, error: 'TaskExpired', cause: 'the task was not acted on before it closed' }),
      );
    }

    const ends = await Promise.allSettled(submitted.map((r) => driver.untilStatus(r.id, r.statusKey, ['failed'])));
    summary.releasesEnded = ends.filter((e) => e.status === 'fulfilled').length;
    summary.releasesLost = submitted.length - summary.releasesEnded;

    // Assert
    const stuck = submitted.filter((_, i) => ends[i]!.status === 'rejected').map((r) => r.agendaNumber);
    expect(stuck).toEqual([]);
    expect(submitted.length).toBeGreaterThanOrEqual(5);
  }, 120_000); // a stuck release is named after the driver's 90 s wait
});

const sfnClient = () =>
  new SFNClient({
    endpoint: cloud.endpoints.stepfunctions,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });

/** The Payload the engine gave the HumanTask function for the release's current stage. */
async function humanTaskPayload(releaseId: string): Promise<Record<string, unknown>> {
  const sfn = sfnClient();
  const machine = cloud.model.stateMachines[0]!;
  const executionArn = `arn:aws:states:ap-southeast-3:111111111111:execution:${machine.name}:${releaseId}`;
  const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 100 }));
  const scheduled = history.events!.find(
    (e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resource === 'invoke.waitForTaskToken',
  );
  if (!scheduled) throw new Error(`no waitForTaskToken task in the history of ${releaseId}`);
  return JSON.parse(scheduled.taskScheduledEventDetails!.parameters!).Payload as Record<string, unknown>;
}
