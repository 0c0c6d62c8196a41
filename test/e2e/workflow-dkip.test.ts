/**
 * The dkip-malut SOP end to end on the local cloud, through the HTTP API and the mailbox
 * only: intake with a photo and a letter, disposition, acceptance, editing, a return for
 * revision, approval with paraf, publication to the newsroom and the media, the sender
 * told, the archive, the report and the history snapshot. Then a rejection.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver, fixture, until } from './driver.js';

let cloud: TestCloud;
let driver: Driver;
const seen = new Set<string>();
const unique = `e2e-${Date.now().toString(36)}`;

beforeAll(async () => {
  cloud = await startTestCloud();
  driver = new Driver(cloud.endpoints);
});

afterAll(async () => {
  await cloud?.stop();
});

function submission(title: string, attachments: string[]) {
  return {
    newsType: 'pembangunan',
    title,
    body: 'Pemerintah Provinsi Maluku Utara meresmikan jembatan <b>Sofifi</b> yang menghubungkan dua kecamatan.',
    eventDate: '2026-11-20',
    eventPlace: 'Sofifi',
    submitter: { name: 'Ahmad Pengirim', institution: 'Dinas PUPR', email: `${unique}@pupr.example.go.id`, phone: '+62 812 0000 0000' },
    letter: { number: '005/PUPR/XI/2026', date: '2026-11-19' },
    attachments,
  };
}

const about = Driver.about;

async function act(to: string, agendaNumber: string, body: Record<string, unknown>) {
  return driver.act(to, agendaNumber, body, seen);
}

describe('a regional development release through the dkip-malut SOP', () => {
  let id: string;
  let statusKey: string;
  let agendaNumber: string;

  it('receives the request with its photo and letter and registers it in the agenda book', async () => {
    const photo = await driver.upload('foto-jembatan.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg'));
    const letter = await driver.upload('surat-permohonan.pdf', 'application/pdf', fixture('surat-permohonan.pdf'));

    const created = await driver.api('/api/releases', { body: submission(`Peresmian Jembatan ${unique}`, [photo, letter]) });

    // A first submission from this address: held until the sender confirms from the mail.
    expect(created.status, created.text).toBe(202);
    expect(created.json).toMatchObject({ confirmation: 'sent' });
    const confirmed = await driver.confirmFromMail(`${unique}@pupr.example.go.id`, seen);
    expect(confirmed.status, confirmed.text).toBe(200);
    ({ id, statusKey } = created.json);
    ({ agendaNumber } = confirmed.json);
    expect(confirmed.json.id).toBe(id);
    expect(agendaNumber).toMatch(/^\d{3}\/PUB\/DKIP-MU\/\d{4}$/);
    const receipt = await driver.mailTo(`${unique}@pupr.example.go.id`, about(agendaNumber), seen);
    expect(receipt.body.text).toContain(`/s/${id}#`);
  });

  it('is disposed by the Kabid, accepted by the Kasi and written up by the officer', async () => {
    const dispose = await act('kabid.piks@', agendaNumber, {
      action: 'dispose',
      assignees: ['kasi-piks'],
      arahan: 'Segera proses untuk website.',
      urgency: 'segera',
      dueDate: '2026-11-25',
    });
    expect(dispose.shown.actions.map((a: { action: string }) => a.action)).toContain('dispose');

    await act('kasi.piks@', agendaNumber, { action: 'accept', officer: 'petugas-1', note: 'Diterima.' });

    const draft = {
      title: `Jembatan Sofifi Diresmikan ${unique}`,
      lead: 'Gubernur meresmikan jembatan.',
      body: 'Isi berita yang telah diolah.',
      quotes: [{ text: 'Jembatan ini untuk rakyat.', by: 'Gubernur' }],
      photos: [],
    };
    await act('sari@', agendaNumber, { action: 'submit', ...draft });
  });

  it('goes back to the same officer when the Kasi returns it, then is approved with paraf', async () => {
    await act('kasi.piks@', agendaNumber, { action: 'revise', note: 'Tambahkan kutipan kepala dinas.' });
    await act('sari@', agendaNumber, {
      action: 'submit',
      title: `Jembatan Sofifi Diresmikan ${unique}`,
      body: 'Isi berita yang telah diperbaiki.',
      quotes: [],
      photos: [],
    });
    await act('kasi.piks@', agendaNumber, { action: 'approve', note: 'Layak terbit.' });
  });

  it('is published to the newsroom and every outlet, the sender is told, and it is archived', async () => {
    const done = await driver.untilStatus(id, statusKey, ['completed']);
    expect(done.agendaNumber).toBe(agendaNumber);

    const mails = await driver.mails();
    for (const outlet of [
      'redaksi@malutpost.example.com',
      'redaksi@beritamalut.example.com',
      'news@tvri-malut.example.com',
      'berita@rri-ternate.example.com',
    ]) {
      const toOutlet = mails.filter((m) => m.destination.to.some((t) => t.includes(outlet)) && m.subject.includes(unique));
      expect(toOutlet, outlet).toHaveLength(1);
      expect(toOutlet[0]!.attachments).toHaveLength(0);
    }
    const published = await driver.mailTo(`${unique}@pupr.example.go.id`, /\/berita\//, seen);
    // The receipt promised exactly this mail (and one with the reason, had it been rejected).
    const receipt = await driver.mailTo(`${unique}@pupr.example.go.id`, /^Diterima:/);
    expect(receipt.body.text).toMatch(
      /Bila diterbitkan: email dengan tautan ke halaman berita\nBila ditolak: email dengan alasan penolakan/,
    );
    expect((done.senderMails as { kind: string; sentAt: string | null }[]).map((m) => [m.kind, m.sentAt !== null])).toEqual([
      ['receipt', true],
      ['published', true],
      ['rejected', false],
    ]);
    const url = /https?:\/\/[^\s"<]+\/berita\/[^\s"<]+/.exec(published.body.text ?? '')![0];
    const page = await fetch(url.replace(/^https?:\/\/[^/]+/, cloud.endpoints.web));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(unique);
    expect(html).not.toContain('<b>Sofifi</b>');
    const rss = await (await fetch(`${cloud.endpoints.web}/berita/rss.xml`)).text();
    expect(rss).toContain(unique);
  });

  it('leaves the signed PDF, the media, the record and the execution history in the archive', async () => {
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      forcePathStyle: true,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const bucket = cloud.model.functions.map((f) => f.environment.ARCHIVE_BUCKET).find(Boolean)!;
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/' }));
    const ours = (listed.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(id));
    expect(ours.some((k) => k.endsWith('release.pdf'))).toBe(true);
    expect(ours.some((k) => k.endsWith('record.json'))).toBe(true);
    const pdf = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: ours.find((k) => k.endsWith('release.pdf'))! }));
    expect((await pdf.Body!.transformToString('latin1')).startsWith('%PDF')).toBe(true);
    // Each file's sha256, taken by the register stage from the stored bytes, is in the record.
    const record = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: ours.find((k) => k.endsWith('record.json'))! }));
    const archived = JSON.parse(await record.Body!.transformToString()) as { release: { attachments: { name: string; sha256: string }[] } };
    const sha256 = (name: string) => createHash('sha256').update(fixture(name)).digest('hex');
    expect(archived.release.attachments.map((a) => [a.name, a.sha256]).sort()).toEqual([
      ['foto-jembatan.jpg', sha256('foto-kegiatan.jpg')],
      ['surat-permohonan.pdf', sha256('surat-permohonan.pdf')],
    ]);

    const sfn = new SFNClient({
      endpoint: cloud.endpoints.stepfunctions,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    // The execution is named after the release, so a retried submission cannot start a twin.
    const machine = cloud.model.stateMachines[0]!;
    const executionArn = `arn:aws:states:ap-southeast-3:111111111111:execution:${machine.name}:${id}`;
    const status = await until('execution to end', async () => {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d.status;
    });
    expect(status).toBe('SUCCEEDED');
    const snapshot = await until('history snapshot', async () => {
      const h = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `history/${id}` }));
      return h.Contents?.length ? h.Contents[0]!.Key : undefined;
    });
    expect(snapshot).toBe(`history/${id}.json`);
  });

  it('tells the sender when a reviewer rejects a request, with the reason', async () => {
    const created = await driver.api('/api/releases', { body: submission(`Ditolak ${unique}`, []) });
    // The address confirmed itself with the first submission.
    expect(created.status).toBe(201);
    const number = created.json.agendaNumber as string;
    await act('kabid.piks@', number, { action: 'dispose', assignees: ['kasi-humas'], arahan: 'Periksa.', urgency: 'biasa' });
    await act('kasi.humas@', number, { action: 'accept' });
    // No officer chosen at acceptance: every petugas gets the link, and Sari takes it.
    await act('sari@', number, { action: 'submit', title: `Judul ${unique}`, body: 'Isi', quotes: [], photos: [] });
    await act('kasi.humas@', number, { action: 'reject', reason: 'Bukan informasi pembangunan daerah.' });

    const rejected = await driver.untilStatus(created.json.id, created.json.statusKey, ['rejected']);
    expect(rejected.status).toBe('rejected');
    const told = await driver.mailTo(`${unique}@pupr.example.go.id`, /Bukan informasi pembangunan daerah/, seen);
    expect(told).toBeDefined();
  });
});
