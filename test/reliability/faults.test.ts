/**
 * Faults on the whole local cloud, through HTTP only: every Lambda fails transiently 30% of
 * the time; SES throttles half of the SendEmail calls; Step Functions refuses every
 * StartExecution while releases are submitted; a send that crashed mid-mail left its
 * "sending" mark; the process is killed with SIGKILL while releases are mid-workflow and
 * restarted on the same data dir. Every release must
 * still complete with one agenda number (gap-free), one mail per recipient and subject,
 * one mail per outlet and one archived PDF, and (with the daily catch-up for those the
 * finished-execution event missed) its execution history archived. Each part prints its
 * count and asserts lost == 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { publishMailKey } from '../../functions/usecases/media-sender.js';
import { keys } from '../../functions/domain/keys.js';
import { until, type Endpoints } from '../e2e/driver.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/cloud.js';
import {
  agendaSeqs,
  approveThrough,
  archiveOf,
  duplicateMails,
  OUTLETS,
  outletMails,
  PatientDriver,
  s3Client,
  untilCompleted,
  type Submitted,
} from './agent.js';

const tag = `flt${Date.now().toString(36)}`;

/** Runs the batch to completion; returns how many completed (the rest are lost). */
async function runBatch(driver: PatientDriver, releases: Submitted[], seen: Set<string>): Promise<number> {
  const outcomes = await Promise.allSettled(
    releases.map(async (r) => {
      await approveThrough(driver, r, seen);
      await untilCompleted(driver, r);
    }),
  );
  for (const o of outcomes) if (o.status === 'rejected') console.error(String(o.reason));
  return outcomes.filter((o) => o.status === 'fulfilled').length;
}

/** Everything that must hold once a batch is done, as a list of problems (empty when sound). */
async function problemsOf(
  driver: PatientDriver,
  releases: Submitted[],
  archiveBucket: string,
  s3Endpoint: string,
  firstSeq = 1,
): Promise<string[]> {
  const problems: string[] = [];
  const seqs = agendaSeqs(releases);
  const expected = releases.map((_, i) => firstSeq + i);
  if (JSON.stringify(seqs) !== JSON.stringify(expected)) problems.push(`agenda numbers ${seqs.join(',')} are not ${expected.join(',')}`);
  const mails = await driver.mails();
  const ours = (m: { subject: string; body: { text?: string } }) =>
    releases.some((r) => m.subject.includes(r.agendaNumber) || m.subject.includes(r.title) || (m.body.text ?? '').includes(r.agendaNumber));
  problems.push(...duplicateMails(mails, ours).map((d) => `duplicate mail: ${d}`));
  const s3 = s3Client(s3Endpoint);
  const archiveNumbers = new Set<string>();
  for (const r of releases) {
    for (const outlet of OUTLETS) {
      const n = outletMails(mails, outlet, r).length;
      if (n !== 1) problems.push(`${outlet} got ${n} mails about ${r.agendaNumber}`);
    }
    const entry = await archiveOf(s3, archiveBucket, r.id);
    if (entry.pdfKeys.length !== 1) problems.push(`${r.agendaNumber} has ${entry.pdfKeys.length} archived PDFs`);
    const twice = entry.decisions.filter((d, i) => entry.decisions.indexOf(d) !== i);
    if (twice.length) problems.push(`${r.agendaNumber} recorded a decision twice: ${twice.join(', ')}`);
    if (entry.decisions.length < 4) problems.push(`${r.agendaNumber} archived ${entry.decisions.length} of its 4 decisions`);
    if (!entry.archiveNumber) problems.push(`${r.agendaNumber} has no archive number`);
    else if (archiveNumbers.has(entry.archiveNumber)) problems.push(`archive number ${entry.archiveNumber} given twice`);
    else archiveNumbers.add(entry.archiveNumber);
  }
  return problems;
}

const archiveBucketOf = (cloud: TestCloud) => cloud.model.functions.map((f) => f.environment.ARCHIVE_BUCKET).find(Boolean)!;

describe('every Lambda failing transiently 30% of the time', () => {
  let cloud: TestCloud | undefined;
  afterAll(async () => cloud?.stop());

  it('completes every release once: one agenda number each, one mail, one archive entry', async () => {
    // Prepare
    cloud = await startTestCloud({ faultRate: 0.3, timeScale: 0.05 });
    const driver = new PatientDriver(cloud.endpoints);
    const seen = new Set<string>();
    const cases = 6;

    // Act
    const releases = await Promise.all(Array.from({ length: cases }, (_, i) => driver.submit(`${tag}a`, i + 1)));
    const completed = await runBatch(driver, releases, seen);
    const problems = await problemsOf(driver, releases, archiveBucketOf(cloud), cloud.endpoints.s3);
    // Execution histories: those the finished-execution event archived (three attempts each,
    // each failing 30% of the time), then the daily catch-up for the rest, as if a day later.
    const histories = await historiesAfterCatchUp(
      cloud,
      releases.map((r) => r.id),
    );
    const faultsInjected = countInjected(cloud.dataDir);

    // Assert
    console.log(
      `faults: cases=${cases} faultsInjected=${faultsInjected} apiRetries=${driver.retries} releasesCompleted=${completed} releasesLost=${cases - completed} historiesByEvent=${histories.byEvent} historiesByCatchUp=${histories.byCatchUp} historiesLost=${histories.lost.length}`,
    );
    expect(problems).toEqual([]);
    expect(cases - completed).toBe(0);
    expect(histories.lost).toEqual([]);
    expect(histories.byEvent + histories.byCatchUp).toBe(cases);
    expect(faultsInjected).toBeGreaterThan(0);
  }, 300_000);
});

describe('SES throttling half of the SendEmail calls', () => {
  let cloud: TestCloud | undefined;
  afterAll(async () => cloud?.stop());

  it('still completes every release, and each outlet gets exactly one mail', async () => {
    // Prepare
    cloud = await startTestCloud({ sesThrottleRate: 0.5, timeScale: 0.05 });
    const driver = new PatientDriver(cloud.endpoints);
    const seen = new Set<string>();
    const cases = 6;

    // Act
    const releases = await Promise.all(Array.from({ length: cases }, (_, i) => driver.submit(`${tag}b`, i + 1)));
    const completed = await runBatch(driver, releases, seen);
    const problems = await problemsOf(driver, releases, archiveBucketOf(cloud), cloud.endpoints.s3);
    const throttled = cloud.sesThrottled?.() ?? 0;

    // Assert
    console.log(
      `ses-throttling: cases=${cases} sendEmailThrottled=${throttled} releasesCompleted=${completed} releasesLost=${cases - completed}`,
    );
    expect(problems).toEqual([]);
    expect(cases - completed).toBe(0);
    expect(throttled).toBeGreaterThan(0);
  }, 300_000);
});

describe('a send that crashed mid-mail, leaving its "sending" mark', () => {
  let cloud: TestCloud | undefined;
  afterAll(async () => cloud?.stop());

  it("holds that outlet's mail until the mark is stale, then sends it once: the release completes", async () => {
    // Prepare: the mark a publish invocation killed mid-send leaves for one outlet, stale in
    // 8 s of real time. The transient retrier's waits (about 3.6 s at this scale, 7.2 s at
    // most) would end before it; the held-mail retrier's (18 s) outlast it.
    cloud = await startTestCloud({ timeScale: 0.02 });
    const driver = new PatientDriver(cloud.endpoints);
    const seen = new Set<string>();
    const [release] = await Promise.all([driver.submit(`${tag}h`, 1)]);
    const table = cloud.model.functions.map((f) => f.environment.TABLE_NAME).find(Boolean)!;
    const db = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: 'ap-southeast-3',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    );
    const startedAt = Date.now();
    await db.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...keys.sentMail(publishMailKey(release.id, 'malut-post')),
          state: 'sending',
          attempt: 'killed',
          startedAt,
          staleAt: startedAt + 8_000,
          to: OUTLETS[0],
        },
      }),
    );

    // Act
    await approveThrough(driver, release, seen);
    const outcome = await untilCompleted(driver, release).catch((e: Error) => e.message);
    const mails = await driver.mails();
    const held = readFileSync(join(cloud.dataDir, 'logs', 'publish.log'), 'utf8').split('mail held by another invocation').length - 1;

    // Assert
    console.log(`mail-held: releasesCompleted=${outcome === 'completed' ? 1 : 0} heldAttempts=${held}`);
    expect(outcome).toBe('completed');
    expect(held).toBeGreaterThan(0);
    expect(Date.now() - startedAt).toBeGreaterThan(8_000);
    for (const outlet of OUTLETS) expect(outletMails(mails, outlet, release), outlet).toHaveLength(1);
  }, 300_000);
});

describe('Step Functions unavailable when the releases are submitted', () => {
  let cloud: TestCloud | undefined;
  afterAll(async () => cloud?.stop());

  it('refuses the submissions, keeps them, and the sweep starts their workflows: every release completes', async () => {
    // Prepare
    cloud = await startTestCloud({ timeScale: 0.05 });
    const driver = new PatientDriver(cloud.endpoints);
    const seen = new Set<string>();
    const cases = 3;
    const endOutage = cloud.stepFunctions.outage(['StartExecution']);

    // Act: each submission is stored, its StartExecution refused (the client's three tries),
    // and the submitter, answered 500, gives up. After the outage the sweep starts them.
    // New addresses: the release is stored with its number, and its workflow started, when
    // the sender follows the confirmation link, so that is the request the outage cuts short.
    const answers = [];
    for (let i = 1; i <= cases; i++) {
      const title = `Rilis ${tag}s nomor ${i}`;
      const held = await fetch(`${cloud.endpoints.api}/api/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          await driver.withCaptcha({
            newsType: 'kegiatan',
            title,
            body: `Isi rilis ${i} saat Step Functions padam.`,
            submitter: { name: 'Siti Pengirim', institution: 'Bappeda', email: `${tag}s-${i}@bappeda.example.go.id` },
            attachments: [],
          }),
        ),
      });
      expect(held.status).toBe(202);
      const mail = await driver.mailTo(`${tag}s-${i}@`, /\/k\/#/);
      const token = /\/k\/#([A-Za-z0-9_-]{22})/.exec(mail.body.text ?? '')![1]!;
      answers.push(
        await fetch(`${cloud.endpoints.api}/api/confirmations/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
    }
    const refused = endOutage();
    const sweepFn = cloud.model.functions.find((f) => f.logicalId.startsWith('SlaSweepFunction'))!;
    const swept = await cloud.invoker.invoke(sweepFn.name, {
      time: new Date(Date.now() + 3 * 60_000).toISOString(),
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
    });
    // The submitter learns the agenda number and the status link from the receipt mail.
    const releases: Submitted[] = [];
    for (let i = 1; i <= cases; i++) {
      const title = `Rilis ${tag}s nomor ${i}`;
      const receipt = await driver.mailTo(`${tag}s-${i}@`, new RegExp(`^Diterima: ${title} \\(`));
      const [, id, statusKey] = /\/s\/([0-9A-Z]{26})#([\w-]+)/.exec(receipt.body.text ?? '')!;
      releases.push({
        id: id!,
        statusKey: statusKey!,
        agendaNumber: /\(([^)]+)\)$/.exec(receipt.subject)![1]!,
        title,
        submitter: `${tag}s-${i}@bappeda.example.go.id`,
      });
    }
    const completed = await runBatch(driver, releases, seen);
    const problems = await problemsOf(driver, releases, archiveBucketOf(cloud), cloud.endpoints.s3);

    // Assert
    console.log(
      `sfn-outage: cases=${cases} startExecutionRefused=${refused} startedBySweep=${(swept as { payload?: { started?: number } }).payload?.started} releasesCompleted=${completed} releasesLost=${cases - completed}`,
    );
    expect(answers.map((a) => a.status)).toEqual(Array(cases).fill(500));
    expect(refused).toBe(cases * 3);
    expect(swept).toMatchObject({ ok: true, payload: { started: cases, failed: 0 } });
    expect(problems).toEqual([]);
    expect(cases - completed).toBe(0);
  }, 300_000);
});

describe('the local cloud killed with SIGKILL mid-run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'warta-kill-'));
  let child: ChildProcess | undefined;
  let sound = false;
  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    // A failed run keeps the child's data dir (journals, function logs, mailbox) to look into.
    if (sound) rmSync(dataDir, { recursive: true, force: true });
    else console.error(`process-kill: kept ${dataDir} for diagnosis`);
  });

  /** `npm start`'s entry point as a child process on this data dir, ephemeral ports. */
  async function boot(): Promise<Endpoints> {
    rmSync(join(dataDir, 'endpoints.json'), { force: true });
    const started = spawn(
      process.execPath,
      ['--import', 'tsx', 'infra/local-cloud/start.ts', '--no-build', '--ephemeral-ports', '--data-dir', dataDir],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, WARTA_FAULT_RATE: '0', WARTA_SES_THROTTLE_RATE: '0' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child = started;
    await until(
      'the local cloud to start',
      async () => {
        if (started.exitCode !== null) throw new Error(`the local cloud exited ${started.exitCode}: ${stderr}`);
        return existsSync(join(dataDir, 'endpoints.json')) ? true : undefined;
      },
      120_000,
    );
    return JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
  }

  async function kill(): Promise<void> {
    const victim = child!;
    const exited = new Promise((resolve) => victim.once('exit', resolve));
    victim.kill('SIGKILL');
    await exited;
  }

  it('finishes the releases it was running after a restart on the same data dir, nothing lost or doubled', async () => {
    // Prepare: three releases at different points of the workflow.
    const driver = new PatientDriver(await boot(), 60);
    const seen = new Set<string>();
    const [a, b, c] = await Promise.all([1, 2, 3].map((i) => driver.submit(`${tag}c`, i)));
    for (const r of [a!, b!]) {
      await driver.actOnce(
        'kabid.piks@',
        r.agendaNumber,
        { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Proses.', urgency: 'biasa' },
        seen,
      );
      await driver.actOnce('kasi.piks@', r.agendaNumber, { action: 'accept', officer: 'petugas-1' }, seen);
    }
    await driver.actOnce('sari@', a!.agendaNumber, { action: 'submit', title: a!.title, body: 'Naskah.', quotes: [], photos: [] }, seen);
    await driver.actOnce('kasi.piks@', a!.agendaNumber, { action: 'approve' }, seen);

    // Act: kill while A publishes and mails the outlets, B waits for its officer and C for
    // its disposition; restart; the people carry on from the mail they already have. Then
    // once more, right after B's approval.
    await kill();
    driver.moveTo(await boot());
    await driver.actOnce('sari@', b!.agendaNumber, { action: 'submit', title: b!.title, body: 'Naskah.', quotes: [], photos: [] }, seen);
    await driver.actOnce('kasi.piks@', b!.agendaNumber, { action: 'approve' }, seen);
    await kill();
    const restarted = await boot();
    driver.moveTo(restarted);
    await approveThrough(driver, c!, seen);
    // A kill in the middle of a send leaves that mail's "sending" mark, which holds it until
    // the killed invocation must have ended: publish's 300 s timeout and the mailer's margin.
    const outcomes = await Promise.allSettled([a!, b!, c!].map((r) => untilCompleted(driver, r, 480_000)));
    const completed = outcomes.filter((o) => o.status === 'fulfilled').length;
    for (const o of outcomes) if (o.status === 'rejected') console.error(String(o.reason));
    const archiveBucket = await archiveBucketAt(restarted.s3);
    const problems = await problemsOf(driver, [a!, b!, c!], archiveBucket, restarted.s3);

    // Assert
    console.log(`process-kill: cases=3 kills=2 releasesCompleted=${completed} releasesLost=${3 - completed}`);
    expect(problems).toEqual([]);
    expect(3 - completed).toBe(0);
    sound = true;
  }, 720_000);
});

/** Injected faults, as the invoker logs them (one line each, in the function logs). */
/** Which executions have their history archived: waits for the event's attempts, then runs the catch-up (itself faulty) until it succeeds. */
async function historiesAfterCatchUp(cloud: TestCloud, ids: string[]): Promise<{ byEvent: number; byCatchUp: number; lost: string[] }> {
  const s3 = s3Client(cloud.endpoints.s3);
  const bucket = archiveBucketOf(cloud);
  const missing = async () => {
    const absent: string[] = [];
    for (const id of ids) {
      try {
        await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: `history/${id}.json` }));
      } catch {
        absent.push(id);
      }
    }
    return absent;
  };
  // The event's three attempts are over within seconds (retry delays scaled by the cloud's timeScale).
  const deadline = Date.now() + 10_000;
  let afterEvent = await missing();
  while (afterEvent.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    afterEvent = await missing();
  }
  const fn = cloud.model.functions.find((f) => f.logicalId.startsWith('HistorySnapshot'))!;
  const aDayLater = {
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: new Date(Date.now() + 86_400_000).toISOString(),
    detail: {},
  };
  for (let attempt = 0; attempt < 10 && !(await cloud.invoker.invoke(fn.arn, aDayLater)).ok; attempt++);
  const lost = await missing();
  return { byEvent: ids.length - afterEvent.length, byCatchUp: afterEvent.length - lost.length, lost };
}

function countInjected(dataDir: string): number {
  const logs = join(dataDir, 'logs');
  if (!existsSync(logs)) return 0;
  let n = 0;
  for (const file of readdirSync(logs))
    n += (readFileSync(join(logs, file), 'utf8').match(/injected Lambda\.ServiceException/g) ?? []).length;
  return n;
}

/** The archive bucket of a cloud this process did not deploy (the child's). */
async function archiveBucketAt(s3Endpoint: string): Promise<string> {
  const { Buckets } = await s3Client(s3Endpoint).send(new ListBucketsCommand({}));
  const bucket = Buckets?.map((b) => b.Name!).find((name) => /archive/i.test(name));
  if (!bucket) throw new Error(`no archive bucket among ${Buckets?.map((b) => b.Name).join(', ')}`);
  return bucket;
}
