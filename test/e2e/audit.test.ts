/**
 * Auditors on the local cloud: two releases run through the dkip-malut SOP (one returned
 * for revision then published, one rejected); their exported step histories, the agenda
 * book and the periodic report are checked against what the people did, and a changed
 * archived history or event log is caught.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCsv } from '../support/csv-footer.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/cloud.js';
import { Driver, until } from './driver.js';

let cloud: TestCloud;
let driver: Driver;
const seen = new Set<string>();
const unique = `audit-${Date.now().toString(36)}`;
const today = new Date().toISOString().slice(0, 10);
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
let published: { id: string; agendaNumber: string };
let rejected: { id: string; agendaNumber: string };

const env = (name: string) => cloud.model.functions.map((f) => f.environment[name]).find(Boolean)!;

async function submit(title: string) {
  const created = await driver.api('/api/releases', {
    body: {
      newsType: 'kegiatan',
      title,
      body: 'Data kegiatan.',
      submitter: { name: 'Siti', institution: 'Bappeda', email: `${unique}@bappeda.example.go.id` },
      attachments: [],
    },
  });
  if (created.status === 202) {
    // The address's first submission: received once the sender confirms from the mail.
    const confirmed = await driver.confirmFromMail(`${unique}@bappeda.example.go.id`);
    expect(confirmed.status, confirmed.text).toBe(200);
    return {
      id: created.json.id as string,
      statusKey: created.json.statusKey as string,
      agendaNumber: confirmed.json.agendaNumber as string,
    };
  }
  expect(created.status, created.text).toBe(201);
  return created.json as { id: string; agendaNumber: string; statusKey: string };
}

beforeAll(async () => {
  cloud = await startTestCloud();
  driver = new Driver(cloud.endpoints);
  const a = await submit(`Rilis A ${unique}`);
  await driver.act(
    'kabid.piks@',
    a.agendaNumber,
    { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Proses.', urgency: 'biasa' },
    seen,
  );
  await driver.act('kasi.piks@', a.agendaNumber, { action: 'accept', officer: 'petugas-2' }, seen);
  await driver.act(
    'budi@',
    a.agendaNumber,
    { action: 'submit', title: `Rilis A ${unique}`, body: 'Draf satu.', quotes: [], photos: [] },
    seen,
  );
  await driver.act('kasi.piks@', a.agendaNumber, { action: 'revise', note: 'Perbaiki judul.' }, seen);
  await driver.act(
    'budi@',
    a.agendaNumber,
    { action: 'submit', title: `Rilis A ${unique}`, body: 'Draf dua.', quotes: [], photos: [] },
    seen,
  );
  await driver.act('kasi.piks@', a.agendaNumber, { action: 'approve' }, seen);
  await driver.untilStatus(a.id, a.statusKey, ['completed']);

  const b = await submit(`Rilis B ${unique}`);
  await driver.act(
    'kabid.piks@',
    b.agendaNumber,
    { action: 'dispose', assignees: ['kasi-humas'], arahan: 'Periksa.', urgency: 'segera' },
    seen,
  );
  await driver.act('kasi.humas@', b.agendaNumber, { action: 'accept', officer: 'petugas-1' }, seen);
  await driver.act('sari@', b.agendaNumber, { action: 'submit', title: `Rilis B ${unique}`, body: 'Draf.', quotes: [], photos: [] }, seen);
  await driver.act('kasi.humas@', b.agendaNumber, { action: 'reject', reason: 'Sudah pernah dimuat.' }, seen);
  await driver.untilStatus(b.id, b.statusKey, ['rejected']);
  published = a;
  rejected = b;
  // The history snapshot is written when each execution ends.
  const s3 = new S3Client({ endpoint: cloud.endpoints.s3, forcePathStyle: true, region: 'ap-southeast-3', credentials });
  for (const id of [a.id, b.id]) {
    await until(`history snapshot of ${id}`, async () => {
      try {
        await s3.send(new GetObjectCommand({ Bucket: env('ARCHIVE_BUCKET'), Key: `history/${id}.json` }));
        return true;
      } catch {
        return undefined;
      }
    });
  }
}, 300_000);

afterAll(async () => {
  await cloud?.stop();
});

const audit = (path: string) => driver.api(`/api/audit/${path}`, { headers: cloud.auditHeaders() });

describe('exported step histories', () => {
  it('refuse anyone without the auditor key', async () => {
    const res = await driver.api(`/api/audit/releases/${published.id}/steps`);
    expect([401, 403]).toContain(res.status);
  });

  it('give one row per step, in order, with who acted, the note, the paraf and the round', async () => {
    const res = await audit(`releases/${published.id}/steps?format=json`);

    expect(res.status, res.text).toBe(200);
    const rows = res.json.rows as {
      stageId: string;
      round: number;
      action: string;
      actor: { name: string; role: string };
      note: string;
      paraf: string;
      textSha256: string;
      mutuBakuMinutes: number;
      withinStandard: boolean;
    }[];
    expect(rows.map((r) => `${r.stageId}:${r.round}:${r.action}`)).toEqual([
      'register:1:register',
      'dispose:1:dispose',
      'accept:1:accept',
      'edit:1:submit',
      'review:1:revise',
      'edit:2:submit',
      'review:2:approve',
      'publish:1:publish',
      'notify:1:notify',
      'archive:1:archive',
      'report:1:report',
    ]);
    expect(rows[1]!.actor).toMatchObject({ name: 'Rahmat Hidayat', role: 'kabid' });
    expect(rows[4]!.note).toBe('Perbaiki judul.');
    expect(rows[6]).toMatchObject({ actor: { name: 'Nurul Fitriani' } });
    // The paraf is the record the server made: the person, role, round and the hash of the text approved.
    expect(rows[6]!.paraf).toMatch(/^Nurul Fitriani, Kepala Seksi PIKS \(kasi\), .*, putaran\/round 2, SHA-256 [0-9a-f]{64}$/);
    expect(rows[6]!.paraf).toContain(rows[6]!.textSha256);
    expect(rows[5]!.actor.name).toBe('Budi Santoso');
    expect(rows.every((r) => r.withinStandard)).toBe(true);
    expect(res.json.executions).toHaveLength(1);
    expect(res.json.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('export a period as CSV whose checksum holds, with the rejection in it', async () => {
    const res = await audit(`steps?from=${today}&to=${today}&format=csv`);

    expect(res.status, res.text).toBe(200);
    expect(verifyCsv(res.text)).toBe(true);
    // fetch's text() drops the byte-order mark; the bytes on the wire carry it for Excel.
    const raw = new Uint8Array(
      await (
        await fetch(`${cloud.endpoints.api}/api/audit/steps?from=${today}&to=${today}`, { headers: cloud.auditHeaders() })
      ).arrayBuffer(),
    );
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(res.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
    const ofB = records.filter((r) => r[0] === rejected.agendaNumber);
    expect(ofB.map((r) => r[8])).toEqual(['register', 'dispose', 'accept', 'submit', 'reject', 'notify-rejection']);
    expect(ofB[4]![9]).toBe('Sudah pernah dimuat.');
    expect(records.some((r) => r[0] === published.agendaNumber)).toBe(true);
  });
});

describe('the agenda book and the periodic report', () => {
  it('list both releases in agenda order, the published one with its archive number', async () => {
    const res = await audit(`agenda?from=${today}&to=${today}&format=json`);

    expect(res.status, res.text).toBe(200);
    const ours = (res.json.rows as { agendaNumber: string; status: string; archiveNumber: string; classification: string }[]).filter((r) =>
      [published.agendaNumber, rejected.agendaNumber].includes(r.agendaNumber),
    );
    expect(ours.map((r) => r.status)).toEqual(['completed', 'rejected']);
    expect(ours[0]!.archiveNumber).toMatch(/^400\.14\.4\.3\/\d{3}\/DKIP-MU\/\d{4}$/);
    expect(ours[1]!.archiveNumber).toBe('');
  });

  it('counts what was received, published and rejected this month', async () => {
    const res = await audit(`report?period=${today.slice(0, 7)}&format=json`);

    expect(res.status, res.text).toBe(200);
    expect(res.json.received).toBeGreaterThanOrEqual(2);
    expect(res.json.rejected).toBeGreaterThanOrEqual(1);
    expect(res.json.outletsByType).toMatchObject({
      print: expect.any(Number),
      online: expect.any(Number),
      tv: expect.any(Number),
      radio: expect.any(Number),
    });
    expect(res.json.publications.some((p: { agendaNumber: string }) => p.agendaNumber === published.agendaNumber)).toBe(true);
  });
});

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/tools/audit.ts'), ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('the periodic report to the auditors', () => {
  it('is mailed on demand for a period, as HTML with the PDF attached, once', async () => {
    const fn = cloud.model.functions.find((f) => f.logicalId.startsWith('PeriodicReport'))!;
    const period = today.slice(0, 7);

    const first = await cloud.invoker.invoke(fn.arn, { period });
    const second = await cloud.invoker.invoke(fn.arn, { period });

    expect(first.ok, JSON.stringify(first)).toBe(true);
    expect(second.ok).toBe(true);
    const mails = (await driver.mails()).filter(
      (m) => m.destination.to.some((t) => t.includes('audit@inspektorat.example.go.id')) && m.subject.includes(period),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.body.html).toContain(published.agendaNumber);
    expect(mails[0]!.attachments.map((a) => a.filename)).toEqual([`laporan-${period}.pdf`]);
  });

  it('is also sent by the monthly schedule, for the month just ended', async () => {
    const rule = cloud.model.rules.find((r) => r.scheduleExpression?.startsWith('cron('))!;
    const before = (await driver.mails()).length;

    await cloud.events.fireSchedule(rule.logicalId);

    const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const mail = await until('the scheduled report', async () =>
      (await driver.mails()).slice(before).find((m) => m.subject.includes(lastMonth)),
    );
    expect(mail.destination.to.join()).toContain('audit@inspektorat.example.go.id');
  });
});

describe('the audit CLI', () => {
  it('exports a period to a file and to the archive bucket, with progress and the checksum', async () => {
    const out = join(cloud.dataDir, 'export.csv');

    // Asynchronously: the local cloud the CLI talks to runs in this very process.
    const run = await cli([
      'export',
      '--from',
      today,
      '--to',
      today,
      '--format',
      'csv',
      '--out',
      out,
      '--endpoints',
      join(cloud.dataDir, 'endpoints.json'),
    ]);

    expect(run.status, run.stderr).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(verifyCsv(csv)).toBe(true);
    expect(csv).toContain(published.agendaNumber);
    expect(run.stderr).toMatch(/rilis \/ releases \(100\.0%\)/);
    expect(run.stderr).toMatch(/s3:\/\/\S+\/exports\/\S+\.csv/);
  });

  it('exports with --aws, its credentials from a profile in the shared credentials file', async () => {
    // Prepare: the deployed stack's names, and endpoints that lead to the local cloud. The
    // local S3 knows only its own access key, so the export lands only if the CLI used the profile.
    const endpoints = JSON.parse(readFileSync(join(cloud.dataDir, 'endpoints.json'), 'utf8')) as {
      dynamodb: string;
      s3: string;
      stepfunctions: string;
      ses: string;
      resources: Record<string, string>;
    };
    const credentialsFile = join(cloud.dataDir, 'aws-credentials');
    writeFileSync(credentialsFile, '[warta-audit]\naws_access_key_id = S3RVER\naws_secret_access_key = S3RVER\n');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_PROFILE: 'warta-audit',
      AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
      AWS_CONFIG_FILE: join(cloud.dataDir, 'no-aws-config'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
      AWS_S3_FORCE_PATH_STYLE: 'true',
    };
    for (const key of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION'])
      delete env[key];
    const out = join(cloud.dataDir, 'export-aws.csv');
    const { TABLE_NAME, ARCHIVE_BUCKET, STATE_MACHINE_ARN } = endpoints.resources;
    // Act
    const run = await cli(
      [
        'export',
        '--aws',
        '--table',
        TABLE_NAME!,
        '--archive-bucket',
        ARCHIVE_BUCKET!,
        '--state-machine',
        STATE_MACHINE_ARN!,
        '--from',
        today,
        '--to',
        today,
        '--format',
        'csv',
        '--out',
        out,
      ],
      env,
    );
    // Assert
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain(published.agendaNumber);
    expect(run.stderr).toMatch(/s3:\/\/\S+\/exports\/\S+\.csv/);
  });

  it('refuses a command it does not know, saying how it is used', async () => {
    const run = await cli(['exprot']);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown command "exprot"[\s\S]*usage: npm run audit/);
  });
});

describe('the daily history catch-up', () => {
  it('archives a history the finished-execution event missed, once, and leaves the others and the recent ones alone', async () => {
    // Prepare: the state three failed attempts of the event's invocation leave: no copy.
    const s3 = new S3Client({ endpoint: cloud.endpoints.s3, forcePathStyle: true, region: 'ap-southeast-3', credentials });
    const bucket = env('ARCHIVE_BUCKET');
    const key = `history/${published.id}.json`;
    const original = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const fn = cloud.model.functions.find((f) => f.logicalId.startsWith('HistorySnapshot'))!;
    const catchUp = async (hoursFromNow: number) => {
      const result = await cloud.invoker.invoke(fn.arn, {
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        time: new Date(Date.now() + hoursFromNow * 3_600_000).toISOString(),
        detail: {},
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
      return (result as { payload: { checked: number; archived: string[] } }).payload;
    };

    // Act
    const tooSoon = await catchUp(0); // both ended minutes ago: left to the event
    const next = await catchUp(2);
    const again = await catchUp(2);

    // Assert
    expect(tooSoon).toEqual({ checked: 0, archived: [] });
    expect(next).toEqual({ checked: 2, archived: [published.id] });
    expect(again).toEqual({ checked: 2, archived: [] });
    const restored = JSON.parse(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString());
    expect(restored.sha256).toBe(original.sha256);
    expect(restored.eventCount).toBe(original.eventCount);
    expect(restored.status).toBe('SUCCEEDED');
  });
});

describe('tampering', () => {
  it('shows an archived history that was changed after it was copied', async () => {
    const s3 = new S3Client({ endpoint: cloud.endpoints.s3, forcePathStyle: true, region: 'ap-southeast-3', credentials });
    const key = `history/${rejected.id}.json`;
    const object = await s3.send(new GetObjectCommand({ Bucket: env('ARCHIVE_BUCKET'), Key: key }));
    const snapshot = JSON.parse(await object.Body!.transformToString());
    snapshot.events.splice(5, 1); // a step removed
    snapshot.eventCount = snapshot.events.length;
    await s3.send(new PutObjectCommand({ Bucket: env('ARCHIVE_BUCKET'), Key: key, Body: JSON.stringify(snapshot) }));

    const res = await audit(`releases/${rejected.id}/steps?format=json`);

    expect(res.status).toBe(200);
    expect(res.headers.get('x-warta-problems')).toBe('1');
    expect(res.json.problems[0].problem).toMatch(/TamperedSnapshot/);
  });

  it('shows an event of the release log that was edited', async () => {
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: 'ap-southeast-3', credentials }),
    );
    const table = env('TABLE_NAME');
    const events = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :e)',
        ExpressionAttributeValues: { ':p': `RELEASE#${published.id}`, ':e': 'EVENT#' },
      }),
    );
    const victim = events.Items![2]!;
    await ddb.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: victim.pk, sk: victim.sk },
        UpdateExpression: 'SET #at = :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': '2020-01-01T00:00:00.000Z' },
      }),
    );

    const res = await audit(`releases/${published.id}/steps?format=json`);

    expect(res.json.problems[0].problem).toMatch(/event chain broken at #3/);
  });
});

// Last in this file: it voids the rejected release's number, which the counts above include.
describe('a voided agenda number (batal)', () => {
  const agendaCli = (args: string[]): Promise<{ status: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'infra/tools/agenda.ts'), ...args], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('is voided by an officer through the IAM route, again from the command line to no effect, and shown BATAL in the exports', async () => {
    // Prepare
    const body = { agendaNumber: rejected.agendaNumber, reason: 'Kiriman ganda, sudah dimuat sebelumnya.' };

    // Act
    const anonymous = await driver.api('/api/agenda/void', { body });
    const voided = await driver.api('/api/agenda/void', { body, headers: cloud.auditHeaders() });
    const again = await agendaCli([
      'void',
      rejected.agendaNumber,
      '--reason',
      'Alasan lain.',
      '--endpoints',
      join(cloud.dataDir, 'endpoints.json'),
    ]);
    const book = await audit(`agenda?from=${today}&to=${today}&format=csv`);
    const report = await audit(`report?period=${today.slice(0, 7)}&format=json`);
    const publishedVoid = await driver.api('/api/agenda/void', {
      body: { agendaNumber: published.agendaNumber, reason: 'Salah nomor.' },
      headers: cloud.auditHeaders(),
    });

    // Assert
    expect(anonymous.status).toBe(403);
    expect(voided.status, voided.text).toBe(200);
    expect(voided.json).toMatchObject({
      releaseId: rejected.id,
      alreadyVoided: false,
      voided: { by: expect.stringMatching(/^arn:aws:iam::\d{12}:user\//), reason: body.reason },
    });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('sudah batal');
    const rows: string[][] = parse(book.text.replace(/^\uFEFF/, ''), { relax_column_count: true });
    const entry = rows.find((r) => r[0] === rejected.agendaNumber)!;
    expect(entry[rows[0]!.indexOf('Batal / Voided')]).toBe('BATAL');
    expect(entry[rows[0]!.indexOf('Alasan batal / Void reason')]).toBe(body.reason);
    expect(report.json.voidedNumbers).toEqual(
      expect.arrayContaining([expect.objectContaining({ agendaNumber: rejected.agendaNumber, reason: body.reason })]),
    );
    expect(publishedVoid.status).toBe(409);
    expect(publishedVoid.json.error.message).toContain('sudah diterbitkan');
  });
});
