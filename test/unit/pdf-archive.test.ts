import { describe, expect, it } from 'vitest';
import { renderArchivePdf, type ArchivePdfInput } from '../../functions/domain/render/archive-pdf.js';
import { fixtureRelease } from '../integration/output/fixtures.js';
import { pdfShownText } from '../integration/output/pdf-text.js';

// A 1×1 PNG, the smallest picture PDFKit embeds.
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function input(overrides: Partial<ArchivePdfInput> = {}): ArchivePdfInput {
  return {
    release: fixtureRelease('release-hostile'),
    office: { name: { id: 'Dinas Kominfo', en: 'Kominfo Office' }, address: 'Sofifi', timeZone: 'Asia/Jayapura' },
    archiveNumber: '400.14.9/001/DKIP-MU/2026',
    classification: { code: '400.14.9', label: { id: 'Publikasi media', en: 'Media publication' } },
    newsType: { id: 'Informasi pembangunan daerah', en: 'Regional development information' },
    stageLabels: { review: { id: 'Mengoreksi informasi', en: 'Correct the text' } },
    archivedAt: '2026-11-20T05:00:00.000Z',
    images: [],
    verifyUrl: 'https://warta.example.go.id/v/01JD0000000000000000000001',
    textSha256: 'ab'.repeat(32),
    ...overrides,
  };
}

const squash = (s: string) => s.replace(/\s+/g, '');

describe('the archive PDF', () => {
  it('is a PDF showing archive and agenda numbers, classification and the approved text', async () => {
    // Act
    const pdf = await renderArchivePdf(input());
    const text = pdfShownText(pdf);
    // Assert
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(squash(text)).toContain('400.14.9/001/DKIP-MU/2026');
    expect(squash(text)).toContain('007/PUB/DKIP-MU/2026');
    expect(text).toContain('Publikasi media');
    expect(text).toContain('Peresmian Jembatan <Kao>');
    expect(text).toContain('Arsip Siaran Pers / Press release archive');
  });

  it('records each decision of the approval trail with actor, note and paraf', async () => {
    const text = pdfShownText(await renderArchivePdf(input()));
    expect(text).toContain('Mengoreksi informasi: Disetujui / Approved');
    expect(text).toContain('72f785b87ff911e748a8e025372efb4e998c9b86efce6df0f484a1a2d05f113c');
    expect(text).toContain('OK <b>');
    expect(text).toContain('Rahmat Hidayat, Kepala Bidang PIKS (kabid)');
    expect(text).toContain('Segera <proses>');
  });

  it('shows the correction carried by an approval, word by word, and no correction line where there was none', async () => {
    // Prepare
    const corrected = fixtureRelease('release-hostile');
    const approval = corrected.decisions.find((d) => d.action === 'approve')!;
    approval.details = {
      correction: { before: { title: 'Gubernur resmikan jembatan Kao' }, after: { title: 'Gubernur meresmikan jembatan Kao' } },
    };
    // Act
    const withCorrection = squash(pdfShownText(await renderArchivePdf(input({ release: corrected }))));
    const without = pdfShownText(await renderArchivePdf(input()));
    // Assert
    expect(withCorrection).toContain('Koreksi/Correction:judul/title:Gubernur[-resmikan-]{+meresmikan+}jembatanKao');
    expect(without).not.toContain('Koreksi');
    expect(without).not.toContain('{+');
  });

  it('carries the verification address, the published text hash and a QR code drawn as vector squares', async () => {
    // Act
    const pdf = await renderArchivePdf(input());
    const text = pdfShownText(pdf);
    // Assert
    expect(squash(text)).toContain('https://warta.example.go.id/v/01JD0000000000000000000001');
    expect(squash(text)).toContain('ab'.repeat(32));
    expect(squash(text)).toContain('Verifikasi/Verification');
    expect(pdf.toString('latin1')).toMatch(/\/URI \(https:\/\/warta\.example\.go\.id\/v\/01JD0000000000000000000001\)/);
  });

  it('keeps unprintable unicode as stand-ins instead of failing', async () => {
    const text = pdfShownText(await renderArchivePdf(input()));
    expect(text).toContain('— “A” ?? ?');
  });

  it('embeds a PNG photo and survives a photo it cannot decode', async () => {
    // Act
    const withPhoto = await renderArchivePdf(input({ images: [{ uploadId: 'P', bytes: PNG_1PX, caption: 'Pita <dipotong>' }] }));
    const broken = await renderArchivePdf(input({ images: [{ uploadId: 'Q', bytes: Buffer.from('not a picture') }] }));
    // Assert
    expect(withPhoto.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(pdfShownText(withPhoto)).toContain('Pita <dipotong>');
    expect(broken.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('says so when there is no decision', async () => {
    const release = fixtureRelease('release-hostile');
    release.decisions = [];
    const text = pdfShownText(await renderArchivePdf(input({ release })));
    expect(text).toContain('Tidak ada keputusan tercatat.');
  });
});
