/**
 * Archive and report against real dynalite and s3rver: the PDF, media and record land
 * once under the release's folder with the next archive number, the agenda book says
 * where it lies, a re-run claims no second number and writes no second object; the
 * report stage writes one activity record.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../functions/domain/keys.js';
import { type OutputStores, startOutputStores } from './harness.js';
import { pdfShownText } from './pdf-text.js';
import { seedRelease } from './seed.js';

let stores: OutputStores;
let archive: (input: unknown) => Promise<{ archiveNumber: string; classification: string; folder: string }>;
let report: (input: unknown) => Promise<{ month: string; steps: number }>;
let getRelease: typeof import('../../../functions/adapters/release-store.js').getRelease;
let s3: S3Client;
let ddb: DynamoDBDocumentClient;

beforeAll(async () => {
  stores = await startOutputStores();
  archive = (await import('../../../functions/handlers/archive.js')).handler;
  report = (await import('../../../functions/handlers/report.js')).handler;
  ({ getRelease } = await import('../../../functions/adapters/release-store.js'));
  s3 = new S3Client({ forcePathStyle: true });
  ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
});

afterAll(async () => {
  s3?.destroy();
  ddb?.destroy();
  await stores?.stop();
});

async function archiveBytes(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: stores.buckets.archive, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

async function archiveListing(prefix: string) {
  const objects = await s3.send(new ListObjectsV2Command({ Bucket: stores.buckets.archive, Prefix: prefix }));
  return (objects.Contents ?? []).map((o) => ({ key: o.Key!, modified: o.LastModified?.toISOString(), etag: o.ETag }));
}

describe('archive', () => {
  it('writes PDF, media and record once with the next archive number; a re-run changes nothing', async () => {
    // Prepare
    const release = await seedRelease(stores);
    const payload = { releaseId: release.id, stageId: 'archive', enteredAt: new Date().toISOString() };
    // Act
    const first = await archive(payload);
    const listingAfterFirst = await archiveListing(first.folder);
    const second = await archive(payload);
    // Assert: the number and where it lies
    expect(first.classification).toBe('400.14.9');
    expect(first.archiveNumber).toMatch(/^400\.14\.9\/\d{3}\/DKIP-MU\/\d{4}$/);
    expect(second.archiveNumber).toBe(first.archiveNumber);
    expect(first.folder).toBe(`releases/2026/${release.agendaSeq}-${release.id}/`);
    // the objects
    expect(listingAfterFirst.map((o) => o.key).sort()).toEqual(
      [
        `${first.folder}media/foto-jembatan-1.png`,
        `${first.folder}media/surat-permintaan.pdf`,
        `${first.folder}media/video-peresmian.mp4`,
        `${first.folder}record.json`,
        `${first.folder}release.pdf`,
      ].sort(),
    );
    expect(await archiveListing(first.folder)).toEqual(listingAfterFirst);
    const pdf = await archiveBytes(`${first.folder}release.pdf`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfShownText(pdf).replace(/\s+/g, '')).toContain(first.archiveNumber);
    expect(pdfShownText(pdf)).toContain('72f785b87ff911e748a8e025372efb4e998c9b86efce6df0f484a1a2d05f113c');
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const record = JSON.parse((await archiveBytes(`${first.folder}record.json`)).toString('utf8'));
    expect(record.release.archive.archiveNumber).toBe(first.archiveNumber);
    // the books
    const stored = await getRelease(release.id);
    expect(stored.status).toBe('archived');
    expect(stored.archive?.pdfKey).toBe(`${first.folder}release.pdf`);
    const agenda = await ddb.send(
      new GetCommand({ TableName: stores.table, Key: keys.agendaEntry(release.agendaYear, release.agendaSeq) }),
    );
    expect(agenda.Item?.archiveNumber).toBe(first.archiveNumber);
    expect(agenda.Item?.archiveFolder).toBe(first.folder);
    const year = first.archiveNumber.split('/').at(-1);
    const claims = await ddb.send(
      new QueryCommand({
        TableName: stores.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `ARCHIVE#${year}` },
      }),
    );
    expect((claims.Items ?? []).filter((i) => i.releaseId === release.id)).toHaveLength(1);
  });

  it('writes no phone, IP or user agent into the locked archive; the submitter and the approvers stay named', async () => {
    // Prepare: a submitter's phone, an approver's IP and user agent on the release and in its event log
    const base = await seedRelease(stores);
    const phone = '+62 812 7777 0420';
    const clientIp = '203.0.113.77';
    const userAgent = 'Mozilla/5.0 (Linux; Android 14; SM-A155F) PrivacyProbe/9.9';
    const release = await seedRelease(stores, {
      submission: { ...base.submission, submitter: { ...base.submission.submitter, phone } },
      decisions: base.decisions.map((d) => ({ ...d, clientIp, userAgent })),
    });
    const { appendEvent } = await import('../../../functions/adapters/release-store.js');
    await appendEvent(release.id, {
      type: 'decision',
      stageId: 'dispose',
      actorId: 'kabid-piks',
      data: { round: 1, action: 'dispose', clientIp, userAgent },
      key: 'decision#privacy',
    });
    // Act
    const { folder } = await archive({ releaseId: release.id, stageId: 'archive' });
    // Assert
    const recordText = (await archiveBytes(`${folder}record.json`)).toString('utf8');
    const pdfText = pdfShownText(await archiveBytes(`${folder}release.pdf`));
    for (const text of [recordText, pdfText]) {
      expect(text).not.toContain(phone);
      expect(text).not.toContain(clientIp);
      expect(text).not.toContain('PrivacyProbe');
    }
    expect(recordText).not.toMatch(/"(phone|clientIp|userAgent)"/);
    const record = JSON.parse(recordText);
    expect(record.release.submission.submitter).toMatchObject({
      name: base.submission.submitter.name,
      institution: base.submission.submitter.institution,
    });
    expect(record.release.decisions[0].actor.name).toBe(base.decisions[0]!.actor.name);
    const decision = record.events.find((e: { type: string }) => e.type === 'decision');
    expect(decision.redacted).toEqual(['data.clientIp', 'data.userAgent']);
    expect(pdfText).toContain('Dinas PUPR');
    // and the live record still has them, for the work in progress
    const stored = await getRelease(release.id);
    expect(stored.submission.submitter.phone).toBe(phone);
    expect(stored.decisions[0]?.clientIp).toBe(clientIp);
  });

  it("shows an approval's in-place correction in the archived PDF, and none for a release approved as sent", async () => {
    // Prepare
    const base = await seedRelease(stores);
    const correction = { before: { lead: 'Gubernur meresmikan jembatan.' }, after: { lead: 'Gubernur Malut meresmikan jembatan.' } };
    const corrected = await seedRelease(stores, {
      decisions: base.decisions.map((d) => (d.action === 'approve' ? { ...d, details: { correction } } : d)),
    });
    // Act
    const plain = await archive({ releaseId: base.id, stageId: 'archive' });
    const fixed = await archive({ releaseId: corrected.id, stageId: 'archive' });
    // Assert
    const fixedText = pdfShownText(await archiveBytes(`${fixed.folder}release.pdf`)).replace(/\s+/g, '');
    expect(fixedText).toContain('Koreksi/Correction:teras/lead:Gubernur{+Malut+}meresmikanjembatan.');
    expect(pdfShownText(await archiveBytes(`${plain.folder}release.pdf`))).not.toContain('Koreksi');
  });

  it('gives two releases consecutive archive numbers', async () => {
    const [a, b] = [await seedRelease(stores), await seedRelease(stores)];
    const ra = await archive({ releaseId: a.id, stageId: 'archive' });
    const rb = await archive({ releaseId: b.id, stageId: 'archive' });
    const seq = (n: string) => Number(n.split('/')[1]);
    expect(seq(rb.archiveNumber)).toBe(seq(ra.archiveNumber) + 1);
  });
});

describe('report', () => {
  it('writes one activity record with stage times and marks the release completed', async () => {
    // Prepare
    const release = await seedRelease(stores, {
      publication: {
        slug: 's',
        url: 'u',
        publishedAt: new Date().toISOString(),
        outletsSent: ['malut-post', 'tvri-malut'],
        outletsSkipped: [],
      },
    });
    const enteredAt = new Date().toISOString();
    // Act
    const first = await report({ releaseId: release.id, stageId: 'report', enteredAt });
    await report({ releaseId: release.id, stageId: 'report', enteredAt });
    // Assert
    const items = await ddb.send(
      new QueryCommand({
        TableName: stores.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `REPORT#${first.month}` },
      }),
    );
    const mine = (items.Items ?? []).filter((i) => i.releaseId === release.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.outletsByType).toEqual({ online: 0, print: 1, tv: 1, radio: 0 });
    expect(mine[0]?.steps.map((s: { stageId: string }) => s.stageId)).toEqual(
      expect.arrayContaining(['dispose', 'accept', 'edit', 'review', 'report']),
    );
    expect((await getRelease(release.id)).status).toBe('completed');
  });
});
