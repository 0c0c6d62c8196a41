import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { webAppDirOf } from '../../infra/local-cloud/deployer/site.js';
import { loadStack } from '../../infra/local-cloud/deployer/template.js';
import { REPO_ROOT } from '../../infra/cdk/paths.js';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver } from '../e2e/driver.js';
import { decodeConfigText } from '../../functions/contract/config-text.js';

// The real synthesized app (cdk.out, kept fresh by test/support/global-setup.ts) on the
// local cloud: the same template `npm start` and `cdk deploy` use.
describe('the synthesized Warta template on the local cloud', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('writes endpoints.json with every local URL and the deployed resources', () => {
    const { resources, ...endpoints } = JSON.parse(readFileSync(join(cloud.dataDir, 'endpoints.json'), 'utf8'));
    expect(endpoints).toEqual(cloud.endpoints);
    expect(Object.keys(resources).sort()).toEqual(['ARCHIVE_BUCKET', 'SITE_BUCKET', 'STATE_MACHINE_ARN', 'TABLE_NAME', 'UPLOADS_BUCKET']);
    expect(endpoints.mailbox).toBe(`${endpoints.ses}/`);
  });

  it('loads a function for every HTTP API route', () => {
    const routes = cloud.model.apis.flatMap((api) => api.routes);
    expect(routes.map((r) => r.routeKey)).toContain('POST /api/uploads');
    for (const route of routes) expect(cloud.invoker.has(route.functionName!)).toBe(true);
  });

  it('answers POST /api/uploads with a bad body with a 400 JSON error, Indonesian first', async () => {
    const id = await fetch(`${cloud.endpoints.api}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"filename":1}',
    });
    const en = await fetch(`${cloud.endpoints.api}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{"filename":1}',
    });

    expect(id.status).toBe(400);
    const idBody = await id.json();
    const enBody = await en.json();
    expect(typeof idBody.error.code).toBe('string');
    expect(idBody.error.message).not.toBe(enBody.error.message);
  });

  it('registers the state machine with the engine', async () => {
    const sfn = new SFNClient({
      endpoint: cloud.endpoints.stepfunctions,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toEqual(cloud.model.stateMachines.map((m) => m.name));
    expect(stateMachines?.length).toBeGreaterThan(0);
    sfn.destroy();
  });

  it('serves the web app the template deploys: the asset the synth built, found in cdk.out', async () => {
    const webApp = webAppDirOf(loadStack(join(REPO_ROOT, 'cdk.out')));
    const page = await fetch(`${cloud.endpoints.web}/t/abc`);

    expect(webApp).toBeDefined();
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(readFileSync(join(webApp!, 'index.html'), 'utf8'));
  });

  it('guards the auditor routes with the local key', async () => {
    const response = await fetch(`${cloud.endpoints.api}/api/audit/releases`);
    expect(response.status).toBe(403);
  });

  it("takes a submission through the API and the state machine to the first approver's mailbox", async () => {
    // Prepare
    const title = `Rapat koordinasi ${Date.now()}`;
    const before = (await cloud.mail()).length;

    // Act
    const response = await fetch(`${cloud.endpoints.api}/api/releases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      // From one of the office's own people (received at once), with a solved captcha.
      body: JSON.stringify(
        await new Driver(cloud.endpoints).withCaptcha({
          newsType: 'kegiatan',
          title,
          body: 'Pemerintah provinsi mengadakan rapat koordinasi pembangunan jalan di Sofifi. '.repeat(2),
          submitter: { name: 'Sekretaris', institution: 'Dinas Kominfo', email: 'sekretaris@kominfo.example.go.id' },
          attachments: [],
        }),
      ),
    });

    // Assert: a receipt, then a task mail whose link points at the local web app
    expect(response.status).toBe(201);
    const receipt = await response.json();
    expect(receipt.statusUrl.startsWith(`${cloud.endpoints.web}/s/`)).toBe(true);
    await vi.waitFor(
      async () => {
        const mail = (await cloud.mail()).slice(before);
        const task = mail.find((m) => m.subject.includes(title) && /\/t\/#?[\w-]+/.test(m.body.text ?? ''));
        expect(task?.body.text).toContain(`${cloud.endpoints.web}/t/`);
      },
      { timeout: 30_000, interval: 250 },
    );
  });

  it('publishes a release when every stage is clicked through from the mailbox links', async () => {
    // Prepare: people by role come from the office configuration the template carries
    const office = JSON.parse(decodeConfigText(cloud.model.functions[0]!.environment.WARTA_CONFIG ?? '{}')) as {
      people?: Array<{ id: string; roles: string[] }>;
    };
    const byRole = (role: string) => office.people?.find((p) => p.roles.includes(role))?.id;
    const title = `Peresmian jembatan ${Date.now()}`;
    const created = await (
      await fetch(`${cloud.endpoints.api}/api/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          await new Driver(cloud.endpoints).withCaptcha({
            newsType: 'kegiatan',
            title,
            body: 'Gubernur meresmikan jembatan baru yang menghubungkan dua desa di Halmahera. '.repeat(2),
            submitter: { name: 'Kepala', institution: 'Dinas Kominfo', email: 'kepala@kominfo.example.go.id' },
            attachments: [],
          }),
        ),
      })
    ).json();
    const acted = new Set<string>();
    const statusOf = async () =>
      (await (await fetch(`${cloud.endpoints.api}/api/releases/${created.id}?key=${created.statusKey}`)).json()).status as string;

    // Act: answer each task mail about this release with its first forward action
    for (let round = 0; round < 20 && !['published', 'completed', 'archived'].includes(await statusOf()); round++) {
      const link = await vi.waitFor(
        async () => {
          const mails = (await cloud.mail()).filter((m) => m.subject.includes(title));
          const links = mails
            .map((m) => /\/t\/#?([\w-]+)/.exec(m.body.text ?? '')?.[1])
            .filter((l): l is string => Boolean(l) && !acted.has(l!));
          if (!links.length && ['published', 'completed', 'archived'].includes(await statusOf())) return undefined;
          expect(links.length).toBeGreaterThan(0);
          return links[0];
        },
        { timeout: 20_000, interval: 200 },
      );
      if (!link) break;
      acted.add(link);
      const task = await (await fetch(`${cloud.endpoints.api}/api/tasks/${link}`)).json();
      if (task.state !== 'open') continue;
      const actions = task.actions as Array<{ action: string; fields: Array<{ name: string; type: string; required: boolean }> }>;
      const action =
        actions.find((a) => a.action === 'approve') ?? actions.find((a) => !['save-draft', 'reject', 'revise'].includes(a.action))!;
      const fill: Record<string, unknown> = {
        people: [byRole('kasi')],
        person: byRole('petugas'),
        urgency: 'biasa',
        textarea: 'Lanjutkan.',
        text: 'Setuju',
      };
      const body: Record<string, unknown> = { action: action.action };
      for (const f of action.fields)
        if (f.required) body[f.name] = f.name === 'body' ? task.release.body : f.name === 'title' ? task.release.title : fill[f.type];
      const answer = await fetch(`${cloud.endpoints.api}/api/tasks/${link}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(answer.status, `${task.stage.id} ${action.action}`).toBe(200);
    }

    // Assert: published, and the newsroom index on the local web origin lists it
    await vi.waitFor(async () => expect(['published', 'completed', 'archived']).toContain(await statusOf()), {
      timeout: 20_000,
      interval: 250,
    });
    const newsroom = await (await fetch(`${cloud.endpoints.web}/berita/`)).text();
    expect(newsroom).toContain(title);
  }, 120_000);

  it("answers an address without a page with the site's 404 page, as the distribution's error response does", async () => {
    const responses = await Promise.all(
      ['/tidak-ada', '/berita/tidak-ada/', '/assets/hilang.js'].map((path) => fetch(`${cloud.endpoints.web}${path}`)),
    );
    for (const response of responses) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      const page = await response.text();
      expect(page).toContain('Halaman tidak ditemukan');
      expect(page).toContain('href="/berita/"');
    }
  });

  it('serves config.json with the local API and site URLs and the privacy notice of the office', async () => {
    const config = await (await fetch(`${cloud.endpoints.web}/config.json`)).json();
    expect(config).toEqual({
      apiUrl: `${cloud.endpoints.api}/`,
      siteUrl: cloud.endpoints.web,
      privacy: { contact: 'ppid@kominfo.example.go.id', removeAfterDays: 90, archiveYears: 10 },
    });
  });
});
