/**
 * The esdm-babel SOP has no officer who writes a draft: the coordinator checks the sender's
 * text itself. In Chromium on a 360 px phone: the coordinator reads the text to publish,
 * corrects a word in place and approves; the secretary then reads the corrected text with
 * the coordinator's change marked against the sender's, and the correction in the history.
 * Screenshots go to test-results/web/decisions-esdm-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { OFFLINE_CDK_ENV, runTool, synthIsStale } from '../../infra/local-cloud/build.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver } from './driver.js';
import { SHOTS, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

/** The esdm-babel assembly the workflow test synthesizes too. */
const CDK_OUT = join(REPO_ROOT, 'cdk.out.esdm-babel');
const unique = `decesdm-${Date.now().toString(36)}`;
const sender = `${unique}@dinas.example.go.id`;

describe.skipIf(!hasChromium)('the review pages carry the text to publish (esdm-babel)', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let release: { id: string; agendaNumber: string; statusKey: string };
  const seen = new Set<string>();

  beforeAll(async () => {
    if (!existsSync(join(CDK_OUT, 'manifest.json')) || synthIsStale(REPO_ROOT, CDK_OUT)) {
      await runTool(
        REPO_ROOT,
        'cdk',
        ['synth', '--quiet', '-c', 'warta:config=infra/config/esdm-babel.json', '--output', CDK_OUT],
        OFFLINE_CDK_ENV,
      );
    }
    cloud = await startTestCloud({ cdkOut: CDK_OUT });
    driver = new Driver(cloud.endpoints);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
    // A sender new to the office confirms from the mail before the release is received.
    release = await driver.receive({
      newsType: 'energi',
      title: `Sosialisasi tambang ${unique}`,
      body: 'Dinas ESDM mengadakan sosialisasi keselamatan pertambangan di Pangkalpinang.',
      submitter: { name: 'Bidang Minerba', institution: 'Dinas ESDM', email: sender },
      attachments: [],
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  async function openTask(to: string, name: string): Promise<void> {
    const mail = await driver.mailTo(to, Driver.about(release.agendaNumber), seen);
    seen.add(mail.messageId);
    await page.goto(`${cloud.endpoints.web}/t/${driver.linkOf(mail)}`);
    await page.getByRole('heading', { level: 1, name: /^Tugas:/ }).waitFor();
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `decisions-esdm-${name}.png`), fullPage: true });
  }

  it('the coordinator reads the text to publish, corrects a word in place and approves', async () => {
    await openTask('koordinator@', 'review');
    expect(await page.getByTestId('draft-title').innerText()).toBe(`Sosialisasi tambang ${unique}`);
    expect(await page.getByTestId('draft-body').innerText()).toContain('keselamatan pertambangan');
    await page.getByLabel('Koreksi langsung sebelum menyetujui').check();
    await page
      .getByRole('textbox', { name: /^Naskah/ })
      .fill('Dinas ESDM menggelar sosialisasi keselamatan pertambangan di Pangkalpinang.');
    await page.getByRole('button', { name: 'Setujui dan paraf' }).click();
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();
    expect(await page.getByTestId('history-correction').locator('ins').allInnerTexts()).toContain('menggelar');
  });

  it('the secretary reads the corrected text with the change marked, and the correction in the history', async () => {
    await openTask('sekretaris@', 'approve');
    const body = page.getByTestId('draft-body');
    expect(await body.innerText()).toContain('menggelar');
    expect(await body.locator('del').allInnerTexts()).toContain('mengadakan');
    expect(await body.locator('ins').allInnerTexts()).toContain('menggelar');
    const correction = page.getByTestId('history-correction');
    expect(await correction.innerText()).toMatch(/Koreksi[\s\S]*Naskah/);
    // The secretary's stage asks for a paraf code: mailed on request, typed before approving.
    await page.getByRole('button', { name: 'Kirim kode paraf ke email saya' }).click();
    const codeMail = await driver.mailTo('sekretaris@', new RegExp(`^Kode paraf \\d{6} — ${Driver.about(release.agendaNumber).source}`));
    await page.getByLabel(/^Kode paraf/).fill(/Kode paraf (\d{6})/.exec(codeMail.subject)![1]!);
    await page.getByRole('button', { name: 'Setujui dan paraf' }).click();
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();

    const done = await driver.untilStatus(release.id, release.statusKey, ['completed']);
    expect(done.status).toBe('completed');
    const steps = await driver.api(`/api/audit/releases/${release.id}/steps?format=json`, { headers: cloud.auditHeaders() });
    const review = (steps.json.rows as { stageId: string; correction: string }[]).find((r) => r.stageId === 'review')!;
    expect(review.correction).toContain('[-mengadakan-]{+menggelar+}');
  }, 150_000);

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });
});
