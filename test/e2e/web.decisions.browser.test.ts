/**
 * Each person in the SOP sees what they need to decide, in Chromium on a 360 px phone
 * against the local cloud: the Kasi who accepts and the officer who writes read the
 * arahan; the officer sees how to reach the sender and the request letter; the reviewer
 * reads the officer's draft with its changes marked, corrects a word in place and
 * approves, and the correction stands in the history and in the auditor's export.
 * Earlier stages are acted through the API (the system test clicks those pages).
 * Screenshots go to test-results/web/decisions-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { pdfShownText } from '../integration/output/pdf-text.js';
import { Driver, fixture } from './driver.js';
import { SHOTS, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

const unique = `dec-${Date.now().toString(36)}`;
const sender = `${unique}@pupr.example.go.id`;
const arahan = `Olah menjadi berita pembangunan ${unique}`;

describe.skipIf(!hasChromium)('the task pages carry the decision (dkip-malut)', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let release: { id: string; agendaNumber: string; statusKey: string };
  const seen = new Set<string>();

  beforeAll(async () => {
    cloud = await startTestCloud();
    driver = new Driver(cloud.endpoints);
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
    const letter = await driver.upload('surat-permohonan.pdf', 'application/pdf', fixture('surat-permohonan.pdf'));
    // A sender new to the office confirms from the mail before the release is received.
    release = await driver.receive({
      newsType: 'pembangunan',
      title: `Jembatan Sofifi ${unique}`,
      body: 'Pemerintah provinsi meresmikan jembatan yang menghubungkan dua kecamatan.',
      submitter: { name: 'Ahmad Pengirim', institution: 'Dinas PUPR', email: sender, phone: '0812-3456-7890' },
      letter: { number: `050/${unique}/PUPR`, date: '2026-11-18' },
      attachments: [letter],
    });
    await driver.act(
      'kabid.piks@',
      release.agendaNumber,
      { action: 'dispose', assignees: ['kasi-piks'], arahan, urgency: 'segera', dueDate: '2026-12-31' },
      seen,
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
  });

  /** The person opens the newest unseen task mail about the release in the browser. */
  async function openTask(to: string, name: string): Promise<string> {
    const mail = await driver.mailTo(to, Driver.about(release.agendaNumber), seen);
    seen.add(mail.messageId);
    const link = driver.linkOf(mail);
    await page.goto(`${cloud.endpoints.web}/t/${link}`);
    await page.getByRole('heading', { level: 1, name: /^Tugas:/ }).waitFor();
    expect(await seriousViolations(page), name).toEqual([]);
    await page.screenshot({ path: join(SHOTS, `decisions-${name}.png`), fullPage: true });
    return link;
  }

  it('the Kasi who accepts reads who disposed, the arahan, the urgency and the due date', async () => {
    await openTask('kasi.piks@', 'accept');
    const disposition = page.getByRole('region', { name: 'Disposisi' });
    await expect.poll(() => disposition.innerText()).toContain(arahan);
    expect(await disposition.innerText()).toMatch(/Rahmat Hidayat[\s\S]*Segera[\s\S]*2026-12-31/);
    await page.getByRole('button', { name: 'Terima tugas' }).click();
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();
  });

  it('the officer reads the arahan, can call or message the sender, and sees the request letter', async () => {
    const link = await openTask('sari@', 'edit');
    expect(await page.getByTestId('arahan').innerText()).toBe(arahan);
    const contact = page.getByRole('region', { name: 'Kontak pengirim' });
    expect(await contact.getByRole('link', { name: 'Telepon' }).getAttribute('href')).toBe('tel:081234567890');
    expect(await contact.getByRole('link', { name: 'WhatsApp' }).getAttribute('href')).toBe('https://wa.me/6281234567890');
    expect(await contact.getByRole('link', { name: sender }).getAttribute('href')).toBe(`mailto:${sender}`);
    expect(await page.getByTestId('letter-number').innerText()).toBe(`050/${unique}/PUPR`);
    // The PDF is shown in the page, from a link that displays rather than downloads it.
    const frame = page.locator('iframe.pdf-view');
    expect(await frame.getAttribute('src')).toContain('response-content-disposition=inline');
    const pdf = await fetch((await frame.getAttribute('src'))!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    const sent = await driver.api(`/api/tasks/${link}`, {
      body: {
        action: 'submit',
        title: `Gubernur resmikan Jembatan Sofifi ${unique}`,
        lead: 'Jembatan baru menghubungkan dua kecamatan.',
        body: 'Pemerintah provinsi hari ini meresmikan jembatan baru penghubung dua kecamatan di Sofifi.',
        quotes: [{ text: 'Jembatan ini untuk rakyat.', by: 'Gubernur' }],
      },
    });
    expect(sent.status, sent.text).toBe(200);
  });

  it("the reviewer reads the officer's draft with its changes marked, corrects it in place and approves", async () => {
    const link = await openTask('kasi.piks@', 'review');
    // A correction may reword, not drop material: that is a revision, and the answer says so.
    const shown = (await driver.api(`/api/tasks/${link}`)).json as { review: { text: Record<string, unknown> } };
    const dropped = await driver.api(`/api/tasks/${link}`, {
      body: { action: 'approve', paraf: 'NF', correction: { ...shown.review.text, quotes: [] } },
    });
    expect(dropped.status).toBe(400);
    expect(dropped.json.error.message).toContain('kembalikan naskah untuk direvisi');
    const text = page.getByRole('region', { name: 'Naskah yang akan dipublikasikan' });
    expect(await page.getByTestId('draft-title').innerText()).toBe(`Gubernur resmikan Jembatan Sofifi ${unique}`);
    // Against the sender's text: the officer's new words are marked as added, the dropped ones as removed.
    expect(await text.locator('[data-testid=draft-body] ins').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('hari ini')]),
    );
    expect(await text.locator('[data-testid=draft-body] del').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining('menghubungkan')]),
    );
    expect(await text.innerText()).toContain('Jembatan ini untuk rakyat.');
    expect(await page.getByTestId('arahan').innerText()).toBe(arahan);
    await page.screenshot({ path: join(SHOTS, 'decisions-review-draft.png'), fullPage: true });

    await page.getByLabel('Koreksi langsung sebelum menyetujui').check();
    await page.getByLabel(/^Judul/).fill(`Gubernur meresmikan Jembatan Sofifi ${unique}`);
    await page.getByRole('button', { name: 'Setujui dan paraf' }).click();
    await page.getByText('Terima kasih. Keputusan Anda sudah dicatat.').waitFor();

    const correction = page.getByTestId('history-correction');
    await expect.poll(() => correction.innerText()).toContain('meresmikan');
    expect(await correction.locator('del').allInnerTexts()).toContain('resmikan');
    expect(await correction.locator('ins').allInnerTexts()).toContain('meresmikan');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'decisions-history-correction.png'), fullPage: true });
  });

  it("the corrected text is published, and the auditor's export shows the correction", async () => {
    const done = await driver.untilStatus(release.id, release.statusKey, ['completed']);
    expect(done.status).toBe('completed');
    const published = await driver.mailTo(sender, /\/berita\//);
    expect(published.subject + (published.body.text ?? '')).toContain(`Gubernur meresmikan Jembatan Sofifi ${unique}`);

    const steps = await driver.api(`/api/audit/releases/${release.id}/steps?format=json`, { headers: cloud.auditHeaders() });
    expect(steps.status, steps.text).toBe(200);
    const review = (steps.json.rows as { stageId: string; action: string; correction: string }[]).find((r) => r.stageId === 'review')!;
    expect(review.action).toBe('approve');
    expect(review.correction).toBe(`judul/title: Gubernur [-resmikan-]{+meresmikan+} Jembatan Sofifi ${unique}`);
    const csv = await driver.api(`/api/audit/releases/${release.id}/steps?format=csv`, { headers: cloud.auditHeaders() });
    expect(csv.text).toContain('[-resmikan-]{+meresmikan+}');
    const pdf = await fetch(`${cloud.endpoints.api}/api/audit/releases/${release.id}/steps?format=pdf`, { headers: cloud.auditHeaders() });
    expect(pdf.status).toBe(200);
    // The PDF wraps the cell's text; compared without the line breaks it reads the same.
    expect(pdfShownText(Buffer.from(await pdf.arrayBuffer())).replace(/\s+/g, '')).toContain(
      'Koreksi/Correction:judul/title:Gubernur[-resmikan-]{+meresmikan+}',
    );
  }, 150_000);

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });
});
