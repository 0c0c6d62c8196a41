/**
 * The office directory on the desk, in Chromium against the local cloud (the synthesized
 * template, as `npm start` runs it), on a 360 px phone: an admin signs in from the mailbox
 * link, adds an acting official (Plh Kabid for the Kabid) on /meja/admin, and the next
 * release's disposition goes to the acting official and not to the Kabid they stand in
 * for; the next working morning the digest lists it; a person added on the desk signs in,
 * and one removed is signed out at once. The head of office turns the overdue digest off
 * on /meja/ringkasan. axe runs on
 * each page; screenshots go to test-results/desk/admin-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseConfig } from '../../../functions/domain/config.js';
import { localDateOf, openingOn } from '../../../functions/domain/office-clock.js';
import { calendarOf } from '../../../functions/domain/office-structure.js';
import { startTestCloud, REPO_ROOT, type TestCloud } from '../../support/cloud.js';
import { deskRequest, signIn, signInInBrowser } from '../../support/desk.js';
import { Driver } from '../driver.js';
import { buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from '../web-browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'desk');
const unique = `admin-${Date.now().toString(36)}`;
const ADMIN = 'sari@kominfo.example.go.id';
const HEAD = 'kepala@kominfo.example.go.id';

/** The office's date (Asia/Jayapura in dkip-malut), and a week on. */
const officeDay = (days = 0) => localDateOf({ timeZone: 'Asia/Jayapura' }, new Date(Date.now() + days * 86_400_000));

/** Half an hour after the office opens on its next working day (the local cloud runs dkip-malut). */
function nextWorkingMorning(): Date {
  const cal = calendarOf(parseConfig(JSON.parse(readFileSync(join(REPO_ROOT, 'infra', 'config', 'dkip-malut.json'), 'utf8'))));
  for (let day = 1; day < 30; day++) {
    const opening = openingOn(cal, new Date(Date.now() + day * 86_400_000));
    if (opening) return new Date(opening[0] + 30 * 60_000);
  }
  throw new Error('no working day within 30 days');
}

describe.skipIf(!hasChromium)('the office directory on the desk', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    driver = new Driver(cloud.endpoints);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function checkPage(name: string): Promise<void> {
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `admin-${name}.png`), fullPage: true });
  }

  it('an admin adds an acting official, who then receives the next task', async () => {
    // Prepare: the admin signs in and opens the directory.
    await signInInBrowser(page, cloud, ADMIN);
    await page.goto(`${cloud.endpoints.web}/meja/admin`);
    await page.getByRole('heading', { level: 1, name: 'Data kantor' }).waitFor();
    await page.getByText('Rahmat Hidayat').first().waitFor();
    await checkPage('directory');

    // Act: Andi Saputra (a Kasi) is Plh Kabid for Rahmat Hidayat from today for a week.
    await page.getByRole('button', { name: /Tambah: pelaksana tugas/ }).click();
    await page.getByLabel('Pelaksana', { exact: true }).selectOption('kasi-humas');
    await page.getByLabel('Peran yang dijalankan').selectOption('kabid');
    await page.getByLabel(/^Mulai/).fill(officeDay());
    await page.getByLabel(/^Sampai/).fill(officeDay(7));
    await page.getByLabel('Menggantikan').selectOption('kabid-piks');
    await page.getByLabel('Jenis').selectOption('plh');
    await checkPage('acting-form');
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.getByText('Tersimpan.').waitFor();
    const acting = page.getByRole('region', { name: 'Pelaksana tugas (Plt/Plh)' });
    await expect.poll(() => acting.innerText()).toMatch(/Andi Saputra — Plh Kepala Bidang \(Rahmat Hidayat\)/);
    const history = page.getByRole('region', { name: 'Riwayat perubahan' });
    await expect.poll(() => history.innerText()).toMatch(/Sari Wulandari menyimpan pelaksana tugas "kasi-humas-kabid-/);
    await checkPage('acting-added');

    // A release comes in from a person of the office (no confirmation step for them).
    const created = await driver.api('/api/releases', {
      body: {
        newsType: 'kegiatan',
        title: `Rapat koordinasi ${unique}`,
        body: 'Rapat koordinasi kehumasan se-provinsi.',
        submitter: { name: 'Budi Santoso', institution: 'DKIP Maluku Utara', email: 'budi@kominfo.example.go.id' },
        attachments: [],
      },
    });

    // Assert: the disposition goes to the acting official, not to the Kabid they stand in for.
    expect(created.status).toBe(201);
    const agendaNumber = created.json.agendaNumber as string;
    const taskMail = await driver.mailTo('kasi.humas@', Driver.about(agendaNumber));
    expect(taskMail.subject).toMatch(/^Tugas:/);
    const toKabid = (await driver.mails()).filter((m) => m.destination.to.some((to) => to.includes('kabid.piks@')));
    expect(toKabid.filter((m) => Driver.about(agendaNumber).test(`${m.subject}\n${m.body.text ?? ''}`))).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);

  it("the next working morning the digest lists the acting official's overdue disposition, under the function's own role", async () => {
    // Prepare
    const digest = cloud.model.functions.find((f) => f.logicalId.startsWith('OverdueDigestFunction'))!;
    // Act
    const run = await cloud.invoker.invoke(digest.name, {
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: nextWorkingMorning().toISOString(),
    });
    // Assert
    expect(run.ok, JSON.stringify(run)).toBe(true);
    expect(run.ok && run.payload).toMatchObject({ failed: 0 });
    const mail = await driver.mailTo('kasi.humas@', /^Tugas terlambat per /);
    expect(mail.body.text).toContain(unique);
  }, 120_000);

  it('the head of office turns the overdue digest off', async () => {
    // Prepare
    await page.context().clearCookies();
    await signInInBrowser(page, cloud, HEAD);
    await page.goto(`${cloud.endpoints.web}/meja/ringkasan`);
    await page.getByRole('heading', { name: 'Ringkasan tugas terlambat' }).waitFor();
    await page.getByText('Ringkasan menyala.').waitFor();
    await checkPage('digest-on');
    // Act
    await page.getByRole('button', { name: 'Matikan ringkasan' }).click();
    // Assert
    await page.getByText('Ringkasan dimatikan.').waitFor();
    await checkPage('digest-off');
    expect(problems).toEqual([]);
  }, 120_000);

  it('a person the admin adds on the desk can sign in, and one removed is signed out at once', async () => {
    // Prepare
    const admin = await signIn(cloud, ADMIN);
    const newcomer = {
      id: `staf-${unique}`,
      name: 'Dewi Anggraini',
      email: `dewi.${unique}@kominfo.example.go.id`,
      roles: ['petugas'],
      locale: 'id',
    };
    const added = await deskRequest(cloud, 'POST', '/api/desk/directory', {
      session: admin,
      body: { kind: 'person', expectedVersion: 0, entry: newcomer },
    });
    // Act
    const session = await signIn(cloud, newcomer.email);
    const before = await deskRequest(cloud, 'GET', '/api/desk/me', { session });
    const removed = await deskRequest(cloud, 'POST', '/api/desk/directory', {
      session: admin,
      body: { kind: 'person', expectedVersion: 1, remove: newcomer.id },
    });
    const after = await deskRequest(cloud, 'GET', '/api/desk/me', { session });
    // Assert
    expect(added.status, added.text).toBe(200);
    expect(before.status).toBe(200);
    expect(removed.status, removed.text).toBe(200);
    expect(after.status).toBe(403);
  }, 120_000);
});
