/**
 * Hostile input against every route of the API on the whole local cloud (fast-check):
 * oversized and malformed bodies, wrong types, unicode (RTL, emoji, lone surrogates, NUL),
 * markup in every text field, CRLF in names and subjects, path tricks in file names.
 * Refusals are 4xx with the JSON error shape, never 5xx, and store nothing (the table's
 * item count is the same before and after). Hostile text that is valid is then carried
 * through to publication once: no mail, newsroom page, RSS item or archive PDF carries it
 * unescaped, and no mail gains a recipient or a header line from it. A flood of submissions
 * from one IP and one address claims no agenda number and mails that address at most the
 * day's confirmations; a submission never confirmed is gone after its time.
 * Each describe sends from a loopback address of its own (source-address.ts), so the API's
 * per-IP limits count one test's requests, not the whole suite's.
 */
import { ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOf, fixture, until } from '../e2e/driver.js';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { PatientDriver, s3Client } from './agent.js';
import { requestFrom } from './source-address.js';
import { officeCaptchaKey, signedPayload, tampered } from './captcha-payloads.js';

let cloud: TestCloud;
let driver: PatientDriver;
let ddb: DynamoDBClient;
const seen = new Set<string>();
const tag = `hst${Date.now().toString(36)}`;
const summary = { cases: 0, refused: 0, accepted: 0, serverErrors: 0, releasesStarted: 0, releasesCompleted: 0 };
/** Submissions refused for their captcha, by what was wrong with it. */
const captchaRefused = { missing: 0, forged: 0, expired: 0, reused: 0 };
/** How the swap-after-complete attack ended: refused at the PUT, or caught at register. */
let swapAfterComplete = 'not-run';
/** The flood of one IP and one address: answers by status, agenda numbers claimed, mails to the address. */
const flood = { sent: 0, accepted: 0, limited: 0, serverErrors: 0, agendaClaimed: -1, mails: -1 };
let unconfirmedGone = 'not-run';
/** The release of the suite's sender confirming their address (beforeAll). */
let firstReleaseId = '';
/** The client IP `send` uses; each describe takes its own. */
let sourceAddress = '127.0.0.1';

const env = (name: string) => cloud.model.functions.map((f) => f.environment[name]).find(Boolean)!;

beforeAll(async () => {
  cloud = await startTestCloud();
  driver = new PatientDriver(cloud.endpoints, 1);
  ddb = new DynamoDBClient({
    endpoint: cloud.endpoints.dynamodb,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  // The suite's sender confirms their address once, as a person does from the first mail.
  const first = await driver.api('/api/releases', { body: validSubmission(`Konfirmasi ${tag}`) });
  expect(first.status, first.text).toBe(202);
  const confirmed = await driver.confirmFromMail(`${tag}@bappeda.example.go.id`, seen);
  expect(confirmed.status, confirmed.text).toBe(200);
  firstReleaseId = confirmed.json.id as string;
}, 120_000);

afterAll(async () => {
  const lost = summary.releasesStarted - summary.releasesCompleted;
  console.log(
    `hostile: cases=${summary.cases} refused=${summary.refused} accepted=${summary.accepted} serverErrors=${summary.serverErrors} releasesCompleted=${summary.releasesCompleted} releasesLost=${lost} swapAfterComplete=${swapAfterComplete} flood=${flood.sent} floodAccepted=${flood.accepted} floodLimited=${flood.limited} floodServerErrors=${flood.serverErrors} floodAgendaClaimed=${flood.agendaClaimed} floodMails=${flood.mails} unconfirmedGone=${unconfirmedGone} captchaRefused=${Object.entries(
      captchaRefused,
    )
      .map(([k, n]) => `${k}:${n}`)
      .join(',')}`,
  );
  await cloud?.stop();
  expect(summary.serverErrors).toBe(0);
  expect(lost).toBe(0);
});

/**
 * Items in the application table whose key begins with `prefix`; without one, all that a
 * refusal must not leave: not the rate limits' counters (a refusal still counts against its
 * sender), nor what the workflow of the suite's first, confirmed release writes meanwhile
 * (its events, tasks and mail marks). A consistent scan: the table is small in a test cloud.
 */
async function itemCount(prefix?: string): Promise<number> {
  let count = 0;
  let start: Record<string, never> | undefined;
  const filter: { FilterExpression: string; ExpressionAttributeValues: Record<string, { S: string }> } = prefix
    ? { FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: prefix } } }
    : {
        FilterExpression: 'NOT begins_with(pk, :limit) AND NOT begins_with(pk, :task) AND NOT begins_with(pk, :mail) AND pk <> :first',
        ExpressionAttributeValues: {
          ':limit': { S: 'LIMIT#' },
          ':task': { S: 'TASK#' },
          ':mail': { S: 'MAIL#' },
          ':first': { S: `RELEASE#${firstReleaseId}` },
        },
      };
  do {
    const page = await ddb.send(
      new ScanCommand({ TableName: env('TABLE_NAME'), Select: 'COUNT', ConsistentRead: true, ExclusiveStartKey: start, ...filter }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return count;
}

interface Answer {
  status: number;
  json: any;
  text: string;
}

/** One request as a browser would send it from the web app (JSON, our Origin unless told). */
async function send(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await requestFrom(sourceAddress, `${cloud.endpoints.api}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const answer = await answerOf(new Response(res.text || null, { status: res.status }));
  summary.cases++;
  if (answer.status >= 500) summary.serverErrors++;
  else if (answer.status >= 400) summary.refused++;
  else summary.accepted++;
  return answer;
}

function expectRefusal(answer: Answer, what: string) {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(answer.json?.error?.message, `${what}: error shape`).toEqual(expect.any(String));
  expect(answer.json.error.code ?? answer.json.error.message).toBeTruthy();
}

function expectNoServerError(answer: Answer, what: string) {
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  if (answer.status >= 400) expect(answer.json?.error?.message, `${what}: error shape`).toEqual(expect.any(String));
}

// ---- arbitraries -------------------------------------------------------------------------

const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE rilis; --",
  '\u202Egnp.exe',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  '😀👨‍👩‍👧‍👦🇮🇩',
  '\uD800',
  'a\uDFFFb',
  '{{7*7}}${7*7}',
  ']]><x>',
  '%0d%0aBcc: spy@evil.example',
  '=?utf-8?b?QmNjOiBzcHlAZXZpbC5leGFtcGxl?=',
];
/** Text no line field takes: control characters (NUL, CR/LF header injection), or too long. */
const REFUSED_LINE = fc.oneof(
  // Inside the text: leading and trailing whitespace, CR/LF included, is trimmed away.
  fc.constantFrom('Nama\r\nBcc: spy@evil.example', 'Judul\nSubject: palsu', 'a\u0000b', 'x\u0007y', 'x\u001b[31m', 'x\r\n\r\n<html>'),
  fc.tuple(fc.constantFrom(...NASTY), fc.constantFrom('\r\n', '\n', '\u0000', '\u007f')).map(([s, c]) => `${s}${c}Bcc: spy@evil.example`),
  fc.string({ minLength: 201, maxLength: 400 }).filter((s) => s.trim().length > 200),
);
/** Values of the wrong type for a text, list or object field (never a valid one: no empty list). */
const WRONG_TYPE = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
/** Values of the wrong type for a number field. */
const NOT_A_NUMBER = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 10 }),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
const ANY_TEXT = fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 60 }));
const PATH_TRICK = fc.constantFrom(
  '../../etc/passwd',
  '..',
  '.',
  '/etc/passwd',
  'C:\\Windows\\win.ini',
  '..\\..\\boot.ini',
  'foto\u0000.jpg',
  'a/b.jpg',
  'foto.jpg\r\nX-Injected: 1',
  '\\\\server\\share\\x.jpg',
);

function validSubmission(title = `Rilis ${tag}`) {
  return {
    newsType: 'kegiatan',
    title,
    body: 'Isi rilis.',
    eventDate: '2026-11-20',
    eventPlace: 'Ternate',
    submitter: { name: 'Siti', institution: 'Bappeda', email: `${tag}@bappeda.example.go.id`, phone: '+62 812 1111 2222' },
    letter: { number: '001/X/2026', date: '2026-11-19' },
    attachments: [] as string[],
  };
}

/** Sets a dotted path in a fresh copy of `value`. */
function withField(value: Record<string, unknown>, path: string, field: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const parts = path.split('.');
  let at: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  if (field === undefined) delete at[parts.at(-1)!];
  else at[parts.at(-1)!] = field;
  return copy;
}

const SUBMISSION_LINES = ['title', 'eventPlace', 'submitter.name', 'submitter.institution', 'letter.number'];
const SUBMISSION_FIELDS = [
  ...SUBMISSION_LINES,
  'body',
  'newsType',
  'eventDate',
  'submitter.email',
  'submitter.phone',
  'letter.date',
  'attachments',
  'letter',
  'submitter',
];

/** A submission the API must refuse: one field broken by type, content, length or absence. */
const refusedSubmission = fc.oneof(
  fc.tuple(fc.constantFrom(...SUBMISSION_LINES), REFUSED_LINE).map(([f, v]) => withField(validSubmission(), f, v)),
  fc.tuple(fc.constantFrom(...SUBMISSION_FIELDS), WRONG_TYPE).map(([f, v]) => withField(validSubmission(), f, v)),
  fc
    .constantFrom('title', 'body', 'newsType', 'submitter', 'submitter.email', 'submitter.name')
    .map((f) => withField(validSubmission(), f, undefined)),
  fc
    .constantFrom(
      'x\r\nBcc: spy@evil.example',
      'a@b.c\nBcc: spy@evil.example',
      '"evil"@',
      'spy@evil.example, other@evil.example',
      '<script>@x',
    )
    .map((v) => withField(validSubmission(), 'submitter.email', v)),
  fc.constantFrom('body').map((f) => withField(validSubmission(), f, 'x\u0000y')),
  fc
    .constantFrom('newsType')
    .chain((f) => ANY_TEXT.filter((v) => !/^[a-z0-9-]{1,40}$/.test(v)).map((v) => withField(validSubmission(), f, v))),
  // Attachments nobody uploaded (well-formed ids): nothing may be claimed or kept.
  fc
    .array(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), { minLength: 1, maxLength: 3 })
    .map((ids) => withField(validSubmission(), 'attachments', ids)),
);

const refusedUpload = fc.oneof(
  fc
    .tuple(PATH_TRICK, fc.constantFrom('image/jpeg', 'application/pdf'))
    .map(([filename, contentType]) => ({ filename, contentType, size: 1000 })),
  fc.tuple(REFUSED_LINE).map(([filename]) => ({ filename, contentType: 'image/jpeg', size: 1000 })),
  fc
    .constantFrom('text/html', 'application/x-msdownload', 'image/svg+xml', 'image/jpeg\r\nX: y', '../../x', '')
    .map((contentType) => ({ filename: 'foto.jpg', contentType, size: 1000 })),
  fc
    .oneof(fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER, 1e15), NOT_A_NUMBER)
    .map((size) => ({ filename: 'foto.jpg', contentType: 'image/jpeg', size })),
  fc
    .constantFrom('filename', 'contentType')
    .chain((f) => WRONG_TYPE.map((v) => withField({ filename: 'foto.jpg', contentType: 'image/jpeg', size: 1000 }, f, v))),
  fc
    .constantFrom('filename', 'contentType', 'size')
    .map((f) => withField({ filename: 'foto.jpg', contentType: 'image/jpeg', size: 1000 }, f, undefined)),
);

const MALFORMED_JSON = fc.oneof(
  fc.constantFrom(
    '{',
    '{"title": }',
    "{'a': 1}",
    '[1,2',
    'null',
    'true',
    '"string"',
    '123',
    '{"a":1}}',
    '\u0000',
    '{"__proto__": {"admin": true}}',
    '{"constructor": {"prototype": {"x": 1}}}',
  ),
  fc.string({ unit: 'binary', maxLength: 80 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
);

/** Percent-encodes the UTF-8 bytes of any string, lone surrogates too (encodeURIComponent throws on them). */
const pct = (s: string) =>
  [...Buffer.from(s, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`,
    )
    .join('');

// ---- the suite ---------------------------------------------------------------------------

describe('refused requests on every POST route', () => {
  it('are 4xx with the error shape and store nothing', async () => {
    sourceAddress = '127.0.0.11';
    // Prepare: real upload ids for the /complete route — one completed, one whose bytes
    // never came — and the table's count after them.
    const photo = await driver.upload('foto.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg'));
    const pendingAnswer = await send(
      'POST',
      '/api/uploads',
      JSON.stringify({ filename: 'belum.jpg', contentType: 'image/jpeg', size: 1000 }),
    );
    expect(pendingAnswer.status, pendingAnswer.text).toBe(201);
    const pending = pendingAnswer.json.uploadId as string;
    const before = await itemCount();

    // Act + Assert (per case)
    await fc.assert(
      fc.asyncProperty(refusedSubmission, async (body) =>
        expectRefusal(await send('POST', '/api/releases', JSON.stringify(body)), `submission ${JSON.stringify(body).slice(0, 200)}`),
      ),
      { numRuns: 100 },
    );
    await fc.assert(
      fc.asyncProperty(refusedUpload, async (body) =>
        expectRefusal(await send('POST', '/api/uploads', JSON.stringify(body)), `upload ${JSON.stringify(body)}`),
      ),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        // (Not the completed upload: completing it again is idempotent and answers as before.)
        fc.oneof(
          fc.constant(pending),
          fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
          ANY_TEXT.filter((s) => s.length > 0),
        ),
        fc.oneof(
          WRONG_TYPE.map((parts) => ({ parts })),
          fc
            .array(
              fc.record({ partNumber: fc.oneof(fc.integer({ min: -5, max: 20_000 }), WRONG_TYPE), etag: fc.oneof(ANY_TEXT, WRONG_TYPE) }),
              { minLength: 1, maxLength: 3 },
            )
            .map((parts) => ({ parts })),
        ),
        async (uploadId, body) => {
          const answer = await send('POST', `/api/uploads/${pct(uploadId)}/complete`, JSON.stringify(body));
          // The pending upload with made-up parts must be refused: its bytes never came.
          expectRefusal(answer, `complete ${uploadId} ${JSON.stringify(body)}`);
        },
      ),
      { numRuns: 30 },
    );
    for (const path of ['/api/releases', '/api/uploads', `/api/uploads/${pending}/complete`]) {
      await fc.assert(
        fc.asyncProperty(MALFORMED_JSON, async (raw) =>
          expectRefusal(await send('POST', path, raw), `malformed ${JSON.stringify(raw)} to ${path}`),
        ),
        { numRuns: 15 },
      );
    }
    // Oversized: past the API's 10 MB, and a body field past its own limit.
    expectRefusal(
      await send('POST', '/api/releases', JSON.stringify({ ...validSubmission(), body: 'x'.repeat(10 * 1024 * 1024 + 10) })),
      'a 10 MB body',
    );
    expectRefusal(
      await send('POST', '/api/releases', JSON.stringify({ ...validSubmission(), body: 'x'.repeat(50_001) })),
      'a body past 50 000 characters',
    );
    expectRefusal(
      await send('POST', '/api/releases', JSON.stringify({ ...validSubmission(), attachments: Array.from({ length: 51 }, () => photo) })),
      '51 attachments',
    );

    // Assert: nothing stored by any of them.
    expect(await itemCount()).toBe(before);
  }, 240_000);
});

describe('the captcha of a submission', () => {
  const refusedFor = async (body: unknown, key: string, what: keyof typeof captchaRefused) => {
    const answer = await send('POST', '/api/releases', JSON.stringify(body));
    expectRefusal(answer, `${what} captcha`);
    expect(answer.json.error.code, answer.text).toBe('captcha');
    expect(answer.json.error.message).toBe(MESSAGE_OF[key]);
    captchaRefused[what]++;
  };
  const MESSAGE_OF: Record<string, string> = {};

  it('is required, unforged, unexpired and good once; a refusal for a wrong field does not spend it', async () => {
    // A client address of its own: the per-IP limit counts this case's submissions only.
    sourceAddress = '127.0.0.16';
    // Prepare: the catalogue's words, the office's key (for a challenge issued "long ago"), a real solution.
    const { MESSAGES } = await import('../../functions/domain/messages.js');
    for (const key of ['captcha.missing', 'captcha.invalid', 'captcha.expired', 'captcha.used'] as const)
      MESSAGE_OF[key] = MESSAGES[key].id;
    const officeKey = await officeCaptchaKey(cloud.endpoints.secretsmanager, env('CAPTCHA_SECRET_ARN'));
    const solved = (await driver.withCaptcha(validSubmission(`Captcha ${tag}`))) as ReturnType<typeof validSubmission> & { altcha: string };
    const before = await itemCount();

    // Act + Assert: refused, and nothing stored.
    await refusedFor(validSubmission(), 'captcha.missing', 'missing');
    await refusedFor({ ...validSubmission(), altcha: '' }, 'captcha.missing', 'missing');
    await refusedFor(
      { ...validSubmission(), altcha: await signedPayload('not-the-office-key', new Date(Date.now() + 600_000)) },
      'captcha.invalid',
      'forged',
    );
    await refusedFor({ ...validSubmission(), altcha: tampered(solved.altcha) }, 'captcha.invalid', 'forged');
    await refusedFor({ ...validSubmission(), altcha: Buffer.from('{"challenge":1}').toString('base64') }, 'captcha.invalid', 'forged');
    await refusedFor(
      { ...validSubmission(), altcha: await signedPayload(officeKey, new Date(Date.now() - 60_000)) },
      'captcha.expired',
      'expired',
    );
    expect(await itemCount()).toBe(before);

    // A wrong field is refused for itself, and the same solution then goes through once fixed.
    const wrongField = await send('POST', '/api/releases', JSON.stringify({ ...solved, title: '' }));
    expect(wrongField.status, wrongField.text).toBe(400);
    expect(wrongField.json.error.code).toBe('invalid');
    const fixed = await send('POST', '/api/releases', JSON.stringify(solved));
    expect(fixed.status, fixed.text).toBe(201);
    summary.releasesStarted++;
    await driver.untilStatus(fixed.json.id, fixed.json.statusKey, ['in-progress']);
    summary.releasesCompleted++;

    // Used once: another submission with it is refused, even in a race of two.
    await refusedFor({ ...validSubmission(`Lagi ${tag}`), altcha: solved.altcha }, 'captcha.used', 'reused');
    const fresh = (await driver.withCaptcha(validSubmission(`Balapan ${tag}`))) as { altcha: string };
    const race = await Promise.all(
      [1, 2].map((n) => send('POST', '/api/releases', JSON.stringify({ ...validSubmission(`Balapan ${n} ${tag}`), altcha: fresh.altcha }))),
    );
    expect(race.map((a) => a.status).sort()).toEqual([201, 400]);
    const loser = race.find((a) => a.status === 400)!;
    expect(loser.json.error.code).toBe('captcha');
    captchaRefused.reused++;
    const winner = race.find((a) => a.status === 201)!;
    summary.releasesStarted++;
    await driver.untilStatus(winner.json.id, winner.json.statusKey, ['in-progress']);
    summary.releasesCompleted++;

    // A client's retry (same Idempotency-Key, same body) may repeat the solution and gets the same release.
    const retried = (await driver.withCaptcha(validSubmission(`Ulang ${tag}`))) as object;
    const idem = { 'idempotency-key': `captcha-${tag}` };
    const once = await send('POST', '/api/releases', JSON.stringify(retried), idem);
    const again = await send('POST', '/api/releases', JSON.stringify(retried), idem);
    expect(once.status, once.text).toBe(201);
    expect(again.status, again.text).toBe(201);
    expect(again.json.id).toBe(once.json.id);
    summary.releasesStarted++;
    await driver.untilStatus(once.json.id, once.json.statusKey, ['in-progress']);
    summary.releasesCompleted++;
  }, 240_000);
});

describe('any input on every route', () => {
  it('is answered without a 5xx, and a refusal has the error shape', async () => {
    // Prepare
    sourceAddress = '127.0.0.12';
    const jsonish = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.dictionary(
        fc.constantFrom('title', 'body', 'filename', 'action', 'parts', 'submitter', 'newsType', 'size', 'contentType'),
        fc.oneof(ANY_TEXT, WRONG_TYPE),
      ),
    );
    const segment = fc
      .oneof(
        ANY_TEXT.filter((s) => s.length > 0),
        PATH_TRICK,
        fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      )
      .map(pct);
    const audit = cloud.auditHeaders();

    // Act + Assert
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/releases', '/api/uploads', '/api/tasks/aaaaaaaaaaaaaaaaaaaaaa'),
        jsonish,
        async (path, body) => {
          expectNoServerError(await send('POST', path, JSON.stringify(body)), `POST ${path} ${JSON.stringify(body).slice(0, 200)}`);
        },
      ),
      { numRuns: 40 },
    );
    // Valid submissions with strange unicode (lone surrogates, RTL, emoji, NFC/NFD) in the
    // text: accepted or refused, never a 5xx; an accepted one registers and opens its first task.
    const registered: Array<{ id: string; statusKey: string }> = [];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('title', 'body', 'submitter.name', 'submitter.institution', 'eventPlace'),
        ANY_TEXT,
        async (field, extra) => {
          const base = validSubmission();
          const current = field.split('.').reduce<any>((o, k) => o[k], base) as string;
          const answer = await send(
            'POST',
            '/api/releases',
            JSON.stringify(await driver.withCaptcha(withField(base, field, `${current} ${extra} e\u0301 \u00e9`))),
          );
          expectNoServerError(answer, `submission with ${field} + ${JSON.stringify(extra)}`);
          if (answer.status === 201) registered.push(answer.json);
        },
      ),
      { numRuns: 15 },
    );
    for (const r of registered) {
      const status = await until(`release ${r.id} registered`, async () => {
        const res = await driver.api(`/api/releases/${r.id}?key=${encodeURIComponent(r.statusKey)}`);
        return res.json?.status === 'received' ? undefined : (res.json?.status as string);
      });
      expect(status, r.id).toBe('in-progress');
    }
    // A real release with a guessed or hostile status key: never shown.
    const real = registered[0] ?? (await send('POST', '/api/releases', JSON.stringify(await driver.withCaptcha(validSubmission())))).json;
    await fc.assert(
      fc.asyncProperty(fc.oneof(segment, fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)), async (key) => {
        const answer = await send('GET', `/api/releases/${real.id}?key=${key}`);
        expectNoServerError(answer, `status page of ${real.id} with key ${key}`);
        expect(answer.status, `status page with key ${key}`).toBe(404);
      }),
      { numRuns: 20 },
    );
    await fc.assert(
      fc.asyncProperty(segment, segment, async (id, key) => {
        expectNoServerError(await send('GET', `/api/releases/${id}?key=${key}`), `GET release ${id}`);
        expectNoServerError(await send('GET', `/api/tasks/${id}`), `GET task ${id}`);
        expectNoServerError(await send('POST', `/api/tasks/${id}`, JSON.stringify({ action: 'approve' })), `POST task ${id}`);
      }),
      { numRuns: 30 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('releases/{x}/steps', 'steps', 'agenda', 'report'),
        segment,
        fc.dictionary(fc.constantFrom('from', 'to', 'period', 'format'), segment, { maxKeys: 4 }),
        async (route, x, query) => {
          const path = `/api/audit/${route.replace('{x}', x)}?${Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')}`;
          expectNoServerError(await send('GET', path, undefined, audit), `GET ${path}`);
          const anonymous = await send('GET', path);
          expect(anonymous.status, `GET ${path} without the auditor key`).toBe(403);
        },
      ),
      { numRuns: 30 },
    );
  }, 240_000);
});

describe('hostile text that is valid', () => {
  const marker = {
    title: `<script>alert("judul")</script> Banjir & "Longsor" \u202Egnp.exe 😀 ]]> ${tag}`,
    body: `<img src=x onerror=alert(1)> paragraf satu\n\n<iframe src="javascript:alert(2)"></iframe> ]]></description><script>alert(3)</script>`,
    place: '<svg onload=alert(4)>',
    name: 'Evil <spy@evil.example>, "Bcc: spy@evil.example" =?utf-8?q?X?=',
    institution: '</td><script>alert(5)</script>',
  };
  // Markup that a browser or a mail client would run or render: a real tag or attribute, not
  // its escaped text (which may sit inside a quoted attribute such as an image's alt).
  const INSIDE_TAG = `(?:[^>"']|"[^"]*"|'[^']*')*`;
  const RAW_MARKUP = [
    /<script/i,
    new RegExp(`<img\\b${INSIDE_TAG}\\ssrc=x`, 'i'),
    /<iframe/i,
    /<svg/i,
    new RegExp(`<[a-z][a-z0-9]*\\b${INSIDE_TAG}\\son(?:error|load|click|mouseover)=`, 'i'),
    /<\/td><script/i,
    /<b>NF<\/b>|<b>005<\/b>/,
  ];
  const rawMarkupIn = (html: string) => RAW_MARKUP.filter((re) => re.test(html)).map(String);

  it('reaches publication escaped in every mail, page, feed and archive file, with no extra recipient', async () => {
    // Prepare: an upload whose name is markup, a submission with markup in every field.
    const photo = await driver.upload('<img src=x onerror=alert(6)>.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg'));
    const created = await driver.api('/api/releases', {
      body: {
        newsType: 'kegiatan',
        title: marker.title,
        body: marker.body,
        eventPlace: marker.place,
        submitter: { name: marker.name, institution: marker.institution, email: `${tag}@bappeda.example.go.id` },
        letter: { number: '<b>005</b>/X', date: '2026-11-19' },
        attachments: [photo],
      },
    });
    expect(created.status, created.text).toBe(201);
    const { id, statusKey, agendaNumber } = created.json as { id: string; statusKey: string; agendaNumber: string };
    summary.releasesStarted++;

    // Act: the SOP with markup in the notes, the draft and the quotes.
    await driver.act(
      'kabid.piks@',
      agendaNumber,
      { action: 'dispose', assignees: ['kasi-piks'], arahan: '<script>alert("arahan")</script>', urgency: 'segera' },
      seen,
    );
    await driver.act(
      'kasi.piks@',
      agendaNumber,
      { action: 'accept', officer: 'petugas-1', note: '<b onmouseover=alert(7)>catatan</b>' },
      seen,
    );
    await driver.act(
      'sari@',
      agendaNumber,
      {
        action: 'submit',
        title: marker.title,
        lead: '<script>alert("lead")</script> Teras berita.',
        body: marker.body,
        quotes: [{ text: '<script>alert("kutipan")</script>', by: '<i onclick=alert(8)>Gubernur</i>' }],
        photos: [{ uploadId: photo, caption: '<img src=x onerror=alert(9)>' }],
      },
      seen,
    );
    await driver.act('kasi.piks@', agendaNumber, { action: 'approve', note: '<script>alert("setuju")</script>' }, seen);
    await driver.untilStatus(id, statusKey, ['completed']);
    summary.releasesCompleted++;

    const mails = (await driver.mails()).filter(
      (m) => m.subject.includes(tag) || (m.body.text ?? '').includes(agendaNumber) || m.subject.includes(agendaNumber),
    );
    const published = await driver.mailTo(`${tag}@bappeda.example.go.id`, /\/berita\//, seen);
    const pageUrl = /https?:\/\/[^\s"<]+\/berita\/[^\s"<]+/
      .exec(published.body.text ?? '')![0]
      .replace(/^https?:\/\/[^/]+/, cloud.endpoints.web);
    const page = await (await fetch(pageUrl)).text();
    const index = await (await fetch(`${cloud.endpoints.web}/berita/`)).text();
    const rss = await (await fetch(`${cloud.endpoints.web}/berita/rss.xml`)).text();
    const archive = await archiveFiles(id);

    // Assert: mail — markup shows as text, recipients and headers are only ours.
    expect(mails.length).toBeGreaterThan(5);
    for (const m of mails) {
      expect(rawMarkupIn(m.body.html ?? ''), `html of "${m.subject}" to ${m.destination.to.join(', ')}`).toEqual([]);
      expect(m.destination.to, m.subject).toHaveLength(1);
      // A display name may show the text (quoted); the address itself must be the intended one.
      const address = /<([^<>]+)>$/.exec(m.destination.to[0]!)?.[1] ?? m.destination.to[0]!;
      expect(address, m.subject).not.toContain('evil.example');
      expect([...((m.destination as { cc?: string[] }).cc ?? []), ...((m.destination as { bcc?: string[] }).bcc ?? [])]).toEqual([]);
      expect(m.subject).not.toMatch(/[\r\n]/);
    }
    expect(mails.some((m) => (m.body.html ?? '').includes('&lt;script&gt;'))).toBe(true);
    // The newsroom page and the index show it as text.
    expect(rawMarkupIn(page)).toEqual([]);
    expect(page).toContain('&lt;script&gt;');
    expect(rawMarkupIn(index)).toEqual([]);
    // RSS: nothing outside CDATA, and descriptions (HTML to a reader) carry no markup of ours.
    expect(rawMarkupIn(rss.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ''))).toEqual([]);
    const descriptions = [...rss.matchAll(/<description><!\[CDATA\[([\s\S]*?)\]\]><\/description>/g)].map((d) => d[1]!);
    expect(descriptions.length).toBeGreaterThan(0);
    for (const d of descriptions) expect(rawMarkupIn(d)).toEqual([]);
    // Archive: one PDF with no script or launch action, file names without markup or paths.
    expect(archive.pdfs).toHaveLength(1);
    expect(archive.pdfs[0]!.startsWith('%PDF')).toBe(true);
    expect(archive.pdfs[0]).not.toMatch(/\/JavaScript|\/JS\s*[(<]|\/Launch|\/URI\s*\(javascript:/i);
    for (const key of archive.keys) expect(key).not.toMatch(/[<>"]|\.\.\/|\\/);
  }, 240_000);
});

describe('an attachment swapped after its check', () => {
  it('never reaches the release: the swapped bytes are caught at register, the release refused and the sender told why', async () => {
    // Prepare: a real JPEG, uploaded and completed (checked) as the form does.
    sourceAddress = '127.0.0.14';
    const sender = `${tag}-swap@bappeda.example.go.id`;
    const photo = fixture('foto-kegiatan.jpg');
    const created = await send(
      'POST',
      '/api/uploads',
      JSON.stringify({ filename: 'foto.jpg', contentType: 'image/jpeg', size: photo.length }),
    );
    expect(created.status, created.text).toBe(201);
    const { uploadId, parts } = created.json as { uploadId: string; parts: { url: string }[] };
    expect(parts).toHaveLength(1);
    const first = await fetch(parts[0]!.url, { method: 'PUT', body: new Uint8Array(photo), headers: { 'content-type': 'image/jpeg' } });
    expect(first.status).toBe(200);
    const completed = await send(
      'POST',
      `/api/uploads/${uploadId}/complete`,
      JSON.stringify({ parts: [{ partNumber: 1, etag: first.headers.get('etag') }] }),
    );
    expect(completed.status, completed.text).toBe(200);

    // Act: other bytes of the same size (a Windows executable's header) to the same URL, then submit.
    const swapped = Buffer.alloc(photo.length, 0x90);
    swapped.write('MZ', 0, 'latin1');
    const swap = await fetch(parts[0]!.url, { method: 'PUT', body: new Uint8Array(swapped), headers: { 'content-type': 'image/jpeg' } });
    const submitted = await driver.api('/api/releases', {
      body: {
        newsType: 'kegiatan',
        title: `Uji tukar lampiran ${tag}`,
        body: 'Isi berita yang cukup panjang untuk diterima sebagai rilis.',
        eventPlace: 'Aula',
        submitter: { name: 'Penguji', institution: 'Bappeda', email: sender },
        letter: { number: '005/SW', date: '2026-11-19' },
        attachments: [uploadId],
      },
    });

    // Assert: refused at the PUT, or caught at register: the release failed with the reason,
    // the sender mailed why, and the swapped bytes nowhere under the release.
    if (swap.status >= 400) {
      swapAfterComplete = 'refused';
      return;
    }
    // A first submission from this address: received once the sender confirms from the mail.
    expect(submitted.status, submitted.text).toBe(202);
    const confirmed = await driver.confirmFromMail(sender, seen);
    expect(confirmed.status, confirmed.text).toBe(200);
    const { id, statusKey } = submitted.json as { id: string; statusKey: string };
    // Register sets in-progress once the files are moved: a release that gets there took the swapped bytes.
    const release = await driver.untilStatus(id, statusKey, ['failed', 'in-progress', 'published', 'completed']);
    expect(release.status).toBe('failed');
    const told = await driver.mailTo(sender, /Ditolak|Refused/, seen);
    expect(told.body.text).toContain('foto.jpg');
    expect(told.body.text).toContain('berubah setelah diperiksa');
    const s3 = s3Client(cloud.endpoints.s3);
    const underRelease = await s3.send(new ListObjectsV2Command({ Bucket: env('UPLOADS_BUCKET'), Prefix: `releases/${id}/` }));
    expect(underRelease.Contents ?? []).toEqual([]);
    swapAfterComplete = 'caught';
  }, 120_000);
});

describe('a flood of submissions from one IP and one address', () => {
  it('claims no agenda number, mails the address at most 3 times a day, and answers no 5xx', async () => {
    // Prepare: an address never confirmed, one client IP, the agenda book's size now.
    const address = `${tag}-flood@bappeda.example.go.id`;
    const submission = {
      ...validSubmission(`Banjir kiriman ${tag}`),
      submitter: { name: 'Penyerang', institution: 'Entah', email: address },
    };
    // Each with a solved captcha of its own, as an attacker who pays for the work would send.
    const officeKey = await officeCaptchaKey(cloud.endpoints.secretsmanager, env('CAPTCHA_SECRET_ARN'));
    const solutions: string[] = [];
    for (let i = 0; i < 1000; i++) solutions.push(await signedPayload(officeKey, new Date(Date.now() + 600_000)));
    const agendaBefore = await itemCount('AGENDA#');
    const retryAfter: string[] = [];

    // Act: 1,000 submissions, 25 at a time, from 127.0.0.13.
    const one = async () => {
      const body = JSON.stringify({ ...submission, altcha: solutions.pop()! });
      const res = await requestFrom('127.0.0.13', `${cloud.endpoints.api}/api/releases`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json' },
      });
      flood.sent++;
      if (res.status >= 500) flood.serverErrors++;
      else if (res.status === 429) {
        flood.limited++;
        retryAfter.push(String(res.headers['retry-after']));
      } else if (res.status < 300) flood.accepted++;
    };
    for (let i = 0; i < 1000; i += 25) await Promise.all(Array.from({ length: 25 }, one));
    flood.agendaClaimed = (await itemCount('AGENDA#')) - agendaBefore;
    flood.mails = (await driver.mails()).filter((m) => m.destination.to.some((t) => t.includes(address))).length;

    // Assert
    expect(flood.sent).toBe(1000);
    expect(flood.serverErrors).toBe(0);
    expect(flood.agendaClaimed).toBe(0);
    expect(flood.mails).toBeLessThanOrEqual(3);
    expect(flood.accepted).toBeLessThanOrEqual(3);
    expect(flood.limited).toBe(1000 - flood.accepted);
    expect(retryAfter.every((r) => Number(r) > 0)).toBe(true);
  }, 600_000);
});

describe('a submission never confirmed', () => {
  it('is gone after its expiry: the sweep deletes it and its upload, and its link no longer confirms', async () => {
    // Prepare: an unconfirmed sender's submission with a checked photo.
    sourceAddress = '127.0.0.15';
    const address = `${tag}-lupa@bappeda.example.go.id`;
    const photo = await driver.upload('foto.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg'));
    const held = await driver.api('/api/releases', {
      body: {
        ...validSubmission(`Tidak dikonfirmasi ${tag}`),
        submitter: { name: 'Lupa', institution: 'Bappeda', email: address },
        attachments: [photo],
      },
    });
    expect(held.status, held.text).toBe(202);
    const mail = await driver.mailTo(address, /\/k\/#/, seen);
    const token = /\/k\/#([A-Za-z0-9_-]{22})/.exec(mail.body.text ?? '')![1]!;
    const s3 = s3Client(cloud.endpoints.s3);
    const objectThere = async () =>
      (await s3.send(new ListObjectsV2Command({ Bucket: env('UPLOADS_BUCKET'), Prefix: `incoming/${photo}` }))).Contents?.length ?? 0;
    expect(await objectThere()).toBe(1);
    const heldBefore = await itemCount('CONFIRM#');
    const sweepFn = cloud.model.functions.find((f) => f.logicalId.startsWith('SlaSweepFunction'))!;

    // Act: the sweep runs 49 hours later, with its own role.
    const swept = await cloud.invoker.invoke(sweepFn.name, {
      time: new Date(Date.now() + 49 * 3_600_000).toISOString(),
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
    });

    // Assert: deleted for real, the upload's record and object too; the link is unknown now.
    expect(swept.ok, JSON.stringify(swept)).toBe(true);
    expect((swept as { payload?: { unconfirmedDeleted?: number } }).payload?.unconfirmedDeleted).toBeGreaterThanOrEqual(1);
    expect(await itemCount('CONFIRM#')).toBeLessThan(heldBefore);
    expect(await itemCount(`UPLOAD#${photo}`)).toBe(0);
    expect(await objectThere()).toBe(0);
    const late = await send('POST', `/api/confirmations/${token}`, '{}');
    expect(late.status, late.text).toBe(404);
    unconfirmedGone = 'yes';
  }, 120_000);
});

async function archiveFiles(releaseId: string): Promise<{ keys: string[]; pdfs: string[] }> {
  const s3 = s3Client(cloud.endpoints.s3);
  const bucket = env('ARCHIVE_BUCKET');
  const keys = await until('the archive', async () => {
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/' }));
    const ours = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(releaseId));
    return ours.some((k) => k.endsWith('release.pdf')) ? ours : undefined;
  });
  const pdfs = await Promise.all(
    keys
      .filter((k) => k.endsWith('.pdf'))
      .map(async (Key) => (await s3.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToString('latin1')),
  );
  return { keys, pdfs };
}
