/**
 * The esdm-babel press-release SOP end to end on the local cloud, from a template
 * synthesized with that office's configuration: received and registered in the Buku
 * Agenda Press Release, checked and initialled by the coordinator, approved for coverage
 * with the secretary's paraf, put on the website and sent to the media, archived with
 * classification and archive number. Then a release the secretary does not approve.
 */
import { existsSync } from 'node:fs';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_CDK_ENV, runTool, synthIsStale } from '../../infra/local-cloud/build.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver, until } from './driver.js';

/** A second assembly beside cdk.out, synthesized with the esdm-babel configuration. */
const CDK_OUT = join(REPO_ROOT, 'cdk.out.esdm-babel');

let cloud: TestCloud;
let driver: Driver;
const seen = new Set<string>();
const unique = `esdm-${Date.now().toString(36)}`;
const sender = `${unique}@dinas.example.go.id`;

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
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
});

/** The sender's phone: the work in progress may use it, the locked archive may not hold it. */
const phone = '+62 717 4240 777';

async function submit(title: string) {
  const created = await driver.api('/api/releases', {
    body: {
      newsType: 'energi',
      title,
      body: 'Sosialisasi keselamatan pertambangan di Pangkalpinang.',
      submitter: { name: 'Bidang Minerba', institution: 'Dinas ESDM', email: sender, phone },
      attachments: [],
    },
  });
  if (created.status !== 202) {
    expect(created.status, created.text).toBe(201);
    return { ...(created.json as { id: string; agendaNumber: string; statusKey: string }), confirmed: false };
  }
  // The sender's first submission waits for the link mailed to them.
  const confirmed = await driver.confirmFromMail(sender, seen);
  expect(confirmed.status, confirmed.text).toBe(200);
  return {
    id: created.json.id as string,
    statusKey: created.json.statusKey as string,
    agendaNumber: confirmed.json.agendaNumber as string,
    confirmed: true,
  };
}

/** The paraf code in the newest code mail to `to` about this release, from the local SES mailbox. */
async function mailedCode(to: string, agendaNumber: string): Promise<string> {
  const mail = await driver.mailTo(to, new RegExp(`^Kode paraf \\d{6} — ${Driver.about(agendaNumber).source}`), seen);
  seen.add(mail.messageId);
  return /Kode paraf (\d{6})/.exec(mail.subject)![1]!;
}

describe('a press release through the esdm-babel SOP', () => {
  it('is registered, initialled by the coordinator, approved by the secretary, published and archived', async () => {
    const release = await submit(`Sosialisasi ${unique}`);
    expect(release.confirmed).toBe(true);
    expect(release.agendaNumber).toMatch(/^\d{3}\/PR\/ESDM-BABEL\/\d{4}$/);

    const review = await driver.act('koordinator@', release.agendaNumber, { action: 'approve', note: 'Layak.' }, seen);
    expect(review.shown.actions.map((a: { action: string }) => a.action).sort()).toEqual(['approve', 'reject']);
    // The secretary's stage asks for a paraf code (stageSettings.approve.parafCode): the link alone cannot act.
    const mail = await driver.mailTo('sekretaris@', Driver.about(release.agendaNumber), seen);
    seen.add(mail.messageId);
    const link = driver.linkOf(mail);
    const shown = await driver.api(`/api/tasks/${link}`);
    expect(shown.json.parafCode).toBe(true);
    const withoutCode = await driver.api(`/api/tasks/${link}`, { body: { action: 'approve', note: 'Setuju diliput.' } });
    expect(withoutCode.status, withoutCode.text).toBe(403);
    expect(withoutCode.json.error.message).toContain('kode paraf');
    const asked = await driver.api(`/api/tasks/${link}/code`, { body: {} });
    const askedAgain = await driver.api(`/api/tasks/${link}/code`, { body: {} });
    expect([asked.status, askedAgain.status]).toEqual([202, 202]);
    expect(askedAgain.json.validUntil).toBe(asked.json.validUntil);
    const code = await mailedCode('sekretaris@', release.agendaNumber);
    expect((await driver.mails()).filter((m) => /^Kode paraf/.test(m.subject) && m.subject.includes(release.agendaNumber))).toHaveLength(1);
    const wrong = await driver.api(`/api/tasks/${link}`, {
      body: { action: 'approve', parafCode: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.message).toContain('Sisa percobaan: 4');
    const approved = await driver.api(`/api/tasks/${link}`, { body: { action: 'approve', note: 'Setuju diliput.', parafCode: code } });
    expect(approved.status, approved.text).toBe(200);

    const done = await driver.untilStatus(release.id, release.statusKey, ['completed']);
    expect(done.status).toBe('completed');
    // The SOP has no notify step, yet the sender hears of the publication, as the receipt promised.
    const receipt = await driver.mailTo(sender, new RegExp(`Diterima: Sosialisasi ${unique}`));
    expect(receipt.body.text).toMatch(
      /Bila diterbitkan: email dengan tautan ke halaman berita\nBila ditolak: email dengan alasan penolakan/,
    );
    const published = await driver.mailTo(sender, /\/berita\//);
    expect(published.body.text).toContain(`Sosialisasi ${unique}`);
    expect((done.senderMails as { kind: string; sentAt: string | null }[]).map((m) => [m.kind, m.sentAt !== null])).toEqual([
      ['receipt', true],
      ['published', true],
      ['rejected', false],
    ]);
    const mails = await driver.mails();
    for (const outlet of ['bangka-pos', 'babel-online', 'tvri-babel', 'rri-sungailiat']) {
      const domain = {
        'bangka-pos': 'bangkapos',
        'babel-online': 'babelonline',
        'tvri-babel': 'tvri-babel',
        'rri-sungailiat': 'rri-sungailiat',
      }[outlet];
      expect(
        mails.filter((m) => m.destination.to.some((t) => t.includes(`@${domain}.example.com`)) && m.subject.includes(unique)),
        outlet,
      ).toHaveLength(1);
    }

    const steps = await driver.api(`/api/audit/releases/${release.id}/steps?format=json`, { headers: cloud.auditHeaders() });
    expect(steps.status, steps.text).toBe(200);
    const rows = steps.json.rows as { stageId: string; action: string; paraf: string; textSha256: string; actor: { role: string } }[];
    expect(rows.map((r) => `${r.stageId}:${r.action}`)).toEqual([
      'register:register',
      'review:approve',
      'approve:approve',
      'publish:publish',
      'archive:archive',
    ]);
    expect(rows[1]).toMatchObject({ actor: { role: 'koordinator' } });
    expect(rows[2]).toMatchObject({ actor: { role: 'sekretaris' } });
    // Both paraf records name their person and hash the same text: the submission, as no officer edits it here.
    expect(rows[1]!.paraf).toContain('(koordinator)');
    expect(rows[2]!.paraf).toContain('(sekretaris)');
    expect(rows[1]!.textSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[2]!.textSha256).toBe(rows[1]!.textSha256);

    const agenda = await driver.api(
      `/api/audit/agenda?from=${new Date().toISOString().slice(0, 10)}&to=${new Date().toISOString().slice(0, 10)}&format=json`,
      { headers: cloud.auditHeaders() },
    );
    const entry = (agenda.json.rows as { agendaNumber: string; archiveNumber: string; classification: string }[]).find(
      (r) => r.agendaNumber === release.agendaNumber,
    )!;
    expect(entry.classification).toBe('400.14.9');
    expect(entry.archiveNumber).toMatch(/^400\.14\.9\/\d{3}\/ESDM-BABEL\/\d{4}$/);

    // The locked archive: the record and the execution history carry no phone, IP or user agent.
    const s3 = new S3Client({
      endpoint: cloud.endpoints.s3,
      forcePathStyle: true,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const bucket = cloud.model.functions.map((f) => f.environment.ARCHIVE_BUCKET).find(Boolean)!;
    const text = async (key: string) => await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    const history = await until('history snapshot', async () => {
      const h = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `history/${release.id}` }));
      return h.Contents?.length ? h.Contents[0]!.Key : undefined;
    });
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'releases/' }));
    const recordKey = (listed.Contents ?? []).map((o) => o.Key!).find((k) => k.includes(release.id) && k.endsWith('record.json'))!;
    const record = await text(recordKey);
    expect(record).toContain('Bidang Minerba');
    for (const archived of [record, await text(history)]) {
      expect(archived).not.toContain(phone);
      expect(archived).not.toMatch(/(phone|clientIp|userAgent)\\?"\s*:/);
    }
    s3.destroy();
  });

  it('tells the sender when the secretary does not approve it for coverage', async () => {
    const release = await submit(`Tidak disetujui ${unique}`);
    await driver.act('koordinator@', release.agendaNumber, { action: 'approve' }, seen);
    const mail = await driver.mailTo('sekretaris@', Driver.about(release.agendaNumber), seen);
    seen.add(mail.messageId);
    const link = driver.linkOf(mail);
    const refused = await driver.api(`/api/tasks/${link}`, { body: { action: 'reject', reason: 'Bukan kewenangan dinas.' } });
    expect(refused.status).toBe(403);
    expect((await driver.api(`/api/tasks/${link}/code`, { body: {} })).status).toBe(202);
    const rejected0 = await driver.api(`/api/tasks/${link}`, {
      body: { action: 'reject', reason: 'Bukan kewenangan dinas.', parafCode: await mailedCode('sekretaris@', release.agendaNumber) },
    });
    expect(rejected0.status, rejected0.text).toBe(200);

    const rejected = await driver.untilStatus(release.id, release.statusKey, ['rejected']);
    expect(rejected.status).toBe('rejected');
    const told = await driver.mailTo(sender, /Bukan kewenangan dinas/, seen);
    expect(told.subject).toBeTruthy();
    const status = await until('the rejection mail on the status page', async () => {
      const r = await driver.release(release.id, release.statusKey);
      return (r.json.senderMails as { kind: string; sentAt: string | null }[]).some((m) => m.kind === 'rejected' && m.sentAt)
        ? r.json
        : undefined;
    });
    expect((status.senderMails as { kind: string; sentAt: string | null }[]).map((m) => [m.kind, m.sentAt !== null])).toEqual([
      ['receipt', true],
      ['published', false],
      ['rejected', true],
    ]);
  });
});
