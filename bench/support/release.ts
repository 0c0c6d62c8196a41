/**
 * One dkip-malut release driven the way its people do it (test/e2e/driver.ts): submitted
 * over the API, then disposed, accepted, written up and approved from the links in the
 * mailbox, until its status page says completed. Also the outlets a benchmark adds to
 * the media list, as run-time directory edits (the product's own way to add outlets),
 * so no second synth is needed for a longer list.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Driver } from '../../test/e2e/driver.js';
import type { BenchCloud } from './cloud.js';

export const OUTLET_DOMAIN = 'outlet.bench.example.com';
/** Outlets the dkip-malut sample configuration lists already. */
export const CONFIGURED_OUTLETS = 4;

export function submission(tag: string, seq: number, attachments: string[] = []) {
  return {
    newsType: 'pembangunan',
    title: `Peresmian Jembatan ${tag} ${seq}`,
    body: 'Pemerintah Provinsi Maluku Utara meresmikan jembatan Sofifi yang menghubungkan dua kecamatan.',
    eventDate: '2026-11-20',
    eventPlace: 'Sofifi',
    submitter: { name: 'Ahmad Pengirim', institution: 'Dinas PUPR', email: `${tag}-${seq}@pupr.example.go.id`, phone: '+62 812 0000 0000' },
    letter: { number: `005/PUPR/XI/${seq}`, date: '2026-11-19' },
    attachments,
  };
}

/** Adds outlets until the media list has `total` of them. */
export async function extendMediaList(cloud: BenchCloud, total: number): Promise<number> {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: cloud.sdkEnv.AWS_REGION ?? 'ap-southeast-3',
      credentials: { accessKeyId: cloud.sdkEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: cloud.sdkEnv.AWS_SECRET_ACCESS_KEY! },
    }),
  );
  const types = ['online', 'print', 'tv', 'radio'] as const;
  const items = Array.from({ length: Math.max(0, total - CONFIGURED_OUTLETS) }, (_, i) => ({
    pk: 'DIRECTORY',
    sk: `OUTLET#bench-${i + 1}`,
    id: `bench-${i + 1}`,
    outlet: `Media Uji ${i + 1}`,
    type: types[i % types.length],
    email: `redaksi${i + 1}@${OUTLET_DOMAIN}`,
    locale: 'id',
  }));
  for (let i = 0; i < items.length; i += 25) {
    await doc.send(
      new BatchWriteCommand({
        RequestItems: { [cloud.sdkEnv.TABLE_NAME!]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  doc.destroy();
  return items.length + CONFIGURED_OUTLETS;
}

export interface DrivenRelease {
  id: string;
  statusKey: string;
  agendaNumber: string;
  /** Date.now() when the approval was accepted. */
  approvedAt: number;
}

/** Submits one release and acts on every task until it is approved (not waiting for the end). */
export async function driveToApproval(
  driver: Driver,
  tag: string,
  seq: number,
  seen: Set<string>,
  attachments: string[] = [],
): Promise<DrivenRelease> {
  const created = await driver.api('/api/releases', { body: submission(tag, seq, attachments) });
  let answer = created.json as { id: string; statusKey: string; agendaNumber: string };
  if (created.status === 202) {
    // A new address: the release is received once its sender confirms from the mail.
    const confirmed = await driver.confirmFromMail(submission(tag, seq, attachments).submitter.email, seen);
    if (confirmed.status !== 200) throw new Error(`confirmation refused: ${confirmed.status} ${confirmed.text}`);
    answer = { ...answer, agendaNumber: confirmed.json.agendaNumber as string };
  } else if (created.status !== 201) throw new Error(`submission refused: ${created.status} ${created.text}`);
  const { id, statusKey, agendaNumber } = answer;
  await driver.act(
    'kabid.piks@',
    agendaNumber,
    { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera proses.', urgency: 'segera' },
    seen,
  );
  await driver.act('kasi.piks@', agendaNumber, { action: 'accept', officer: 'petugas-1', note: 'Diterima.' }, seen);
  await driver.act(
    'sari@',
    agendaNumber,
    {
      action: 'submit',
      title: `Jembatan Sofifi ${tag} ${seq}`,
      lead: 'Gubernur meresmikan jembatan.',
      body: 'Isi berita yang telah diolah.',
      quotes: [],
      photos: [],
    },
    seen,
  );
  await driver.act('kasi.piks@', agendaNumber, { action: 'approve', paraf: 'NF', note: 'Layak terbit.' }, seen);
  return { id, statusKey, agendaNumber, approvedAt: Date.now() };
}

export function driverFor(cloud: BenchCloud): Driver {
  return new Driver({ ...cloud.endpoints, mailbox: cloud.endpoints.mailbox });
}
