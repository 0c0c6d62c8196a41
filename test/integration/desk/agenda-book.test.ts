/**
 * The agenda book on the desk, on the local stores: the entries of a period searched by
 * title, sender, institution and number, with the letter and the disposition; the CSV,
 * PDF and XLSX exports of what was found (the workbook opened with exceljs); a number
 * voided by a signed-in officer stays in the book marked batal; and the roles each route
 * admits.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSender, httpEvent, parse, startLocalStores, type LocalStores, withSolvedCaptcha } from '../intake/harness.js';

let stores: LocalStores;
let releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;
let deskAgenda: typeof import('../../../functions/handlers/desk-agenda.js').handler;
let deskWorkbook: typeof import('../../../functions/handlers/desk-agenda-workbook.js').handler;
let deskVoid: typeof import('../../../functions/handlers/desk-agenda-void.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');

const unique = `buku-${Date.now().toString(36)}`;
const day = new Date().toISOString().slice(0, 10);
let fromBappeda: { id: string; agendaNumber: string };
let fromDinkes: { id: string; agendaNumber: string };

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  releasesCreate = withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler);
  deskAgenda = (await import('../../../functions/handlers/desk-agenda.js')).handler;
  deskWorkbook = (await import('../../../functions/handlers/desk-agenda-workbook.js')).handler;
  deskVoid = (await import('../../../functions/handlers/desk-agenda-void.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
  fromBappeda = await submit(`Rapat koordinasi pembangunan ${unique}`, 'Siti Aminah', 'Bappeda', { number: '005/BAP/XII/2026', date: day });
  fromDinkes = await submit(`Vaksinasi massal ${unique}`, 'Yusuf', 'Dinas Kesehatan');
  await releases.updateRelease(fromBappeda.id, {
    disposition: { by: 'kabid-piks', assignees: ['kasi-piks'], arahan: 'Segera liput.', urgency: 'segera', at: new Date().toISOString() },
  });
});
afterAll(async () => stores?.stop());

async function submit(title: string, name: string, institution: string, letter?: { number: string; date: string }) {
  const email = `${name.split(' ')[0]!.toLowerCase()}.${unique}@example.go.id`;
  await confirmSender(email);
  const created = parse(
    await releasesCreate(
      httpEvent({
        method: 'POST',
        path: '/api/releases',
        body: { newsType: 'kegiatan', title, body: 'Isi.', submitter: { name, institution, email }, letter, attachments: [] },
      }),
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; agendaNumber: string };
}

/** A desk request as the session authorizer passes it on: who signed in, with their roles. */
function signedIn(event: ReturnType<typeof httpEvent>, roles: string) {
  const lambda = { sessionId: 's-1', personId: 'budi', email: 'budi@dkip.example.go.id', name: 'Budi Santoso', roles };
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda } } };
}

const book = (query: Record<string, string>, roles = 'petugas') =>
  deskAgenda(signedIn(httpEvent({ method: 'GET', path: '/api/desk/agenda', query: { from: day, to: day, ...query } }), roles));
const bookExport = (query: Record<string, string>) =>
  deskAgenda(signedIn(httpEvent({ method: 'GET', path: '/api/desk/agenda/export', query: { from: day, to: day, ...query } }), 'kasi'));

type Row = {
  agendaNumber: string;
  title: string;
  letterNumber: string;
  letterDate: string;
  disposition: string;
  status: string;
  voided: string;
};

describe('searching the agenda book', () => {
  it('finds an entry by institution, by sender, by title words and by agenda number, with its letter and disposition', async () => {
    const byInstitution = parse(await book({ q: `bappeda ${unique}` }));
    const bySender = parse(await book({ q: `yusuf ${unique}` }));
    const byTitle = parse(await book({ q: `KOORDINASI ${unique}` }));
    const byNumber = parse(await book({ q: fromDinkes.agendaNumber }));

    expect(byInstitution.status, JSON.stringify(byInstitution.body)).toBe(200);
    expect(byInstitution.body.timeZone).toBe('Asia/Jayapura');
    expect((byInstitution.body.rows as Row[]).map((r) => r.agendaNumber)).toEqual([fromBappeda.agendaNumber]);
    expect((bySender.body.rows as Row[]).map((r) => r.agendaNumber)).toEqual([fromDinkes.agendaNumber]);
    expect((byTitle.body.rows as Row[]).map((r) => r.agendaNumber)).toEqual([fromBappeda.agendaNumber]);
    expect((byNumber.body.rows as Row[]).map((r) => r.agendaNumber)).toEqual([fromDinkes.agendaNumber]);
    expect(byInstitution.body.rows[0]).toMatchObject({
      letterNumber: '005/BAP/XII/2026',
      letterDate: day,
      disposition: 'Nurul Fitriani: Segera liput. (segera)',
    });
  });

  it('refuses a period it cannot read and a role that does not keep the book', async () => {
    const backwards = parse(await book({ from: day, to: '2000-01-01' }));
    const admin = parse(await book({}, 'admin'));
    const nobody = parse(await deskAgenda(httpEvent({ method: 'GET', path: '/api/desk/agenda', query: { from: day, to: day } })));

    expect(backwards.status).toBe(400);
    expect(backwards.body.error.code).toBe('invalid');
    expect(admin.status).toBe(403);
    expect(nobody.status).toBe(401);
  });
});

describe('exporting the agenda book', () => {
  it('writes the entries found as an XLSX workbook whose cells hold the book', async () => {
    const res = await deskWorkbook(
      signedIn(httpEvent({ method: 'GET', path: '/api/desk/agenda/workbook', query: { from: day, to: day, q: unique } }), 'kasi'),
    );

    expect(res.statusCode).toBe(200);
    expect(res.headers?.['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const bytes = Buffer.from(res.body!, 'base64');
    const { createHash } = await import('node:crypto');
    expect(res.headers?.['x-warta-sha256']).toBe(createHash('sha256').update(bytes).digest('hex'));
    // The office's copy ran no tamper check, so it claims none.
    expect(res.headers?.['x-warta-problems']).toBeUndefined();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Buku Agenda')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (name: string) => header.indexOf(name) + 1;
    expect(sheet.rowCount).toBe(3);
    const first = sheet.getRow(2);
    expect(first.getCell(column('Nomor Agenda / Agenda number')).value).toBe(fromBappeda.agendaNumber);
    expect(first.getCell(column('Instansi / Institution')).value).toBe('Bappeda');
    expect(first.getCell(column('Nomor surat / Letter number')).value).toBe('005/BAP/XII/2026');
    expect(first.getCell(column('Disposisi / Disposition')).value).toBe('Nurul Fitriani: Segera liput. (segera)');
    expect(sheet.getRow(3).getCell(column('Pengirim / Sender')).value).toBe('Yusuf');
    expect(workbook.getWorksheet('Keterangan')!.getRow(4).getCell(2).value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes them as CSV and PDF too, and leaves the workbook to its own route', async () => {
    const csv = await bookExport({ q: 'dinas kesehatan', format: 'csv' });
    const pdf = await bookExport({ q: unique, format: 'pdf' });
    const doc = await bookExport({ q: unique, format: 'xlsx' });

    const lines: string[][] = parseCsv(csv.body!.replace(/^\uFEFF/, ''), { relax_column_count: true });
    expect(lines.filter((l) => l[0] === fromDinkes.agendaNumber)).toHaveLength(1);
    expect(lines.some((l) => l[0] === fromBappeda.agendaNumber)).toBe(false);
    expect(Buffer.from(pdf.body!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(doc.statusCode).toBe(400);
  });
});

describe('voiding a number from the desk', () => {
  const voidFrom = (roles: string, body: unknown) =>
    deskVoid(signedIn(httpEvent({ method: 'POST', path: '/api/desk/agenda/void', body }), roles));

  it('keeps the entry in the book marked batal, with the signed-in officer, the reason and the time', async () => {
    // Prepare: the Dinkes release ended rejected
    await releases.updateRelease(fromDinkes.id, { status: 'rejected' });

    // Act
    const voided = parse(await voidFrom('petugas', { agendaNumber: fromDinkes.agendaNumber, reason: 'Kiriman ganda.' }));
    const again = parse(await voidFrom('petugas', { agendaNumber: fromDinkes.agendaNumber, reason: 'Kiriman ganda.' }));

    // Assert
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body.voided).toMatchObject({ by: 'Budi Santoso <budi@dkip.example.go.id>', reason: 'Kiriman ganda.' });
    expect(again.body).toMatchObject({ alreadyVoided: true, voided: voided.body.voided });
    const rows = parse(await book({ q: unique })).body.rows as Row[];
    expect(rows.map((r) => [r.agendaNumber, r.voided])).toEqual([
      [fromBappeda.agendaNumber, ''],
      [fromDinkes.agendaNumber, 'BATAL'],
    ]);
  });

  it('refuses an auditor, a reason too short and a number of a release still running', async () => {
    const auditor = parse(await voidFrom('auditor', { agendaNumber: fromBappeda.agendaNumber, reason: 'Kiriman ganda.' }));
    const short = parse(await voidFrom('kasi', { agendaNumber: fromBappeda.agendaNumber, reason: 'x' }));
    const running = parse(await voidFrom('kasi', { agendaNumber: fromBappeda.agendaNumber, reason: 'Kiriman ganda.' }));

    expect(auditor.status).toBe(403);
    expect(short.status).toBe(400);
    expect(running.status).toBe(409);
    expect((await releases.getRelease(fromBappeda.id)).voided).toBeUndefined();
  });
});
