/**
 * The captcha as a person meets it, in Chromium on a 360 px phone against the local cloud:
 * they fill the form, tick "Saya bukan robot" with the keyboard, the widget solves the
 * challenge from GET /api/challenge in its worker, and the release is received. axe runs on
 * the form; the screenshots go to test-results/web/captcha-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { SHOTS, buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

const unique = `captcha-${Date.now().toString(36)}`;

describe.skipIf(!hasChromium)("the submit form's captcha in a browser", () => {
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
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('is solved by the widget after a keyboard tick, and the release is received', async () => {
    // Prepare: the form, filled as a person does.
    await page.goto(`${cloud.endpoints.web}/`);
    await page.getByRole('heading', { name: 'Ajukan siaran pers' }).waitFor();
    await page.getByLabel('Jenis berita').selectOption('kegiatan');
    await page.getByLabel(/^Judul/).fill(`Rapat koordinasi ${unique}`);
    await page.getByLabel(/^Naskah/).fill('Rapat koordinasi membahas jadwal pelayanan publik.');
    await page.getByLabel(/^Instansi/).fill('Bappeda');
    await page.getByLabel(/^Nama/).fill('Rina Pengirim');
    await page.getByLabel(/^Email/).fill(`${unique}@bappeda.example.go.id`);
    const tick = page.getByRole('checkbox', { name: 'Saya bukan robot' });
    await tick.waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Act: sending before the check says what is missing; then the keyboard tick, and send.
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();
    await page.getByText('Centang "Saya bukan robot" sebelum mengirim.').first().waitFor();
    await tick.focus();
    await page.keyboard.press('Space');
    await page.getByText('Terverifikasi').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'captcha-verified.png'), fullPage: true });
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();

    // Assert: the API took the solved submission (a new sender's is held until they confirm
    // from the mail), and no page errors on the way.
    await page.getByRole('heading', { name: 'Periksa email Anda' }).waitFor();
    expect(await page.getByTestId('held-sent').textContent()).toContain(`${unique}@bappeda.example.go.id`);
    await page.screenshot({ path: join(SHOTS, 'captcha-receipt.png'), fullPage: true });
    expect(problems).toEqual([]);
  }, 180_000);
});
