import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { confirmSender, htmlPart, httpEvent, parse, startLocalStores, type LocalStores, withSolvedCaptcha } from './harness.js';

let stores: LocalStores;
let h: {
  uploadsCreate: typeof import('../../../functions/handlers/uploads-create.js').handler;
  uploadsComplete: typeof import('../../../functions/handlers/uploads-complete.js').handler;
  releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;
  releasesGet: typeof import('../../../functions/handlers/releases-get.js').handler;
  register: typeof import('../../../functions/handlers/register.js').handler;
  humanTask: typeof import('../../../functions/handlers/human-task.js').handler;
  tasksGet: typeof import('../../../functions/handlers/tasks-get.js').handler;
  tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
};
let releases: typeof import('../../../functions/adapters/release-store.js');
let sequences: typeof import('../../../functions/adapters/sequence-store.js');
let objects: typeof import('../../../functions/adapters/object-store.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  await confirmSender('ani@pupr.example.go.id');
  h = {
    uploadsCreate: (await import('../../../functions/handlers/uploads-create.js')).handler,
    uploadsComplete: (await import('../../../functions/handlers/uploads-complete.js')).handler,
    releasesCreate: withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler),
    releasesGet: (await import('../../../functions/handlers/releases-get.js')).handler,
    register: (await import('../../../functions/handlers/register.js')).handler,
    humanTask: (await import('../../../functions/handlers/human-task.js')).handler,
    tasksGet: (await import('../../../functions/handlers/tasks-get.js')).handler,
    tasksAct: (await import('../../../functions/handlers/tasks-act.js')).handler,
  };
  releases = await import('../../../functions/adapters/release-store.js');
  sequences = await import('../../../functions/adapters/sequence-store.js');
  objects = await import('../../../functions/adapters/object-store.js');
});
afterAll(async () => stores.stop());

const png = Buffer.alloc(800, 1);
png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function uploadPng(): Promise<string> {
  const created = parse(
    await h.uploadsCreate(
      httpEvent({ method: 'POST', path: '/api/uploads', body: { filename: 'foto.png', contentType: 'image/png', size: png.length } }),
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

const submission = (attachments: string[], title = 'Peresmian <b>jembatan</b> Sofifi') => ({
  newsType: 'pembangunan',
  title,
  body: 'Gubernur meresmikan jembatan.\nWarga hadir.',
  eventDate: '2026-11-20',
  submitter: { name: 'Ani "Humas" Lestari', institution: 'Dinas PUPR', email: 'ani@pupr.example.go.id' },
  attachments,
});

const linksIn = (raw: string) => [...raw.replace(/=\r?\n/g, '').matchAll(/\/t\/#?([A-Za-z0-9_-]{22})/g)].map((m) => m[1]!);

describe('release intake and a human task on dynalite, s3rver and a fake engine', () => {
  it('creates a release, registers it, opens the dispose task and acts on it exactly once', async () => {
    // Prepare
    const uploadId = await uploadPng();
    // Act: create (with a client retry), register twice
    const idem = { 'idempotency-key': `test-${uploadId}` };
    const created = parse(
      await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([uploadId]), headers: idem })),
    );
    const retried = parse(
      await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([uploadId]), headers: idem })),
    );
    // Assert: one release, one number, one execution named by the release id
    expect(created.status).toBe(201);
    expect(retried.body).toEqual(created.body);
    const id = created.body.id as string;
    expect(created.body.agendaNumber).toMatch(/^\d{3}\/PUB\/DKIP-MU\/\d{4}$/);
    expect(created.body.statusUrl).toBe(`https://warta.example.test/s/${id}#${created.body.statusKey}`);
    // The retry came before the register stage recorded the execution, so it asked again:
    // with the same name and input, which Step Functions answers with the same execution.
    const starts = stores.sfnCalls.filter((c) => c.target.endsWith('StartExecution'));
    expect(starts).toHaveLength(2);
    for (const start of starts) {
      expect(start.body.name).toBe(id);
      expect(JSON.parse(String(start.body.input))).toEqual({ releaseId: id });
    }

    expect((await releases.getRelease(id)).attachments[0]!.sha256).toBe('');

    const payload = {
      releaseId: id,
      stageId: 'register',
      kind: 'register' as const,
      executionId: `exec-${id}`,
      enteredAt: new Date().toISOString(),
    };
    const first = await h.register(payload);
    const second = await h.register(payload);
    expect(second).toEqual(first);
    expect(first.agendaNumber).toBe(created.body.agendaNumber);
    const release = await releases.getRelease(id);
    expect(release.status).toBe('in-progress');
    expect(release.executionArn).toBe(`exec-${id}`);
    expect(release.attachments[0]!.key).toBe(`releases/${id}/${uploadId}`);
    // The sha256 is of the bytes the release keeps, and the event log carries it too.
    const sha256 = createHash('sha256').update(png).digest('hex');
    expect(release.attachments[0]!.sha256).toBe(sha256);
    const registered = (await releases.listEvents(id)).filter((e) => e.type === 'release.registered');
    expect(registered).toHaveLength(1);
    expect(registered[0]!.data).toMatchObject({ files: [{ uploadId, name: 'foto.png', size: png.length, sha256 }] });
    expect(await objects.objectSize(stores.uploadsBucket, `incoming/${uploadId}`)).toBeUndefined();
    const book = await sequences.listSequence(`AGENDA#${release.agendaYear}`);
    expect(book.filter((e) => e.releaseId === id)).toHaveLength(1);
    const receipts = stores.mails.filter((m) => m.to.includes('ani@pupr.example.go.id'));
    expect(receipts).toHaveLength(1);
    const receiptHtml = htmlPart(receipts[0]!.raw);
    expect(receiptHtml).toContain('Peresmian &lt;b&gt;jembatan&lt;/b&gt; Sofifi');
    expect(receiptHtml).not.toContain('<b>jembatan');
    expect(receiptHtml).toContain(created.body.statusUrl.replace('?', '?'));

    // Status page: the right key shows it, a wrong key is a 404
    const status = parse(
      await h.releasesGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { id }, query: { key: created.body.statusKey } })),
    );
    expect(status.status).toBe(200);
    expect(status.body.timeline.find((t: { stageId: string }) => t.stageId === 'register').finishedAt).toBeTruthy();
    expect(JSON.stringify(status.body)).not.toContain('@');
    const wrong = parse(
      await h.releasesGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { id }, query: { key: 'A'.repeat(22) } })),
    );
    expect(wrong.status).toBe(404);

    // Dispose task, delivered twice: one task, one mail to the kabid
    const before = stores.mails.length;
    const task = { ...payload, stageId: 'dispose', kind: 'dispose' as const, taskToken: `token-${id}`, round: 1 };
    await h.humanTask(task);
    await h.humanTask(task);
    const taskMails = stores.mails.slice(before);
    expect(taskMails).toHaveLength(1);
    const [linkId] = linksIn(taskMails[0]!.raw);
    expect(linkId).toBeDefined();

    const page = parse(await h.tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: linkId! } })));
    expect(page.status).toBe(200);
    expect(page.body.actions.map((a: { action: string }) => a.action)).toEqual(['dispose']);
    expect(JSON.stringify(page.body)).not.toContain(`token-${id}`);
    const kasi = page.body.choices.assignees[0].id as string;

    // Act twice on the link
    const act = (body: unknown) =>
      h.tasksAct(httpEvent({ method: 'POST', path: 'x', pathParameters: { linkId: linkId! }, body, sourceIp: '203.0.113.7' }));
    const wrongAction = parse(await act({ action: 'approve' }));
    const decided = parse(await act({ action: 'dispose', assignees: [kasi], arahan: 'Segera diliput', urgency: 'segera' }));
    const again = parse(await act({ action: 'dispose', assignees: [kasi], arahan: 'Lagi', urgency: 'biasa' }));

    expect(wrongAction.status).toBe(400);
    expect(decided.status).toBe(200);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('sudah dikerjakan');
    const successes = stores.sfnCalls.filter((c) => c.target.endsWith('SendTaskSuccess') && c.body.taskToken === `token-${id}`);
    expect(successes).toHaveLength(1);
    expect(JSON.parse(String(successes[0]!.body.output))).toMatchObject({ action: 'dispose' });
    const after = await releases.getRelease(id);
    expect(after.disposition).toMatchObject({ assignees: [kasi], arahan: 'Segera diliput', urgency: 'segera' });
    expect(after.decisions).toHaveLength(1);
    expect(after.decisions[0]).toMatchObject({ clientIp: '203.0.113.7', userAgent: 'vitest', stageId: 'dispose' });
    const donePage = parse(await h.tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: linkId! } })));
    expect(donePage.body.state).toBe('done');
  });

  it('refuses an attachment that another release already holds, and keeps nothing of the refused release', async () => {
    // Prepare
    const uploadId = await uploadPng();
    const first = parse(
      await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([uploadId], 'Pertama') })),
    );
    const fresh = await uploadPng();
    // Act
    const second = parse(
      await h.releasesCreate(
        httpEvent({
          method: 'POST',
          path: '/api/releases',
          body: submission([fresh, uploadId], 'Kedua'),
          headers: { 'accept-language': 'en' },
        }),
      ),
    );
    const third = parse(await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([fresh], 'Ketiga') })));
    // Assert
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain('already used by another release');
    expect(third.status).toBe(201);
  });

  it('answers 404 for an unknown task link and 400 for a bad submission', async () => {
    // Act
    const unknown = parse(await h.tasksGet(httpEvent({ method: 'GET', path: 'x', pathParameters: { linkId: 'B'.repeat(22) } })));
    const bad = parse(
      await h.releasesCreate(
        httpEvent({ method: 'POST', path: '/api/releases', body: { ...submission([]), newsType: 'gosip', title: '' } }),
      ),
    );
    const notJson = parse(await h.releasesCreate({ ...httpEvent({ method: 'POST', path: '/api/releases' }), body: '{oops' }));
    // Assert
    expect(unknown.status).toBe(404);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toContain('title');
    expect(notJson.status).toBe(400);
  });
});

describe('client retries of POST /api/releases', () => {
  it('refuses an Idempotency-Key reused for a different submission', async () => {
    // Prepare
    const key = { 'idempotency-key': `reuse-${Date.now()}` };
    const first = parse(
      await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([], 'Satu'), headers: key })),
    );
    // Act
    const other = parse(
      await h.releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: submission([], 'Dua'), headers: key })),
    );
    const badKey = parse(
      await h.releasesCreate(
        httpEvent({ method: 'POST', path: '/api/releases', body: submission([], 'Tiga'), headers: { 'idempotency-key': 'x y' } }),
      ),
    );
    // Assert
    expect(first.status).toBe(201);
    expect(other.status).toBe(409);
    expect(badKey.status).toBe(400);
  });
});
