/**
 * Confirmed senders on dynalite, s3rver and a fake engine: an unconfirmed sender's
 * submission is held (no number, no workflow, one mail with the link), confirming it
 * receives it once, the office's own people and confirmed addresses get their number at
 * once, the limits answer 429 with Retry-After, and the sweep deletes what was never
 * confirmed, with its uploads, once its 48 hours are over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../functions/domain/ids.js';
import { htmlPart, httpEvent, parse, startLocalStores, type LocalStores, withSolvedCaptcha } from './harness.js';

let stores: LocalStores;
let h: {
  uploadsCreate: typeof import('../../../functions/handlers/uploads-create.js').handler;
  uploadsComplete: typeof import('../../../functions/handlers/uploads-complete.js').handler;
  releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;
  confirm: typeof import('../../../functions/handlers/confirmations-confirm.js').handler;
  sweep: typeof import('../../../functions/handlers/sla-sweep.js').handler;
  status: typeof import('../../../functions/handlers/releases-get.js').handler;
};
let flow: typeof import('../../../functions/usecases/sender-confirmation.js');
let held: typeof import('../../../functions/adapters/confirmation-store.js');
let uploads: typeof import('../../../functions/adapters/upload-store.js');
let objects: typeof import('../../../functions/adapters/object-store.js');
let releases: typeof import('../../../functions/adapters/release-store.js');
let config: typeof import('../../../functions/runtime/env.js').config;

const LIMITS = { confirmationMailsPerAddressPerDay: 3, submissionsPerIpPerHour: 5, uploadsPerIpPerHour: 2 };
const HOUR = 3_600_000;

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json', { limits: LIMITS });
  h = {
    uploadsCreate: (await import('../../../functions/handlers/uploads-create.js')).handler,
    uploadsComplete: (await import('../../../functions/handlers/uploads-complete.js')).handler,
    releasesCreate: withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler),
    confirm: (await import('../../../functions/handlers/confirmations-confirm.js')).handler,
    sweep: (await import('../../../functions/handlers/sla-sweep.js')).handler,
    status: (await import('../../../functions/handlers/releases-get.js')).handler,
  };
  flow = await import('../../../functions/usecases/sender-confirmation.js');
  held = await import('../../../functions/adapters/confirmation-store.js');
  uploads = await import('../../../functions/adapters/upload-store.js');
  objects = await import('../../../functions/adapters/object-store.js');
  releases = await import('../../../functions/adapters/release-store.js');
  config = (await import('../../../functions/runtime/env.js')).config;
});
afterAll(async () => stores.stop());

let ipSeq = 0;
/** Each test from an IP of its own, so one test's count does not spend another's. */
const freshIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const submission = (email: string, attachments: string[] = [], title = 'Peresmian pasar') => ({
  newsType: 'kegiatan',
  title,
  body: 'Bupati meresmikan pasar.',
  submitter: { name: 'Ani Lestari', institution: 'Dinas Perdagangan', email },
  attachments,
});
const submit = (body: unknown, sourceIp: string, headers: Record<string, string> = {}) =>
  h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body, sourceIp, headers }));
const confirm = async (token: string, lang?: string) =>
  parse(
    await h.confirm(
      httpEvent({
        method: 'POST',
        path: `/api/confirmations/${token}`,
        pathParameters: { token },
        body: {},
        headers: lang ? { 'accept-language': lang } : {},
      }),
    ),
  );

/** The status page's request: the key in its header, as the page sends it. */
const statusOf = async (id: string, key: string) =>
  parse(
    await h.status(
      httpEvent({ method: 'GET', path: `/api/releases/${id}`, pathParameters: { id }, headers: { 'x-warta-status-key': key } }),
    ),
  );
const mailsTo = (email: string) => stores.mails.filter((m) => m.to.includes(email));
const tokenIn = (raw: string) => /\/k\/#([A-Za-z0-9_-]{22})/.exec(htmlPart(raw))?.[1];
const starts = () => stores.sfnCalls.filter((c) => c.target.endsWith('.StartExecution')).length;

async function uploadPng(sourceIp: string): Promise<string> {
  const png = Buffer.alloc(800, 1);
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const created = parse(
    await h.uploadsCreate(
      httpEvent({
        method: 'POST',
        path: '/api/uploads',
        body: { filename: 'foto.png', contentType: 'image/png', size: png.length },
        sourceIp,
      }),
    ),
  );
  await fetch(created.body.parts[0].url, { method: 'PUT', body: new Uint8Array(png) });
  const done = parse(
    await h.uploadsComplete(
      httpEvent({ method: 'POST', path: 'x', pathParameters: { uploadId: created.body.uploadId }, body: { parts: [] } }),
    ),
  );
  expect(done.status).toBe(200);
  return created.body.uploadId;
}

describe('a sender who has not confirmed their address', () => {
  it('is held with no number and no workflow, and mailed only the link; confirming receives it once', async () => {
    // Prepare
    const email = `ani.${unique()}@dagang.example.go.id`;
    const startsBefore = starts();
    // Act
    const answer = parse(await submit(submission(email), freshIp()));
    // Assert: 202, nothing claimed or started, one mail carrying the link in its fragment
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({
      id: expect.any(String),
      statusKey: expect.any(String),
      statusUrl: expect.stringContaining(`/s/${answer.body.id}`),
      confirmation: 'sent',
    });
    expect(await releases.findRelease(answer.body.id)).toBeUndefined();
    expect(starts()).toBe(startsBefore);
    const mails = mailsTo(email);
    expect(mails).toHaveLength(1);
    const token = tokenIn(mails[0]!.raw)!;
    expect(token).toBeDefined();
    expect(htmlPart(mails[0]!.raw)).toContain('https://warta.example.test/k/#');

    // Act: follow the link, twice
    const confirmed = await confirm(token);
    const again = await confirm(token);
    // Assert: the number is claimed and the workflow started, once; the same answer twice
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toEqual({
      id: answer.body.id,
      agendaNumber: expect.stringMatching(/^\d{3}\//),
      statusUrl: answer.body.statusUrl,
    });
    expect(again).toEqual(confirmed);
    expect(starts()).toBe(startsBefore + 1);
    expect((await releases.findRelease(answer.body.id))?.agendaNumber).toBe(confirmed.body.agendaNumber);

    // Act: the now confirmed address submits again
    const next = parse(await submit(submission(email, [], 'Kiriman kedua'), freshIp()));
    // Assert: a number at once, no second mail
    expect(next.status).toBe(201);
    expect(next.body.agendaNumber).toMatch(/^\d{3}\//);
    expect(mailsTo(email)).toHaveLength(1);
  });

  it('gets a clear 404 for an unknown link and a 410 for one past its 24 hours', async () => {
    // Prepare
    const email = `budi.${unique()}@dagang.example.go.id`;
    const answer = parse(await submit(submission(email), freshIp()));
    const token = tokenIn(mailsTo(email)[0]!.raw)!;
    // Act
    const unknown = await confirm('A'.repeat(22), 'en');
    const malformed = await confirm('not-a-token');
    const late = flow.confirmSubmission(config(), token, new Date(Date.now() + 25 * HOUR));
    // Assert
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/confirmation link is unknown/);
    expect(malformed.status).toBe(404);
    await expect(late).rejects.toMatchObject({ name: 'Expired', status: 410, key: 'confirmation.expired' });
    expect(await releases.findRelease(answer.body.id)).toBeUndefined();
  });

  it("is not asked of the office's own configured people", async () => {
    // Prepare
    const person = config().people[0]!;
    // Act
    const answer = parse(await submit(submission(person.email.toUpperCase()), freshIp()));
    // Assert
    expect(answer.status).toBe(201);
    expect(answer.body.agendaNumber).toBeDefined();
  });
});

describe('the limits of the public routes', () => {
  it('mails one address at most 3 confirmations a day, then answers 429 with Retry-After', async () => {
    // Prepare
    const email = `citra.${unique()}@dagang.example.go.id`;
    // Act: each from another IP, so only the address's limit counts
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await submit(submission(email), freshIp(), { 'accept-language': 'en' }));
    // Assert
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202, 202, 429, 429]);
    expect(mailsTo(email)).toHaveLength(3);
    const refused = answers[3]!;
    expect(Number(refused.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(parse(refused).body.error).toMatchObject({
      code: 'too-many-requests',
      message: expect.stringMatching(/already sent to this address 3 times today/),
    });
  });

  it('takes at most the configured submissions from one IP an hour', async () => {
    // Prepare
    const ip = freshIp();
    const person = config().people[0]!;
    // Act
    const answers = [];
    for (let i = 0; i < LIMITS.submissionsPerIpPerHour + 2; i++) answers.push((await submit(submission(person.email), ip)).statusCode);
    // Assert
    expect(answers).toEqual([...Array(LIMITS.submissionsPerIpPerHour).fill(201), 429, 429]);
  });

  it('creates at most the configured uploads from one IP an hour', async () => {
    // Prepare
    const ip = freshIp();
    const create = () =>
      h.uploadsCreate(
        httpEvent({
          method: 'POST',
          path: '/api/uploads',
          body: { filename: 'foto.png', contentType: 'image/png', size: 800 },
          sourceIp: ip,
        }),
      );
    // Act
    const answers = [];
    for (let i = 0; i < LIMITS.uploadsPerIpPerHour + 1; i++) answers.push(await create());
    // Assert
    expect(answers.map((a) => a.statusCode)).toEqual([...Array(LIMITS.uploadsPerIpPerHour).fill(201), 429]);
    expect(parse(answers.at(-1)!).body.error.message).toMatch(/Terlalu banyak unggahan/);
  });
});

describe('the status link of a held submission', () => {
  it('shows it waiting for confirmation until confirmed, then its number; refuses a wrong key; is gone once deleted', async () => {
    // Prepare: two held submissions
    const email = `eka.${unique()}@dagang.example.go.id`;
    const first = parse(await submit(submission(email, [], 'Rapat koordinasi'), freshIp()));
    const second = parse(await submit(submission(email, [], 'Rapat evaluasi'), freshIp()));
    const [firstMail] = mailsTo(email);
    const firstToken = tokenIn(firstMail!.raw)!;

    // Act: open the status links before anything is confirmed
    const waiting = await statusOf(first.body.id, first.body.statusKey);
    const wrongKey = await statusOf(first.body.id, second.body.statusKey);
    // Assert: what the sender must do, and nothing registered
    expect(waiting.status).toBe(200);
    expect(waiting.body).toMatchObject({
      id: first.body.id,
      status: 'awaiting-confirmation',
      agendaNumber: null,
      title: 'Rapat koordinasi',
      confirmBy: expect.any(String),
      deleteAt: expect.any(String),
      timeline: [],
    });
    expect(Date.parse(waiting.body.deleteAt) - Date.parse(waiting.body.confirmBy)).toBe(24 * HOUR);
    expect(JSON.stringify(waiting.body)).not.toContain(email);
    expect(wrongKey.status).toBe(404);

    // Act: confirm the first; the sweep deletes the second once its 48 hours are over
    await confirm(firstToken);
    await h.sweep({ time: new Date(Date.now() + 49 * HOUR).toISOString() });
    const confirmed = await statusOf(first.body.id, first.body.statusKey);
    const deleted = await statusOf(second.body.id, second.body.statusKey);
    // Assert
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.agendaNumber).toMatch(/^\d{3}\//);
    expect(confirmed.body.status).not.toBe('awaiting-confirmation');
    expect(deleted.status).toBe(404);
  });
});

describe('a submission never confirmed', () => {
  it('is deleted by the sweep with its uploads once its 48 hours are over, not before', async () => {
    // Prepare: a held submission with one attachment
    const email = `dedi.${unique()}@dagang.example.go.id`;
    const ip = freshIp();
    const uploadId = await uploadPng(ip);
    const answer = parse(await submit(submission(email, [uploadId]), ip));
    expect(answer.status).toBe(202);
    const token = tokenIn(mailsTo(email)[0]!.raw)!;
    const upload = (await uploads.findUpload(uploadId))!;
    expect(upload.releaseId).toBe(answer.body.id);

    // Act: a sweep within the 48 hours, then one after them
    const early = await h.sweep({ time: new Date(Date.now() + 47 * HOUR).toISOString() });
    const kept = await held.findHeldSubmission(sha256Hex(token));
    const late = await h.sweep({ time: new Date(Date.now() + 49 * HOUR).toISOString() });
    const again = await h.sweep({ time: new Date(Date.now() + 49 * HOUR).toISOString() });

    // Assert: kept, then gone for real: the held item, the upload's record and its object
    expect(early.unconfirmedDeleted).toBe(0);
    expect(kept?.releaseId).toBe(answer.body.id);
    expect(late.unconfirmedDeleted).toBeGreaterThanOrEqual(1);
    expect(again.unconfirmedDeleted).toBe(0);
    expect(await held.findHeldSubmission(sha256Hex(token))).toBeUndefined();
    expect(await uploads.findUpload(uploadId)).toBeUndefined();
    expect(await objects.objectHead(stores.uploadsBucket, upload.key)).toBeUndefined();
    expect((await confirm(token)).status).toBe(404);
  });
});
