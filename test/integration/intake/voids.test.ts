/**
 * Voided agenda numbers on the local stores: an officer voids the number of a rejected
 * release with a reason; the entry stays in the book marked batal (who, when, why), the
 * next submission gets the next number, and the agenda book export shows it. Voiding twice
 * changes nothing; a running release's number is refused with the reason.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmSender, httpEvent, parse, startLocalStores, type LocalStores, withSolvedCaptcha } from './harness.js';

let stores: LocalStores;
let releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;
let agendaVoid: typeof import('../../../functions/handlers/agenda-void.js').handler;
let releases: typeof import('../../../functions/adapters/release-store.js');
let sequences: typeof import('../../../functions/adapters/sequence-store.js');
let exportsModule: typeof import('../../../functions/usecases/audit-exports.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  await confirmSender('budi@y.example.go.id');
  releasesCreate = withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler);
  agendaVoid = (await import('../../../functions/handlers/agenda-void.js')).handler;
  releases = await import('../../../functions/adapters/release-store.js');
  sequences = await import('../../../functions/adapters/sequence-store.js');
  exportsModule = await import('../../../functions/usecases/audit-exports.js');
});
afterAll(async () => stores.stop());

const OFFICER = 'arn:aws:iam::111111111111:user/sekretaris';

async function submit(title: string) {
  const created = parse(
    await releasesCreate(
      httpEvent({
        method: 'POST',
        path: '/api/releases',
        body: {
          newsType: 'kegiatan',
          title,
          body: 'Isi',
          submitter: { name: 'Budi', institution: 'Dinas Y', email: 'budi@y.example.go.id' },
          attachments: [],
        },
      }),
    ),
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; agendaNumber: string };
}

async function voidNumber(agendaNumber: string, reason: string) {
  const event = httpEvent({ method: 'POST', path: '/api/agenda/void', body: { agendaNumber, reason } });
  const withCaller = { ...event, requestContext: { ...event.requestContext, authorizer: { iam: { userArn: OFFICER } } } };
  return parse(await agendaVoid(withCaller));
}

describe('voiding an agenda number', () => {
  it('marks a rejected release and its book entry batal; the number is never given again; the export shows it', async () => {
    // Prepare: a release that ended rejected, and its agenda number
    const mistaken = await submit('Kiriman ganda');
    await releases.updateRelease(mistaken.id, { status: 'rejected' });

    // Act
    const voided = await voidNumber(mistaken.agendaNumber, 'Kiriman ganda dari Dinas Y.');
    const next = await submit('Kiriman sesudahnya');

    // Assert
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(voided.body).toMatchObject({
      agendaNumber: mistaken.agendaNumber,
      releaseId: mistaken.id,
      alreadyVoided: false,
      voided: { by: OFFICER, reason: 'Kiriman ganda dari Dinas Y.' },
    });
    const release = await releases.getRelease(mistaken.id);
    expect(release).toMatchObject({
      status: 'rejected',
      agendaNumber: mistaken.agendaNumber,
      voided: { by: OFFICER, reason: 'Kiriman ganda dari Dinas Y.' },
    });
    const entry = await sequences.getSequenceEntry(`AGENDA#${release.agendaYear}`, release.agendaSeq);
    expect(entry).toMatchObject({ releaseId: mistaken.id, voidedBy: OFFICER, voidReason: 'Kiriman ganda dari Dinas Y.' });
    expect((await releases.getRelease(next.id)).agendaSeq).toBe(release.agendaSeq + 1);
    const events = await releases.listEvents(mistaken.id);
    expect(events.filter((e) => e.type === 'agenda.voided')).toHaveLength(1);

    const day = release.createdAt.slice(0, 10);
    const csv: string[][] = parseCsv((await exportsModule.agendaBookExport(day, day, 'csv')).body.toString('utf8').slice(1), {
      relax_column_count: true,
    });
    const header = csv[0]!;
    const line = csv.find((l) => l[0] === mistaken.agendaNumber)!;
    expect(line[header.indexOf('Batal / Voided')]).toBe('BATAL');
    expect(line[header.indexOf('Alasan batal / Void reason')]).toBe('Kiriman ganda dari Dinas Y.');
    const pdf = await exportsModule.agendaBookExport(day, day, 'pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('is safe to run twice: the second answers with the first void and adds nothing', async () => {
    // Prepare
    const mistaken = await submit('Uji coba');
    await releases.updateRelease(mistaken.id, { status: 'failed' });
    const first = await voidNumber(mistaken.agendaNumber, 'Entri uji coba.');

    // Act
    const second = await voidNumber(mistaken.agendaNumber, 'Alasan lain.');

    // Assert
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ alreadyVoided: true, voided: first.body.voided });
    expect((await releases.getRelease(mistaken.id)).voided?.reason).toBe('Entri uji coba.');
    expect((await releases.listEvents(mistaken.id)).filter((e) => e.type === 'agenda.voided')).toHaveLength(1);
  });

  it('refuses a release still in process, a number not in the book, and a void without a reason, each with a message', async () => {
    // Prepare
    const running = await submit('Masih diproses');

    // Act
    const refused = await voidNumber(running.agendaNumber, 'Salah nomor.');
    const unknown = await voidNumber('999/XX/NONE/2026', 'Salah nomor.');
    const noReason = await voidNumber(running.agendaNumber, ' ');

    // Assert
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('masih diproses');
    expect((await releases.getRelease(running.id)).voided).toBeUndefined();
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('999/XX/NONE/2026');
    expect(noReason.status).toBe(400);
  });
});
