/**
 * Seeds an approved release for the output-stage tests: the fixture release with a
 * fresh id and agenda number, its attachments as real objects in the uploads bucket,
 * and its agenda book entry.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../functions/domain/keys.js';
import { newUlid } from '../../../functions/domain/ids.js';
import type { Release } from '../../../functions/domain/release.js';
import { fixtureRelease } from './fixtures.js';
import type { OutputStores } from './harness.js';

// A 1×1 PNG: a real picture PDFKit decodes and embeds in the archive PDF.
export const PNG_1PX = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let nextSeq = 100;

export async function seedRelease(stores: OutputStores, patch: Partial<Release> = {}): Promise<Release> {
  const base = fixtureRelease('release-hostile');
  const id = newUlid();
  const seq = nextSeq++;
  const photoId = newUlid();
  const videoId = newUlid();
  const letterId = newUlid();
  const [photo, video, letter] = base.attachments;
  const release: Release = {
    ...base,
    id,
    status: 'in-progress',
    agendaSeq: seq,
    agendaNumber: `${String(seq).padStart(3, '0')}/PUB/DKIP-MU/2026`,
    attachments: [
      {
        ...photo!,
        uploadId: photoId,
        key: `releases/${id}/${photoId}`,
        name: 'foto "jembatan" <1>.png',
        contentType: 'image/png',
        size: PNG_1PX.length,
      },
      { ...video!, uploadId: videoId, key: `releases/${id}/${videoId}`, size: 16 },
      { ...letter!, uploadId: letterId, key: `releases/${id}/${letterId}`, size: 9 },
    ],
    draft: { ...base.draft!, photos: [{ uploadId: photoId, caption: 'Pita <dipotong> & diresmikan' }] },
    ...patch,
  };
  const s3 = new S3Client({ forcePathStyle: true });
  const bodies = [PNG_1PX, Buffer.from('fake mp4 content'), Buffer.from('%PDF-1.4 ')];
  for (const [i, a] of release.attachments.entries()) {
    await s3.send(
      new PutObjectCommand({ Bucket: stores.buckets.uploads, Key: a.key, Body: bodies[i] ?? Buffer.from('x'), ContentType: a.contentType }),
    );
  }
  s3.destroy();

  const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
  await ddb.send(
    new PutCommand({ TableName: stores.table, Item: { ...release, ...keys.release(id), ...keys.releaseByPeriod(release.createdAt, id) } }),
  );
  await ddb.send(
    new PutCommand({
      TableName: stores.table,
      Item: {
        ...keys.agendaEntry(release.agendaYear, seq),
        ...keys.agendaOf(id),
        seq,
        releaseId: id,
        claimedAt: release.createdAt,
        agendaNumber: release.agendaNumber,
      },
    }),
  );
  ddb.destroy();
  return release;
}
