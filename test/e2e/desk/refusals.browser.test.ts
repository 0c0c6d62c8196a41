/**
 * The desk refuses in the browser what the server refuses: in Chromium against the local
 * cloud, every desk page opened signed out asks to sign in, and every desk route the page
 * could call answers 401; signed in with a role a page does not admit, the page says so and
 * shows nothing of the section, and every route that role may not use answers 403 to the
 * page's own cookie. The routes come from the contract, so a new one is tried unasked.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ROLES, DESK_ROUTE_PREFIX, type HandlerName } from '../../../functions/contract/handlers.js';
import { apiRoutes } from '../../../infra/cdk/constructs/api.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../../support/cloud.js';
import { signInInBrowser } from '../../support/desk.js';
import { buildWebApp, hasChromium, launchChromium, pageProblems, PHONE, seriousViolations } from '../web-browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'desk');
const RELEASE = '01JD0000000000000000000001';

/** Each desk page that admits only some roles, the route it reads first, and a sample person it does not admit. */
const PAGES: { path: string; handler: HandlerName; outsider: string; roles: string }[] = [
  { path: '/meja/papan', handler: 'desk-board', outsider: 'audit@inspektorat.example.go.id', roles: 'auditor' },
  { path: `/meja/rilis/${RELEASE}`, handler: 'desk-release', outsider: 'audit@inspektorat.example.go.id', roles: 'auditor' },
  { path: '/meja/agenda', handler: 'desk-agenda', outsider: 'admin.ti@kominfo.example.go.id', roles: 'admin' },
  { path: '/meja/audit', handler: 'desk-audit', outsider: 'kabid.piks@kominfo.example.go.id', roles: 'kabid' },
  { path: '/meja/admin', handler: 'desk-directory', outsider: 'kabid.piks@kominfo.example.go.id', roles: 'kabid' },
];
const SIGNED_IN_PAGES = ['/meja', '/meja/ringkasan'];

const deskRoutes = apiRoutes().filter((r) => r.path.startsWith(DESK_ROUTE_PREFIX));
const pathOf = (path: string) => path.replace(/\{[^}]+\}/g, RELEASE);

/** Calls each route from inside the page, with the page's own cookie (same origin), and returns each status. */
async function statusesFromPage(page: Page, routes: typeof deskRoutes): Promise<Record<string, number>> {
  const calls = routes.map((r) => ({ key: `${r.method} ${r.path}`, method: String(r.method), url: pathOf(r.path) }));
  return page.evaluate(async (list) => {
    const out: Record<string, number> = {};
    for (const call of list) {
      const init: RequestInit = { method: call.method, credentials: 'same-origin' };
      if (call.method !== 'GET' && call.method !== 'DELETE') {
        init.headers = { 'content-type': 'application/json' };
        init.body = '{}';
      }
      out[call.key] = (await fetch(call.url, init)).status;
    }
    return out;
  }, calls);
}

describe.skipIf(!hasChromium)('every desk page and route refuses who may not use it, in Chromium', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let dist: string;

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function phonePage(): Promise<{ page: Page; problems: string[] }> {
    const page = await (await browser.newContext(PHONE)).newPage();
    return { page, problems: pageProblems(page) };
  }

  it('signed out: each desk page asks to sign in, and each desk route answers the page 401', async () => {
    // Prepare
    const { page, problems } = await phonePage();
    for (const path of [...SIGNED_IN_PAGES, ...PAGES.map((p) => p.path)]) {
      // Act
      await page.goto(`${cloud.endpoints.web}${path}`);
      // Assert: the sign-in form, nothing of the section
      await page.getByLabel('Alamat email kantor').waitFor();
      expect(await page.textContent('main'), path).toContain('Masuk dulu untuk membuka meja kerja');
      expect(await page.getByTestId('desk-who').count(), path).toBe(0);
    }
    const statuses = await statusesFromPage(page, deskRoutes);
    expect(Object.entries(statuses).filter(([, status]) => status !== 401)).toEqual([]);
    expect(Object.keys(statuses)).toHaveLength(deskRoutes.length);
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it.each(PAGES.map((p) => [p.path, p] as const))(
    'as a role %s does not admit: the page refuses, and so does every route closed to it',
    async (_path, target) => {
      // Prepare
      const admitted = DESK_ROLES[target.handler];
      expect(admitted === 'signed-in' || admitted?.includes(target.roles)).toBe(false);
      const { page, problems } = await phonePage();
      await signInInBrowser(page, cloud, target.outsider);

      // Act
      await page.goto(`${cloud.endpoints.web}${target.path}`);

      // Assert: the refusal in place of the section, and no link to it in the menu
      await page.getByText('Peran Anda tidak membuka halaman ini.').waitFor();
      expect(await page.locator(`nav a[href="${target.path}"]`).count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      const closed = deskRoutes.filter((r) => {
        const roles = DESK_ROLES[r.handler];
        return roles !== undefined && roles !== 'signed-in' && !roles.includes(target.roles);
      });
      expect(closed.some((r) => r.handler === target.handler)).toBe(true);
      const statuses = await statusesFromPage(page, closed);
      expect(Object.entries(statuses).filter(([, status]) => status !== 403)).toEqual([]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `refused-${target.handler}.png`), fullPage: true });
      await page.context().close();
    },
  );
});
