/**
 * The desk's sign-in and shell in Chromium on a 360 px phone, against the local cloud as
 * `npm start` runs it: a person asks for a link, follows it from the mail, presses the
 * button and lands on the desk with their name; signs out and is refused from then on.
 * The English interface too. axe runs on every page; screenshots go to test-results/desk/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../../support/cloud.js';
import { signInInBrowser, signInToken } from '../../support/desk.js';
import { buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from '../web-browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'desk');
const KABID = 'kabid.piks@kominfo.example.go.id';
const AUDITOR = 'audit@inspektorat.example.go.id';

describe.skipIf(!hasChromium)('the desk shell and its sign-in, in Chromium', () => {
  let cloud: TestCloud;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function freshPage(): Promise<void> {
    await page?.context().close();
    const context = await browser.newContext(PHONE);
    page = await context.newPage();
    problems = pageProblems(page);
  }

  async function check(shot: string): Promise<void> {
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    // Usable at 360 px: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  }

  it('asks for a sign-in link by email and says where to look, whatever the address', async () => {
    // Prepare
    await freshPage();
    await page.goto(`${cloud.endpoints.web}/masuk`);
    await check('sign-in');

    // Act
    await page.getByLabel('Alamat email kantor').fill(KABID);
    await page.getByRole('button', { name: 'Kirim tautan masuk' }).click();

    // Assert
    await expect.poll(() => page.getByTestId('sign-in-sent').textContent()).toContain(KABID);
    await check('sign-in-sent');
  });

  it('sends /meja without a session to the sign-in form', async () => {
    await freshPage();
    await page.goto(`${cloud.endpoints.web}/meja`);
    await page.getByLabel('Alamat email kantor').waitFor();
    expect(await page.textContent('main')).toContain('Masuk dulu untuk membuka meja kerja');
    await check('desk-signed-out');
  });

  it('signs a Kabid in from the mailed link and shows who is signed in', async () => {
    // Prepare
    await freshPage();
    const token = await signInToken(cloud, KABID);
    await page.goto(`${cloud.endpoints.web}/masuk/#${token}`);
    await check('sign-in-link');

    // Act
    await page.getByTestId('sign-in-button').click();
    await page.waitForURL(/\/meja$/);

    // Assert
    const who = await page.getByTestId('desk-who').textContent();
    expect(who).toContain('Kepala Bidang');
    // The spent token is out of the history and the address bar.
    expect(page.url()).not.toContain(token);
    // The cookie is not readable by the page's scripts.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    await check('desk-home');
  });

  it('signs out: the desk asks to sign in again and the old cookie opens nothing', async () => {
    // Prepare
    await freshPage();
    await signInInBrowser(page, cloud, AUDITOR);
    const cookies = await page.context().cookies();

    // Act
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/masuk$/);

    // Assert
    const replay = await fetch(`${cloud.endpoints.web}/api/desk/me`, {
      headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(replay.status).toBe(403);
    await page.goto(`${cloud.endpoints.web}/meja`);
    await page.getByLabel('Alamat email kantor').waitFor();
  });

  it('returns to the desk address opened signed out once the person signs in', async () => {
    // Prepare
    await freshPage();
    await page.goto(`${cloud.endpoints.web}/meja/papan`);
    await page.getByLabel('Alamat email kantor').waitFor();
    const token = await signInToken(cloud, 'sekretaris@kominfo.example.go.id');

    // Act
    await page.goto(`${cloud.endpoints.web}/masuk/#${token}`);
    await page.getByTestId('sign-in-button').click();

    // Assert
    await page.waitForURL(/\/meja\/papan$/);
    await page.getByTestId('desk-who').waitFor();
  });

  it('shows the desk in English after the language toggle', async () => {
    await freshPage();
    await signInInBrowser(page, cloud, 'kasi.piks@kominfo.example.go.id');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByTestId('sign-out').textContent()).toBe('Sign out');
    expect(await page.getByTestId('desk-who').textContent()).toContain('Section head');
    await check('desk-home-en');
  });
});
