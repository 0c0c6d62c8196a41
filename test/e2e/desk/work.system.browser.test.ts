/**
 * The desk's working pages in Chromium against the local cloud (the synthesized template on
 * one Node process, as `npm start` runs it), on a 360 px phone: a Kabid signs in from the
 * link in their mailbox, finds the waiting disposition in My tasks, opens it with one tap,
 * acts, and sees it leave the list; on the tracking board a release past its Mutu Baku is
 * marked overdue; its detail shows the timeline, the mails sent and the archive record.
 * axe runs on every page; screenshots go to test-results/desk/work-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, Page } from 'playwright-core';
import { GSI1, keys } from '../../../functions/domain/keys.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../../support/cloud.js';
import { signInInBrowser } from '../../support/desk.js';
import { Driver } from '../driver.js';
import { buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from '../web-browser.js';

const SHOTS = join(REPO_ROOT, 'test-results', 'desk');
const KABID = 'kabid.piks@kominfo.example.go.id';
const unique = `desk-${Date.now().toString(36)}`;
/** SES's mailbox simulator address that reports a delivery (the local cloud's simulator does too). */
const DELIVERED = 'success@simulator.amazonses.com';
const submission = (title: string, email: string) => ({
  newsType: 'kegiatan',
  title,
  body: 'Pemerintah Provinsi menggelar kegiatan di Sofifi.',
  submitter: { name: 'Siti Pengirim', institution: 'Dinas Pariwisata', email },
  attachments: [],
});

describe.skipIf(!hasChromium)("the desk's tasks, board and release detail, end to end", () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];
  /** Waits at disposition since yesterday: past its 15 minutes. */
  let late: { id: string; agendaNumber: string; title: string };
  /** Waits at disposition since just now: the one the Kabid acts on. */
  let fresh: { id: string; agendaNumber: string; title: string };

  /** A release received and waiting at disposition (its task mailed to the Kabid). */
  async function atDisposition(title: string, email: string) {
    const received = await driver.receive(submission(title, email));
    await driver.mailTo(KABID, Driver.about(received.agendaNumber));
    return { id: received.id, agendaNumber: received.agendaNumber, title };
  }

  /**
   * Moves the release's open disposition task back a day, as if the stage had started
   * yesterday: its start, its due time and its place among the open tasks by due time.
   */
  async function enteredYesterday(releaseId: string) {
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: 'ap-southeast-3',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    );
    const table = cloud.model.tables[0]!.name;
    const found = await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :p',
        ExpressionAttributeValues: { ':p': keys.tasksOf(releaseId, '', 0).gsi1pk },
      }),
    );
    const task = found.Items?.find((i) => i.itemType === 'task' && i.state === 'open');
    if (!task) throw new Error(`no open task for ${releaseId}`);
    const day = 24 * 3_600_000;
    const createdAt = new Date(Date.parse(String(task.createdAt)) - day).toISOString();
    const dueAt = new Date(Date.parse(String(task.dueAt)) - day).toISOString();
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: task.pk, sk: task.sk },
        UpdateExpression: 'SET createdAt = :c, dueAt = :d, gsi2sk = :d',
        ExpressionAttributeValues: { ':c': createdAt, ':d': dueAt },
      }),
    );
    ddb.destroy();
  }

  async function check(name: string) {
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `work-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    driver = new Driver(cloud.endpoints);
    mkdirSync(SHOTS, { recursive: true });
    late = await atDisposition(`Festival Teluk Weda ${unique}`, DELIVERED);
    fresh = await atDisposition(`Peresmian pasar ${unique}`, `${unique}@pariwisata.example.go.id`);
    await enteredYesterday(late.id);
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('a Kabid signs in from the mailbox link, sees the waiting disposition in My tasks, acts, and sees it leave', async () => {
    // Prepare
    await signInInBrowser(page, cloud, KABID);
    const list = page.getByTestId('my-tasks');
    await list.waitFor();
    const item = list.locator(`li[data-release="${fresh.id}"]`);
    await item.waitFor();
    const overdueFirst = await list.locator('li').first().getAttribute('data-release');
    await check('my-tasks');
    // Act
    await item.getByRole('button', { name: new RegExp(`^Buka tugas: ${fresh.title}`) }).click();
    await page.getByRole('heading', { level: 1, name: /^Tugas:/ }).waitFor();
    await check('task-from-desk');
    await page.getByRole('checkbox').first().check();
    await page.getByLabel(/^Arahan/).fill('Liput dan terbitkan hari ini.');
    await page.getByRole('button', { name: 'Kirim disposisi' }).click();
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();
    await page.goto(`${cloud.endpoints.web}/meja`);
    await list.locator(`li[data-release="${late.id}"]`).waitFor();
    // Assert
    expect(overdueFirst).toBe(late.id);
    await expect.poll(() => item.count()).toBe(0);
    expect(await list.locator(`li[data-release="${late.id}"] .badge.late`).innerText()).toBe('Terlambat');
    await check('my-tasks-after');
    expect(problems).toEqual([]);
  });

  it('the tracking board highlights the release past its Mutu Baku, and filters to the overdue ones', async () => {
    // Prepare
    await page.goto(`${cloud.endpoints.web}/meja/papan`);
    const board = page.getByTestId('board');
    await board.locator(`li[data-release="${late.id}"]`).waitFor();
    // Act
    const lateRow = board.locator(`li[data-release="${late.id}"]`);
    const freshRow = board.locator(`li[data-release="${fresh.id}"]`);
    const lateBefore = { overdue: await lateRow.getAttribute('data-overdue'), text: await lateRow.innerText() };
    const freshBefore = await freshRow.getAttribute('data-overdue');
    await check('board');
    await page.getByLabel('Keterlambatan').selectOption('true');
    await expect.poll(() => freshRow.count()).toBe(0);
    // Assert
    expect(lateBefore.overdue).toBe('true');
    expect(lateBefore.text).toContain('Terlambat');
    expect(lateBefore.text).toContain(late.agendaNumber);
    expect(lateBefore.text).toContain('Mendisposisi surat permintaan publikasi');
    expect(freshBefore).toBe('false');
    expect(await lateRow.count()).toBe(1);
    const background = await lateRow.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    await check('board-overdue');
    expect(problems).toEqual([]);
  });

  it("a release's detail shows its stages with the holder, the mails sent with the delivery SES reported, and where it stands in the archive", async () => {
    // Act
    await page.getByRole('link', { name: late.title }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Rincian rilis: ${late.title}`) }).waitFor();
    const url = page.url();
    // The delivery report reaches mail-events through EventBridge after the mail: the page is read again until it shows.
    const receipt = async () => {
      await page.reload();
      return page.getByTestId('mails').locator('li', { hasText: 'Tanda terima' }).innerText();
    };
    await expect.poll(receipt, { timeout: 30_000 }).toContain('diterima');
    const mails = await page.getByTestId('mails').innerText();
    // Assert
    expect(url).toBe(`${cloud.endpoints.web}/meja/rilis/${late.id}`);
    expect(mails).toContain(KABID);
    expect(mails).toMatch(/Tugas → kabid\.piks@kominfo\.example\.go\.id[\s\S]*terkirim ke server/);
    await expect.poll(() => page.getByText('Belum diarsipkan.').count()).toBe(1);
    await check('release');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Release detail: ${late.title}`) }).waitFor();
    await check('release-en');
    await page.getByRole('link', { name: 'Tracking board' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tracking board' }).waitFor();
    await page.getByTestId('board').waitFor();
    await check('board-en');
    await page.getByRole('link', { name: 'My tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await page.getByTestId('my-tasks').waitFor();
    await check('my-tasks-en');
    expect(problems).toEqual([]);
  });
});
