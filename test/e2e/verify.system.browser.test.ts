/**
 * The verification page answers for an archived release: a release runs through the
 * dkip-malut SOP on the local cloud to the archive; the QR code's address is read from
 * the archive (the record and the PDF's link beside the code) and opened in Chromium on a
 * 360 px phone. The page shows the agenda and archive numbers, the published text's
 * SHA-256 and the approval trail, and no email or phone. Screenshot: test-results/web/verify.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approvedText } from '../../functions/domain/paraf.js';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver } from './driver.js';
import { SHOTS, buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

const unique = `verify-${Date.now().toString(36)}`;
const sender = `${unique}@pupr.example.go.id`;
const phone = '+62 812 7777 0123';
const draft = {
  title: `Jembatan Sofifi Diresmikan ${unique}`,
  lead: 'Gubernur meresmikan jembatan.',
  body: 'Isi berita yang telah diolah.',
  quotes: [{ text: 'Jembatan ini untuk rakyat.', by: 'Gubernur' }],
  photos: [],
};

describe.skipIf(!hasChromium)('the verification page of an archived release', () => {
  let cloud: TestCloud;
  let driver: Driver;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];
  let s3: S3Client;
  const seen = new Set<string>();

  beforeAll(async () => {
    dist = await buildWebApp();
    cloud = await startTestCloud({ webDist: dist });
    driver = new Driver(cloud.endpoints);
    s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      forcePathStyle: true,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
  }, 300_000);

  afterAll(async () => {
    s3?.destroy();
    await browser?.close();
    await cloud?.stop();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  async function archived(releaseId: string): Promise<{ record: any; pdf: string }> {
    const bucket = cloud.model.functions.map((f) => f.environment.ARCHIVE_BUCKET).find(Boolean)!;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/' }));
    const ours = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(releaseId));
    const read = async (suffix: string, encoding: 'utf8' | 'latin1') =>
      (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: ours.find((k) => k.endsWith(suffix))! }))).Body!.transformToString(
        encoding,
      );
    return { record: JSON.parse(await read('record.json', 'utf8')), pdf: await read('release.pdf', 'latin1') };
  }

  it('shows the numbers, the published text hash and the approval trail, and nothing private', async () => {
    // Prepare: a release through every stage to the archive, approved with the Kasi's paraf.
    // A sender new to the office confirms from the mail before the release is received.
    const { id, statusKey, agendaNumber } = await driver.receive({
      newsType: 'pembangunan',
      title: `Peresmian ${unique}`,
      body: 'Peresmian jembatan Sofifi.',
      submitter: { name: 'Ahmad Pengirim', institution: 'Dinas PUPR', email: sender, phone },
      attachments: [],
    });
    await driver.act(
      'kabid.piks@',
      agendaNumber,
      { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera proses.', urgency: 'segera' },
      seen,
    );
    await driver.act('kasi.piks@', agendaNumber, { action: 'accept', officer: 'petugas-1' }, seen);
    await driver.act('sari@', agendaNumber, { action: 'submit', ...draft }, seen);
    await driver.act('kasi.piks@', agendaNumber, { action: 'approve', note: 'Layak terbit.' }, seen);
    await driver.untilStatus(id, statusKey, ['completed']);
    const { record, pdf } = await archived(id);
    const verifyUrl = record.release.archive.verifyUrl as string;
    const textSha256 = createHash('sha256').update(approvedText(draft)).digest('hex');

    // Act: the address the QR code carries, as the PDF links it beside the code.
    expect(verifyUrl).toBe(`${cloud.endpoints.web}/v/${id}`);
    expect(pdf).toContain(`/URI (${verifyUrl})`);
    await page.goto(verifyUrl);
    await page.getByRole('heading', { level: 1, name: 'Verifikasi arsip siaran pers' }).waitFor();
    await page.getByTestId('verify-trail').waitFor();

    // Assert
    expect(await page.getByTestId('verify-agenda').textContent()).toBe(agendaNumber);
    expect(await page.getByTestId('verify-archive').textContent()).toBe(record.release.archive.archiveNumber);
    expect(await page.getByTestId('verify-hash').textContent()).toBe(textSha256);
    expect(record.release.archive.textSha256).toBe(textSha256);
    const trail = await page.getByTestId('verify-trail').innerText();
    for (const name of ['Rahmat Hidayat', 'Nurul Fitriani', 'Sari']) expect(trail).toContain(name);
    expect(trail).toContain('(kasi)');
    expect(trail).toContain(`SHA-256 ${textSha256}`);
    const shown = await page.locator('main').innerText();
    expect(shown).not.toMatch(/@/);
    expect(shown).not.toContain('812 7777');
    expect(shown).not.toContain('Layak terbit.');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'verify.png'), fullPage: true });

    // And the API behind it answers the same, with no private field at all.
    const api = await driver.api(`/api/verify/${id}`);
    expect(api.status).toBe(200);
    expect(api.text).not.toMatch(/@|812 7777|clientIp|userAgent|email|phone/);
  });

  it('answers an unknown archive id with a clear 404, on the API and on the page', async () => {
    // Act
    const unknown = await driver.api('/api/verify/01JD0000000000000000000000');
    const malformed = await driver.api('/api/verify/not-an-id');
    await page.goto(`${cloud.endpoints.web}/v/01JD0000000000000000000000`);
    // Assert
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toBe('Tidak ada arsip dengan nomor verifikasi ini.');
    expect(malformed.status).toBe(404);
    await page.getByText('Tidak ada arsip dengan nomor verifikasi ini. Periksa kembali alamatnya.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'verify-not-found.png'), fullPage: true });
  });

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });
});
