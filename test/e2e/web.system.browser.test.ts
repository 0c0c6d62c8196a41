/**
 * A release's whole story, as a person lives it, in Chromium against the local cloud (the synthesized template
 * on one Node process, as `npm start` runs it): a person on a 360 px phone fills the form,
 * uploads a photo and a PDF, and submits; is asked to check their email, follows the
 * confirmation link and gets the agenda number; then each approver opens their link from the
 * local mailbox and acts on the task page; finally the release is on the newsroom page.
 * axe runs on every page; screenshots go to test-results/web/system-*.png.
 * Links carry their secret in the fragment: a link of the older form still opens its page,
 * which puts the fragment form in the address bar, and no request the page makes itself
 * carries a link id or a status key in its URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver, fixture, until, type Mail } from './driver.js';
import { SHOTS, buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

const unique = `web-${Date.now().toString(36)}`;
const sender = `${unique}@pupr.example.go.id`;

describe.skipIf(!hasChromium)('the web app on the local cloud, end to end', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];
  let agendaNumber = '';
  let statusKey = '';
  const used = new Set<string>();
  /** The URL of every request the pages made themselves (not the navigations to the links). */
  const ownRequests: string[] = [];

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    driver = new Driver(cloud.endpoints);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
    page.on('request', (request) => {
      if (!request.isNavigationRequest()) ownRequests.push(request.url());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  /** The next open task about our release, from whoever's mailbox it landed in. */
  async function nextTaskLink(): Promise<string> {
    return until(
      'a task mail about the release',
      async () => {
        const mails: Mail[] = await driver.mails();
        for (const mail of mails) {
          const text = `${mail.subject}\n${mail.body.text ?? ''}`;
          if (!text.includes(agendaNumber) || !/\/t\//.test(text)) continue;
          const link = driver.linkOf(mail);
          if (used.has(link)) continue;
          const task = await driver.api(`/api/tasks/${link}`);
          if (task.status === 200 && task.json.state === 'open') return link;
          used.add(link);
        }
        return undefined;
      },
      90_000,
    );
  }

  /** Opens the next task from its mail's link, or from the link as mails carried it before (`/t/<linkId>`). */
  async function openTask(kind: string, form: 'fragment' | 'older' = 'fragment'): Promise<void> {
    const link = await nextTaskLink();
    used.add(link);
    await page.goto(form === 'older' ? `${cloud.endpoints.web}/t/${link}` : `${cloud.endpoints.web}/t/#${link}`);
    // From one task to the next only the fragment changes (no new document): the last task's page must go.
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 1, name: /^Tugas:/ }).waitFor();
    expect(page.url()).toBe(`${cloud.endpoints.web}/t/#${link}`);
    expect(await seriousViolations(page), kind).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `system-task-${kind}.png`), fullPage: true });
  }

  async function expectRecorded() {
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();
  }

  it('a person on a phone submits the form with a photo and a PDF and gets the agenda number', async () => {
    await page.goto(`${cloud.endpoints.web}/`);
    await page.getByRole('heading', { name: 'Ajukan siaran pers' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Jenis berita').selectOption('pembangunan');
    await page.getByLabel(/^Judul/).fill(`Jembatan Sofifi diresmikan ${unique}`);
    await page.getByLabel(/^Naskah/).fill('Pemerintah Provinsi meresmikan jembatan <b>Sofifi</b> yang menghubungkan dua kecamatan.');
    await page.getByLabel(/^Tanggal kegiatan/).fill('2026-11-20');
    await page.getByLabel(/^Tempat kegiatan/).fill('Sofifi');
    await page.getByLabel(/^Instansi/).fill('Dinas PUPR');
    await page.getByLabel(/^Nama/).fill('Ahmad Pengirim');
    await page.getByLabel(/^Email/).fill(sender);
    await page.locator('input[type=file]').setInputFiles([
      { name: 'foto-jembatan.jpg', mimeType: 'image/jpeg', buffer: fixture('foto-kegiatan.jpg') },
      { name: 'surat-permohonan.pdf', mimeType: 'application/pdf', buffer: fixture('surat-permohonan.pdf') },
    ]);
    // On a failure, say what the rows say (the server's refusal is shown there).
    await expect
      .poll(() => page.locator('.file-list').innerText(), { timeout: 30_000 })
      .toMatch(/foto-jembatan\.jpg\n[^\n]*Selesai[\s\S]*surat-permohonan\.pdf\n[^\n]*Selesai/);
    await page.getByRole('checkbox', { name: 'Saya bukan robot' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Terverifikasi').first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, 'system-submit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();

    // A first submission from this address: the API holds it (202) until the sender confirms.
    await page.getByRole('heading', { name: 'Periksa email Anda' }).waitFor();
    expect(await page.getByTestId('held-sent').textContent()).toContain(sender);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'system-check-email.png'), fullPage: true });
  });

  it('the sender follows the link in the confirmation mail, confirms, and sees the agenda number', async () => {
    const mail = await driver.mailTo(sender, /\/k\/#/);
    const link = /https?:\/\/[^\s"<]+\/k\/#[A-Za-z0-9_-]{22}/.exec(mail.body.text ?? '')![0];
    await page.goto(link.replace(/^https?:\/\/[^/]+/, cloud.endpoints.web));
    await page.getByRole('heading', { name: 'Konfirmasi permohonan' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'system-confirm.png'), fullPage: true });
    await page.getByRole('button', { name: 'Konfirmasi' }).click();

    await page.getByRole('heading', { name: 'Permohonan dikonfirmasi dan diterima' }).waitFor();
    agendaNumber = (await page.getByTestId('agenda-number').textContent()) ?? '';
    expect(agendaNumber).toMatch(/^\d{3}\//);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'system-confirmed.png'), fullPage: true });
    // The page shows the link it tells the sender to save, with its key in the fragment.
    expect(await page.locator('#status-link').inputValue()).toMatch(/\/s\/[0-9A-Z]{26}#[\w-]+$/);
    // From here the sender opens the status page: its key travels in the fragment, and the page shows the release.
    await page.getByRole('link', { name: 'Buka halaman status' }).click();
    await page.getByRole('heading', { name: 'Status permohonan' }).waitFor();
    await page.getByText(agendaNumber).first().waitFor();
    const [, releaseId, key] = /\/s\/([0-9A-Z]{26})#([\w-]+)$/.exec(page.url()) ?? [];
    expect(key, page.url()).toBeTruthy();
    statusKey = key!;
    // A status link of the older form opens the same page, with the key moved into the fragment.
    await page.goto(`${cloud.endpoints.web}/s/${releaseId}?key=${statusKey}`);
    await page.getByRole('heading', { name: 'Status permohonan' }).waitFor();
    expect(page.url()).toBe(`${cloud.endpoints.web}/s/${releaseId}#${statusKey}`);
    await page.getByText(agendaNumber).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'system-status.png'), fullPage: true });
  });

  it('the approvers act from their mail: disposition, acceptance, the written text, approval with paraf', async () => {
    await openTask('dispose', 'older');
    await page.getByRole('checkbox').first().check();
    await page.getByLabel(/^Arahan/).fill('Segera proses untuk website.');
    await page.getByRole('button', { name: 'Kirim disposisi' }).click();
    await expectRecorded();

    await openTask('accept');
    await page.getByRole('button', { name: 'Terima tugas' }).click();
    await expectRecorded();

    await openTask('edit');
    await page.getByLabel(/^Teras berita/).fill('Gubernur meresmikan jembatan Sofifi.');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByText('Draf disimpan.').waitFor();
    await page.getByRole('button', { name: 'Kirim naskah untuk diperiksa' }).click();
    await expectRecorded();

    await openTask('review');
    await page.getByRole('button', { name: 'Setujui dan paraf' }).click();
    await expectRecorded();
  });

  it('the release appears on the newsroom page', async () => {
    const mail = await driver.mailTo(sender, /\/berita\//);
    const url = /https?:\/\/[^\s"<]+\/berita\/[^\s"<]+/.exec(mail.body.text ?? '')![0];
    await page.goto(url.replace(/^https?:\/\/[^/]+/, cloud.endpoints.web));
    await page.getByText(`Jembatan Sofifi diresmikan ${unique}`).first().waitFor();
    expect(await page.content()).not.toContain('<b>Sofifi</b>');
    await page.screenshot({ path: join(SHOTS, 'system-newsroom.png'), fullPage: true });
  });

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });

  it('no request a page made carried a link id or the status key in its URL', () => {
    const secrets = [...used, statusKey].filter(Boolean);
    expect(used.size).toBeGreaterThanOrEqual(4);
    expect(ownRequests.some((url) => url.includes('/api/task'))).toBe(true);
    expect(ownRequests.filter((url) => secrets.some((secret) => url.includes(secret)))).toEqual([]);
  });
});
