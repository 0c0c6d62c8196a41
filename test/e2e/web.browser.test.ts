/**
 * The web app in Chromium (playwright-core), served from a fresh build with a scripted
 * API (web-fake-api.ts): a person on a 360 px phone fills the form with the keyboard,
 * uploads a photo and a PDF, sends, opens the status page, and the approvers' task pages
 * are checked too. axe-core runs on every page: no serious or critical violations.
 * Screenshots go to test-results/web/. The whole-system run against `npm start` is the
 * workflow e2e suite's job.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { startFakeApi, type FakeApi } from './web-fake-api.js';
import { SHOTS as shots, buildWebApp, hasChromium, launchChromium, pageProblems, seriousViolations, PHONE } from './web-browser.js';

/** A real PNG of random pixels (so it is big enough to go up in several parts). */
function noisePng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2; // 8-bit RGB
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let i = 0; i < rows.length; i++) rows[i] = i % (width * 3 + 1) === 0 ? 0 : (i * 7919) % 251;
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 0 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const reviewTask = {
  state: 'open',
  stage: { id: 'review', kind: 'review', label: { id: 'Koreksi Kasi', en: 'Review by Kasi' } },
  release: {
    agendaNumber: '1/400.14/IKP/2026',
    newsType: { id: 'kegiatan', label: { id: 'Liputan kegiatan', en: 'Activity coverage' } },
    title: 'Peresmian Jembatan Desa Kao',
    body: 'Bupati meresmikan jembatan.\n\nWarga menyambut gembira.',
    submitter: { name: 'Siti Rahma', institution: 'Dinas PUPR' },
  },
  person: { id: 'kasi-liputan', name: 'Rahmat' },
  dueAt: '2026-11-20T03:00:00Z',
  attachments: [],
  choices: {},
  draft: null,
  decision: null,
  history: [{ at: '2026-11-20T02:00:00Z', action: 'submit', actor: { name: 'Petugas JFT' }, note: 'Naskah siap diperiksa.' }],
  actions: [
    { action: 'approve', fields: ['note'] },
    { action: 'revise', fields: ['note'] },
    { action: 'reject', fields: ['reason'] },
  ],
};
const disposeTask = {
  ...reviewTask,
  stage: { id: 'dispose', kind: 'dispose', label: { id: 'Disposisi Kabid', en: 'Disposition' } },
  actions: [
    {
      action: 'dispose',
      fields: [
        { name: 'assignees', type: 'people', required: true },
        { name: 'arahan', type: 'textarea', required: true },
      ],
    },
  ],
  choices: {
    assignees: [
      { id: 'kasi-liputan', name: 'Rahmat', title: 'Kasi Liputan' },
      { id: 'kasi-publikasi', name: 'Dewi', title: 'Kasi Publikasi' },
    ],
  },
};
const editTask = {
  ...reviewTask,
  stage: { id: 'edit', kind: 'edit', label: { id: 'Olah naskah', en: 'Write the text' } },
  actions: [{ action: 'save-draft' }, { action: 'submit' }],
  draft: {
    title: 'Peresmian Jembatan Desa Kao',
    lead: 'Jembatan baru menghubungkan dua desa.',
    body: 'Isi berita.',
    quotes: [{ text: 'Untuk warga.', by: 'Bupati' }],
  },
};

describe.skipIf(!hasChromium)('web app in Chromium', () => {
  let api: FakeApi;
  let browser: Browser;
  let page: Page;
  let dist: string;
  let problems: string[];

  beforeAll(async () => {
    dist = await buildWebApp();
    api = await startFakeApi(dist);
    api.tasks.set('review-link', reviewTask);
    api.tasks.set('dispose-link', disposeTask);
    api.tasks.set('edit-link', editTask);
    api.tasks.set('spent-link', 410);
    mkdirSync(shots, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage(PHONE);
    problems = pageProblems(page);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('a person on a phone fills the form with the keyboard, uploads a photo and a PDF, and sends it', async () => {
    // Prepare
    await page.goto(`${api.origin}/`);
    await page.getByRole('heading', { name: 'Ajukan siaran pers' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // Act: keyboard only for the fields
    await page.getByLabel('Jenis berita').focus();
    await page.keyboard.press('ArrowDown'); // first news type
    const typeInto = async (label: string | RegExp, text: string) => {
      await page.getByLabel(label).first().focus();
      await page.keyboard.type(text);
    };
    await typeInto(/^Judul/, 'Peresmian Jembatan Desa Kao');
    await typeInto(/^Naskah/, 'Bupati meresmikan jembatan sepanjang 120 meter.');
    await typeInto(/^Tempat kegiatan/, 'Desa Kao');
    await typeInto(/^Instansi/, 'Dinas PUPR');
    await typeInto(/^Nama/, 'Siti Rahma');
    await typeInto(/^Email/, 'siti@example.go.id');
    await page.locator('input[type=file]').setInputFiles([
      { name: 'pita.png', mimeType: 'image/png', buffer: noisePng(200, 120) },
      { name: 'surat.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% Warta test letter\n%%EOF\n') },
    ]);
    await expect.poll(() => page.locator('.file-list').innerText()).toMatch(/pita\.png\n[^\n]*Selesai[\s\S]*surat\.pdf\n[^\n]*Selesai/);
    await expect.poll(() => page.getByRole('button', { name: 'Kirim permohonan' }).isEnabled()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.locator('img.thumb').count()).toBe(1);
    const privacy = await page.getByRole('region', { name: 'Data pribadi Anda' }).innerText();
    expect(privacy).toContain('dihapus 90 hari setelah diajukan');
    expect(privacy).toContain('arsip resmi selama 10 tahun');
    await page.getByRole('region', { name: 'Data pribadi Anda' }).screenshot({ path: join(shots, 'submit-privacy-360.png') });
    await page.screenshot({ path: join(shots, 'submit-filled-360.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);

    // Act: the captcha ticked, then Enter in a field sends the form
    await page.getByRole('checkbox', { name: 'Saya bukan robot' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('Terverifikasi').first().waitFor();
    await page.getByLabel(/^Judul/).focus();
    await page.keyboard.press('Enter');

    // Assert
    await page.getByRole('heading', { name: 'Permohonan diterima' }).waitFor();
    expect(await page.getByTestId('agenda-number').textContent()).toBe('1/400.14/IKP/2026');
    const sent = api.requests.find((r) => r.method === 'POST' && r.path === '/api/releases')?.body as {
      attachments: string[];
      title: string;
    };
    expect(sent.title).toBe('Peresmian Jembatan Desa Kao');
    expect(sent.attachments).toHaveLength(2);
    const partCounts = sent.attachments.map((id) => (api.parts.get(id) ?? []).length).sort();
    expect(partCounts).toEqual([1, 2]); // the PDF in one part, the photo in two
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'receipt-360.png'), fullPage: true });
  });

  it('the private status page shows the timeline', async () => {
    // Act
    await page.goto(`${api.origin}/s/rel-web-1#status-key-1`);

    // Assert
    await page.getByText('Selesai dalam 7 menit').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'status-360.png'), fullPage: true });
  });

  it('the status link of a submission not yet confirmed says what the sender must do, and shows no number', async () => {
    // Act
    await page.goto(`${api.origin}/s/rel-held-1#status-key-2`);

    // Assert
    const notice = page.getByTestId('awaiting-confirmation');
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/tautan konfirmasi.*dihapus pada/s);
    expect(await page.getByTestId('release-status').textContent()).toBe('Menunggu konfirmasi email');
    expect(await page.getByText('Nomor agenda').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'status-awaiting-confirmation-360.png'), fullPage: true });
  });

  it('each task page is usable and accessible; a reject asks first', async () => {
    for (const [link, name] of [
      ['dispose-link', 'Disposisi Kabid'],
      ['edit-link', 'Olah naskah'],
      ['review-link', 'Koreksi Kasi'],
    ] as const) {
      // Act
      await page.goto(`${api.origin}/t/#${link}`);
      await page.getByRole('heading', { name: `Tugas: ${name}` }).waitFor();

      // Assert
      expect(await seriousViolations(page), link).toEqual([]);
      await page.screenshot({ path: join(shots, `task-${link}-360.png`), fullPage: true });
    }
    const before = api.requests.filter((r) => r.method === 'POST').length;
    await page.getByRole('radio', { name: 'Tolak' }).check();
    await page.getByLabel(/Alasan penolakan/).fill('Bukan kewenangan kami.');
    await page.getByRole('button', { name: 'Tolak' }).click();
    await page.getByRole('dialog').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'task-reject-confirm-360.png') });
    expect(api.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('a spent link explains itself, on a desktop in English', async () => {
    // Prepare
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${api.origin}/`);
    await page.getByRole('button', { name: 'English' }).click();
    // The English catalogue loads on demand: navigate once the switch has taken effect.
    await page.waitForFunction(() => document.documentElement.lang === 'en');

    // Act
    await page.goto(`${api.origin}/t/spent-link`);

    // Assert: the choice of English survived the navigation
    await page.getByRole('heading', { name: 'This link is no longer valid' }).waitFor();
    expect(await page.getByText('Tautan ini sudah dipakai pada 20 Nov 2026 oleh Kepala Bidang.').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(shots, 'task-spent-desktop.png') });
  });

  it('the submit page works with the keyboard alone: a skip link first, every stop visibly focused, in reading order', async () => {
    // Prepare
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const fresh = await context.newPage();
    await fresh.goto(`${api.origin}/`);
    await fresh.getByRole('heading', { name: 'Ajukan siaran pers' }).waitFor();

    // Act: walk the page with Tab
    const stops: { label: string; focusVisible: boolean }[] = [];
    for (let i = 0; i < 30; i++) {
      // date inputs take several stops (day, month, year, picker)
      await fresh.keyboard.press('Tab');
      stops.push(
        await fresh.evaluate(() => {
          const el = document.activeElement as HTMLElement;
          if (el === document.body) return { label: '(past the last stop)', focusVisible: true };
          const style = getComputedStyle(el);
          const label = el.id ? (document.querySelector(`label[for="${el.id}"]`)?.textContent ?? '') : (el.textContent ?? '');
          return {
            label: label.trim(),
            focusVisible: style.boxShadow !== 'none' || (style.outlineStyle !== 'none' && style.outlineWidth !== '0px'),
          };
        }),
      );
    }
    await context.close();

    // Assert
    expect(stops[0]!.label).toBe('Lompat ke isi');
    expect(stops.filter((s) => !s.focusVisible)).toEqual([]);
    const order = [
      'Jenis berita',
      'Judul',
      'Naskah / data',
      'Tanggal kegiatan',
      'Tempat kegiatan',
      'Instansi / OPD',
      'Nama',
      'Email',
      'Telepon / WhatsApp',
      'Nomor surat',
      'Tanggal surat',
      'pilih berkas',
      'Kirim permohonan',
    ];
    const positions = order.map((name) => stops.findIndex((s) => s.label.startsWith(name)));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(stops.map((s) => s.label)),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('no page threw a script error or hit the content security policy', () => {
    expect(problems).toEqual([]);
  });
});
