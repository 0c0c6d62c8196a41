/**
 * The stand-ins that replace modules of dependencies in the Lambda bundles
 * (infra/cdk/constructs/bundle.ts): each answers as the module it replaces does for what
 * Warta uses, or refuses clearly what Warta never does. The mail test composes the same
 * message with all of nodemailer and inside a bundle built with the stand-ins, and
 * compares the bytes.
 */
import crypto from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingMail } from '../../functions/adapters/mailer.js';
import { ALLOWED_TYPES } from '../../functions/domain/uploads.js';
import * as standInTypes from '../../functions/stand-ins/mime-types.js';
import { create as fontkitRefused } from '../../functions/stand-ins/fontkit.js';
import * as xraySdkV2Patcher from '../../functions/stand-ins/xray-sdk-v2-patcher.js';
import { BUNDLE_FILE, bundleHandler, FILE_STAND_INS, PACKAGE_STAND_INS } from '../../infra/cdk/constructs/bundle.js';
import * as nodemailerTypes from '../../node_modules/nodemailer/dist/esm/mime-funcs/mime-types.js';

/** Every type Warta accepts as an upload or writes itself (mail parts, PDFs, CSV exports). */
const WARTA_TYPES = [...Object.keys(ALLOWED_TYPES), 'image/heic', 'text/plain', 'text/html', 'text/csv'];

describe("the stand-in for nodemailer's media-type table", () => {
  it.each(WARTA_TYPES)('gives %s the extension nodemailer gives it', (type) => {
    expect(standInTypes.detectExtension(type)).toBe(nodemailerTypes.detectExtension(type));
    expect(standInTypes.detectExtension(` ${type.toUpperCase()} `)).toBe(nodemailerTypes.detectExtension(` ${type.toUpperCase()} `));
  });

  it.each(WARTA_TYPES)('gives a file of type %s the type nodemailer gives it, by each of its extensions', (type) => {
    const extensions = [standInTypes.detectExtension(type), ALLOWED_TYPES[type as keyof typeof ALLOWED_TYPES]?.extension ?? 'txt'];
    for (const name of extensions.flatMap((e) => [`laporan-2026-05.${e}`, e, `FOTO.${e.toUpperCase()}`, `a.${e}?x=1`])) {
      expect([name, standInTypes.detectMimeType(name)]).toEqual([name, nodemailerTypes.detectMimeType(name)]);
    }
  });

  it('falls back as nodemailer does for what it does not know', () => {
    for (const name of ['', 'noext', 'a.unknown', 'a.heic'])
      expect(standInTypes.detectMimeType(name)).toBe(nodemailerTypes.detectMimeType(name));
    for (const type of ['', 'text/x-unknown', 'foo/bar', 'image/heic'])
      expect(standInTypes.detectExtension(type)).toBe(nodemailerTypes.detectExtension(type));
  });
});

describe('the stand-ins for what Warta never does', () => {
  it('refuse with a sentence that says why', () => {
    expect(() => fontkitRefused()).toThrow(/Warta PDFs use the standard fonts only/);
    expect(() => xraySdkV2Patcher.captureAWS()).toThrow(/use the AWS SDK v3 only/);
    expect(() => xraySdkV2Patcher.captureAWSClient()).toThrow(/use the AWS SDK v3 only/);
  });

  it('name files and stand-ins that exist', () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    for (const [file, standIn] of Object.entries(FILE_STAND_INS)) {
      expect(() => readFileSync(join(root, 'node_modules', file))).not.toThrow();
      expect(() => readFileSync(standIn)).not.toThrow();
    }
    for (const standIn of Object.values(PACKAGE_STAND_INS)) expect(() => readFileSync(standIn)).not.toThrow();
  });
});

describe('a mail composed inside a Lambda bundle', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is byte for byte the mail composed with all of nodemailer', async () => {
    // Prepare: the periodic report's mail, the one with an attachment; boundaries and the date fixed.
    process.env.WARTA_CONFIG = readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8');
    const mail: OutgoingMail = {
      to: 'auditor@example.go.id',
      toName: 'Auditor Inspektorat — Ternate',
      subject: 'Laporan berkala Mei 2026: 12 siaran pers diterima, 9 terbit',
      html: '<p>Laporan berkala terlampir — <b>Mei 2026</b>.</p>',
      text: 'Laporan berkala terlampir — Mei 2026.\n'.repeat(40),
      headers: { 'X-Warta-Period': '2026-05' },
      replyTo: 'humas@kominfo.example.go.id',
      idempotencyKey: 'report#2026-05#auditor',
      attachments: [
        { filename: 'laporan-2026-05.pdf', content: Buffer.from(`%PDF-1.3\n${'x'.repeat(3000)}\n%%EOF`), contentType: 'application/pdf' },
      ],
    };
    const dir = mkdtempSync(join(tmpdir(), 'warta-mail-bundle-'));
    dirs.push(dir);
    const mailerEntry = fileURLToPath(new URL('../../functions/adapters/mailer.ts', import.meta.url));
    const result = await bundleHandler(mailerEntry, dir, { sourcemap: false, metafile: true });
    const inputs = Object.keys(result.metafile!.inputs);
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-06-01T01:00:00Z') });
    vi.spyOn(crypto, 'randomBytes').mockImplementation((size: number) => Buffer.alloc(size, 7));
    const bundled = createRequire(import.meta.url)(join(dir, BUNDLE_FILE)) as typeof import('../../functions/adapters/mailer.js');
    const unbundled = await import('../../functions/adapters/mailer.js');
    // Act
    const fromBundle = await bundled.composeMail(mail, '<report-2026-05@warta>');
    const fromNodemailer = await unbundled.composeMail(mail, '<report-2026-05@warta>');
    // Assert
    expect(inputs.some((p) => p.endsWith('nodemailer/dist/esm/mime-funcs/mime-types.js'))).toBe(false);
    expect(inputs.some((p) => p.endsWith('stand-ins/mime-types.ts'))).toBe(true);
    expect(fromBundle.toString()).toContain('Content-Type: application/pdf; name=laporan-2026-05.pdf');
    expect(fromBundle.toString()).toContain('Date: Mon, 01 Jun 2026 01:00:00 +0000');
    expect(fromBundle.equals(fromNodemailer)).toBe(true);
  });
});

describe('a workbook written inside a Lambda bundle', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('writes XLSX that exceljs reads back, without exceljs CSV, which it refuses saying why', async () => {
    // Prepare: the workbook engine as the agenda workbook function carries it, a file of its own
    const dir = mkdtempSync(join(tmpdir(), 'warta-xlsx-bundle-'));
    dirs.push(dir);
    const entry = fileURLToPath(new URL('../../functions/handlers/desk-agenda-workbook.ts', import.meta.url));
    await bundleHandler(entry, dir, { sourcemap: false });
    const { ExcelWorkbook } = createRequire(import.meta.url)(
      join(dir, 'xlsx-engine.js'),
    ) as typeof import('../../functions/domain/audit/xlsx-engine.js');
    const written = new ExcelWorkbook();
    written.addWorksheet('Buku Agenda').addRow(['001/PR/DKIP-MU/2026', 'Bappeda']);
    // Act
    const bytes = await written.xlsx.writeBuffer();
    const read = new (await import('exceljs')).default.Workbook();
    await read.xlsx.load(bytes);
    // Assert
    expect(read.getWorksheet('Buku Agenda')!.getRow(1).getCell(2).value).toBe('Bappeda');
    expect(() => written.csv).toThrow(/csv-stringify/);
  });
});
