/**
 * The agenda book and the auditors' door on the desk, in Chromium against the local cloud:
 * two releases run through the dkip-malut SOP (one published, one rejected). An auditor
 * signs in, downloads the step histories and the semester report, and sees each checked
 * (the SHA-256 of the bytes and the tamper check) pass; an officer searches the book,
 * exports it as XLSX (opened with exceljs) and voids the rejected release's number, which
 * stays in the book marked BATAL; once an archived history is changed, the auditor's
 * download of the agenda book shows the tamper check fail.
 * Both pages are shown in English too. Screenshots: test-results/desk/{audit,agenda}{,-en}.png
 * and audit-tampered.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, REPO_ROOT, type TestCloud } from '../../support/cloud.js';
import { deskRequest, signIn, signInInBrowser } from '../../support/desk.js';
import { Driver, until } from '../driver.js';
import { buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from '../web-browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'desk');
const AUDITOR = 'audit@inspektorat.example.go.id';
const OFFICER = 'budi@kominfo.example.go.id';
const unique = `meja-${Date.now().toString(36)}`;
const sender = `${unique}@bappeda.example.go.id`;
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe.skipIf(!hasChromium)('the agenda book and the auditors door on the desk', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let dist: string;
  let published: { id: string; agendaNumber: string };
  let rejected: { id: string; agendaNumber: string };
  const problems: string[] = [];
  const seen = new Set<string>();

  async function phone(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ ...PHONE, acceptDownloads: true });
    const page = await context.newPage();
    const found = pageProblems(page);
    page.on('close', () => problems.push(...found));
    return { context, page };
  }

  /** Saves the checked file from the page as a person does, and returns its bytes. */
  async function saved(check: Locator, page: Page): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), check.getByTestId('download-save').click()]);
    return readFileSync(await download.path());
  }

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    driver = new Driver(cloud.endpoints);
    const a = await driver.receive({
      newsType: 'pembangunan',
      title: `Jalan lingkar Sofifi ${unique}`,
      body: 'Pembangunan jalan lingkar.',
      submitter: { name: 'Siti Aminah', institution: 'Bappeda', email: sender },
      letter: { number: `050/${unique}/XII/2026`, date: new Date().toISOString().slice(0, 10) },
      attachments: [],
    });
    await driver.act(
      'kabid.piks@',
      a.agendaNumber,
      { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Liput.', urgency: 'segera' },
      seen,
    );
    await driver.act('kasi.piks@', a.agendaNumber, { action: 'accept', officer: 'petugas-1' }, seen);
    await driver.act(
      'sari@',
      a.agendaNumber,
      { action: 'submit', title: `Jalan lingkar ${unique}`, body: 'Naskah.', quotes: [], photos: [] },
      seen,
    );
    await driver.act('kasi.piks@', a.agendaNumber, { action: 'approve' }, seen);
    await driver.untilStatus(a.id, a.statusKey, ['completed']);
    const b = await driver.receive({
      newsType: 'kegiatan',
      title: `Rapat ganda ${unique}`,
      body: 'Kiriman kedua.',
      submitter: { name: 'Siti Aminah', institution: 'Bappeda', email: sender },
      attachments: [],
    });
    await driver.act(
      'kabid.piks@',
      b.agendaNumber,
      { action: 'dispose', assignees: ['kasi-humas'], arahan: 'Periksa.', urgency: 'biasa' },
      seen,
    );
    await driver.act('kasi.humas@', b.agendaNumber, { action: 'accept', officer: 'petugas-1' }, seen);
    await driver.act(
      'sari@',
      b.agendaNumber,
      { action: 'submit', title: `Rapat ganda ${unique}`, body: 'Naskah.', quotes: [], photos: [] },
      seen,
    );
    await driver.act('kasi.humas@', b.agendaNumber, { action: 'reject', reason: 'Kiriman ganda.' }, seen);
    await driver.untilStatus(b.id, b.statusKey, ['rejected']);
    published = a;
    rejected = b;
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('an auditor downloads the step histories and the semester report and sees the tamper check pass', async () => {
    // Prepare
    const { context, page } = await phone();
    await signInInBrowser(page, cloud, AUDITOR);
    await page.goto(`${cloud.endpoints.web}/meja/audit`);
    const steps = page.getByTestId('audit-steps');
    await steps.waitFor();

    // Act: the step histories of this month (the default period), as CSV
    await steps.getByRole('button').click();
    const stepsCheck = page.locator('section', { has: steps }).getByTestId('download-check');
    await stepsCheck.waitFor();
    const stepsFile = await saved(stepsCheck, page);

    // Assert
    expect(await stepsCheck.getByTestId('download-verdict').innerText()).toContain('Lolos');
    expect(await stepsCheck.getByTestId('checksum-result').innerText()).toMatch(/^Checksum cocok/);
    expect(await stepsCheck.getByTestId('tamper-result').innerText()).toMatch(/^Pemeriksaan keaslian lolos/);
    expect(await stepsCheck.getByTestId('download-sha256').innerText()).toBe(sha256(stepsFile));
    const csv = stepsFile.toString('utf8');
    expect(csv).toContain(published.agendaNumber);
    expect(csv).toContain('Kiriman ganda.');

    // Act: the semester report of this half-year, as PDF
    const report = page.getByTestId('audit-report');
    await report.getByLabel('Semester', { exact: true }).check();
    await report.getByRole('button').click();
    const reportCheck = page.locator('section', { has: report }).getByTestId('download-check');
    await reportCheck.waitFor();
    const reportFile = await saved(reportCheck, page);

    // Assert
    const half = new Date().getMonth() < 6 ? 'S1' : 'S2';
    expect(await reportCheck.getByTestId('download-verdict').innerText()).toContain(`laporan-${new Date().getFullYear()}-${half}.pdf`);
    expect(await reportCheck.getByTestId('download-verdict').innerText()).toContain('Lolos');
    expect(await reportCheck.getByTestId('tamper-result').innerText()).toMatch(/^Pemeriksaan keaslian lolos/);
    expect(await reportCheck.getByTestId('download-sha256').innerText()).toBe(sha256(reportFile));
    expect(reportFile.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'audit.png'), fullPage: true });
    // Usable on a 360 px phone: nothing wider than the screen but what scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // And in English, the checks read in English too
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'For auditors' }).waitFor();
    expect(await reportCheck.getByTestId('tamper-result').innerText()).toMatch(/^Tamper check passed/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'audit-en.png'), fullPage: true });
    await context.close();
  });

  it('an officer searches the book, exports it as XLSX and voids the rejected number, which stays marked BATAL', async () => {
    // Prepare
    const { context, page } = await phone();
    await signInInBrowser(page, cloud, OFFICER);
    await page.goto(`${cloud.endpoints.web}/meja/agenda`);
    await page.getByTestId('book-filter').waitFor();

    // Act: search by the sender's institution and the test's own word
    await page.getByLabel('Cari').fill(`bappeda ${unique}`);
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    const rows = page.getByTestId('book-row');
    await expect.poll(() => rows.count()).toBe(2);

    // Assert: the columns of the book
    const first = page.locator(`[data-agenda="${published.agendaNumber}"]`);
    expect(await first.innerText()).toContain(`050/${unique}/XII/2026`);
    expect(await first.innerText()).toContain('Nurul Fitriani: Liput. (segera)');
    expect(await first.innerText()).toContain('Selesai');

    // Act: the XLSX export of what was found
    await page.getByRole('button', { name: 'Unduh XLSX' }).click();
    const check = page.getByTestId('download-check');
    await check.waitFor();
    const xlsx = await saved(check, page);

    // Assert: the workbook's cells hold the two entries; the office's copy claims no tamper check
    expect(await check.getByTestId('download-sha256').innerText()).toBe(sha256(xlsx));
    expect(await check.getByTestId('tamper-result').count()).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Buku Agenda')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(2).getCell(col('Nomor Agenda / Agenda number')).value).toBe(published.agendaNumber);
    expect(sheet.getRow(2).getCell(col('Nomor surat / Letter number')).value).toBe(`050/${unique}/XII/2026`);
    expect(sheet.getRow(3).getCell(col('Status')).value).toBe('rejected');

    // Act: void the rejected release's number with a reason
    const second = page.locator(`[data-agenda="${rejected.agendaNumber}"]`);
    await second.getByRole('button', { name: 'Batalkan nomor' }).click();
    await page.getByLabel('Alasan pembatalan').fill('Kiriman ganda dari Bappeda.');
    await page.getByRole('button', { name: 'Batalkan nomor ini' }).click();
    await page.getByText(`Nomor ${rejected.agendaNumber} dibatalkan.`).waitFor();

    // Assert: the entry stays, marked, with who and why
    await expect.poll(() => second.innerText()).toContain('BATAL');
    expect(await second.innerText()).toContain('Kiriman ganda dari Bappeda.');
    expect(await second.innerText()).toContain('Budi Santoso');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'agenda.png'), fullPage: true });
    // Usable on a 360 px phone: nothing wider than the screen but what scrolls inside its own box.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Agenda book' }).waitFor();
    expect(await second.innerText()).toContain('VOID');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'agenda-en.png'), fullPage: true });
    await context.close();
  });

  it('an auditor sees the tamper check fail once an archived history was changed', async () => {
    // Prepare: the rejected release's archived history, a step removed after it was copied
    const s3 = new S3Client({ endpoint: cloud.endpoints.s3, forcePathStyle: true, region: 'ap-southeast-3', credentials });
    const bucket = cloud.model.functions.map((f) => f.environment.ARCHIVE_BUCKET).find(Boolean)!;
    const key = `history/${rejected.id}.json`;
    const snapshot = await until('the archived history', async () => {
      try {
        return JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
      } catch {
        return undefined;
      }
    });
    snapshot.events.splice(5, 1);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(snapshot) }));
    s3.destroy();
    const { context, page } = await phone();
    await signInInBrowser(page, cloud, AUDITOR);
    await page.goto(`${cloud.endpoints.web}/meja/audit`);
    const book = page.getByTestId('audit-book');

    // Act: the agenda book of this month, which lists the changed release
    await book.getByRole('button').click();
    const check = page.locator('section', { has: book }).getByTestId('download-check');
    await check.waitFor();

    // Assert
    expect(await check.getByTestId('download-verdict').innerText()).toContain('Gagal');
    expect(await check.getByTestId('checksum-result').innerText()).toMatch(/^Checksum cocok/);
    expect(await check.getByTestId('tamper-result').innerText()).toMatch(/^Pemeriksaan keaslian GAGAL: 1 rilis/);
    await page.screenshot({ path: join(SHOTS, 'audit-tampered.png'), fullPage: true });
    await context.close();
  });

  it('the server refuses the void to an auditor and the auditors door to an officer', async () => {
    const auditor = await signIn(cloud, AUDITOR);
    const officer = await signIn(cloud, OFFICER);

    const voidByAuditor = await deskRequest(cloud, 'POST', '/api/desk/agenda/void', {
      session: auditor,
      body: { agendaNumber: published.agendaNumber, reason: 'Bukan wewenang auditor.' },
    });
    const doorForOfficer = await deskRequest(cloud, 'GET', '/api/desk/audit/report?period=2026-S2', { session: officer });

    expect(voidByAuditor.status).toBe(403);
    expect(doorForOfficer.status).toBe(403);
  });

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });
});
