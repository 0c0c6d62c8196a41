/**
 * `npm run bench:audit` — the time to export 10,000 releases' step histories for a period
 * a year back (target under 60 s locally). One real release is run first; its release
 * item, hash-chained event log and archived history snapshot are the shape copied: each
 * of the 10,000 copies gets its own id, agenda number and times spread over the past
 * year, its event chain re-hashed (functions/domain/events.ts) and its snapshot's SHA-256
 * recomputed as functions/adapters/execution-history.ts does, so the export checks them as it
 * would real ones. Seeding is timed and printed apart; only the export is the figure.
 *   BENCH_AUDIT_RELEASES (default 10000)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalJson, eventHash, GENESIS_HASH } from '#domain/events.js';
import { newUlid, sha256Hex } from '#domain/ids.js';
import { keys } from '#domain/keys.js';
import { until } from '../test/e2e/driver.js';
import { startBenchCloud, type BenchCloud } from './support/cloud.js';
import { driverFor, driveToApproval } from './support/release.js';
import { recordResult, runWhenMain, table } from './results.js';

const DAY = 86_400_000;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g;

type Item = Record<string, any>;

export interface Template {
  release: Item;
  events: Item[];
  snapshot: string;
  id: string;
  agendaNumber: string;
  createdAt: number;
}

function clients(cloud: BenchCloud) {
  const credentials = { accessKeyId: cloud.sdkEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: cloud.sdkEnv.AWS_SECRET_ACCESS_KEY! };
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region: 'ap-southeast-3', credentials }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const s3 = new S3Client({ endpoint: cloud.endpoints.s3, region: 'ap-southeast-3', forcePathStyle: true, credentials });
  return { doc, s3, table: cloud.sdkEnv.TABLE_NAME!, bucket: cloud.sdkEnv.ARCHIVE_BUCKET! };
}

/** Runs one real release to its end and reads back what the export will read. */
async function realRelease(cloud: BenchCloud): Promise<Template> {
  const { doc, s3, table: tableName, bucket } = clients(cloud);
  const driver = driverFor(cloud);
  const { id, statusKey, agendaNumber } = await driveToApproval(driver, `audit-${Date.now().toString(36)}`, 1, new Set());
  await driver.untilStatus(id, statusKey, ['completed']);
  const snapshot = await until(
    'the history snapshot',
    async () => {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `history/${id}.json` }));
        return await out.Body!.transformToString('utf8');
      } catch {
        return undefined;
      }
    },
    60_000,
  );
  const release = (await doc.send(new GetCommand({ TableName: tableName, Key: keys.release(id), ConsistentRead: true }))).Item!;
  const events =
    (
      await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :e)',
          ExpressionAttributeValues: { ':pk': keys.release(id).pk, ':e': 'EVENT#' },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  return { release, events, snapshot, id, agendaNumber, createdAt: Date.parse(release.createdAt) };
}

/** One copy of the real release, `createdAt` moved to `at`, ids and agenda number its own. */
export function copyOf(t: Template, at: number, seq: number) {
  const id = newUlid(at);
  const year = new Date(at).getUTCFullYear();
  const agendaNumber = t.agendaNumber.replace(/^\d+/, String(seq).padStart(5, '0')).replace(/\d{4}$/, String(year));
  const shift = at - t.createdAt;
  const rewrite = (json: string) =>
    json
      .replaceAll(t.id, id)
      .replaceAll(t.agendaNumber, agendaNumber)
      .replace(ISO, (iso) => new Date(Date.parse(iso) + shift).toISOString());
  const release = JSON.parse(rewrite(JSON.stringify(t.release))) as Item;
  Object.assign(release, keys.release(id), keys.releaseByPeriod(release.createdAt, id));
  // The chain is re-linked and re-hashed, as appendEvent would have written it.
  let prevHash = GENESIS_HASH;
  const events = (JSON.parse(rewrite(JSON.stringify(t.events))) as Item[])
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const unhashed = {
        releaseId: id,
        seq: e.seq,
        type: e.type,
        stageId: e.stageId,
        actorId: e.actorId,
        at: e.at,
        data: e.data,
        prevHash,
      };
      const hash = eventHash(unhashed);
      prevHash = hash;
      return { ...e, ...unhashed, hash, ...keys.releaseEvent(id, e.seq) };
    });
  const snapshot = JSON.parse(rewrite(t.snapshot)) as { sha256: string; events: unknown[]; eventCount: number };
  snapshot.sha256 = sha256Hex(canonicalJson(JSON.parse(JSON.stringify(snapshot.events))));
  return { id, release, events, snapshot: JSON.stringify(snapshot) };
}

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

async function seed(cloud: BenchCloud, t: Template, count: number, from: number, to: number) {
  const { doc, s3, table: tableName, bucket } = clients(cloud);
  const step = (to - from) / count;
  let items = 0;
  let snapshotBytes = 0;
  const BATCH = 100; // releases copied and written per round, to keep memory flat
  for (let start = 0; start < count; start += BATCH) {
    const copies = Array.from({ length: Math.min(BATCH, count - start) }, (_, k) =>
      copyOf(t, Math.floor(from + (start + k) * step), start + k + 1),
    );
    const writes = copies.flatMap((c) => [c.release, ...c.events]);
    items += writes.length;
    const batches = Array.from({ length: Math.ceil(writes.length / 25) }, (_, i) => writes.slice(i * 25, i * 25 + 25));
    await pool(batches, 8, async (batch) => {
      let request: Record<string, any[]> | undefined = { [tableName]: batch.map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; request && Object.keys(request).length && attempt < 20; attempt++) {
        const out = await doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as Record<string, any[]> | undefined;
      }
      if (request && Object.keys(request).length) throw new Error('DynamoDB left items unprocessed after 20 tries');
    });
    await pool(copies, 16, async (c) => {
      snapshotBytes += Buffer.byteLength(c.snapshot);
      await s3.send(
        new PutObjectCommand({ Bucket: bucket, Key: `history/${c.id}.json`, Body: c.snapshot, ContentType: 'application/json' }),
      );
    });
    process.stderr.write(`\r  seeded ${start + copies.length}/${count} releases`);
  }
  process.stderr.write('\n');
  doc.destroy();
  s3.destroy();
  return { items, snapshotBytes };
}

interface ExportResult {
  seconds: number;
  bytes: number;
  sha256: string;
  executions: number;
  csvLines: number;
  problems: { releaseId: string; problem: string }[];
}

function runExport(cloud: BenchCloud, from: string, to: string): Promise<ExportResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./support/audit-export.ts', import.meta.url)), from, to],
      {
        env: { ...process.env, ...cloud.sdkEnv },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`the export failed (exit ${code}): ${out}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ExportResult);
    });
  });
}

export async function benchAudit() {
  const count = Number(process.env.BENCH_AUDIT_RELEASES ?? 10_000);
  const cloud = await startBenchCloud();
  try {
    const t = await realRelease(cloud);
    // A year back: the twelve whole months before the current one.
    const now = new Date();
    const periodStart = Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1);
    const periodEnd = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) - 1;
    const from = new Date(periodStart).toISOString().slice(0, 10);
    const to = new Date(periodEnd).toISOString().slice(0, 10);

    console.log(
      `Seeding ${count} releases (${from} … ${to}) shaped like release ${t.id}: ${t.events.length} events, a ${t.snapshot.length}-byte history snapshot…`,
    );
    const seedStarted = performance.now();
    const seeded = await seed(cloud, t, count, periodStart, periodEnd - DAY);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    console.log(
      `seeded in ${seedSeconds.toFixed(1)} s: ${seeded.items} table items, ${(seeded.snapshotBytes / 1e6).toFixed(1)} MB of snapshots (not counted)`,
    );

    // Its own process, as the CLI runs: the export and the emulators do not share one thread
    // (and this process's event loop stays free to serve the emulators meanwhile).
    const wallStarted = performance.now();
    const result = await runExport(cloud, from, to);
    const wallSeconds = (performance.now() - wallStarted) / 1000;
    const figures = {
      releases: count,
      period: { from, to },
      eventsPerRelease: t.events.length,
      snapshotBytesPerRelease: t.snapshot.length,
      seedSeconds: Number(seedSeconds.toFixed(1)),
      exportSeconds: Number(result.seconds.toFixed(1)),
      exportProcessSeconds: Number(wallSeconds.toFixed(1)),
      releasesPerSecond: Number((count / result.seconds).toFixed(0)),
      executions: result.executions,
      csvLines: result.csvLines,
      bytes: result.bytes,
      sha256: result.sha256,
      problems: result.problems.length,
      underTarget: result.seconds < 60 && result.problems.length === 0 && result.executions === count,
    };
    console.log(
      table([
        {
          releases: count,
          executions: figures.executions,
          'csv lines': figures.csvLines,
          MB: (figures.bytes / 1e6).toFixed(1),
          problems: figures.problems,
          'export s': figures.exportSeconds,
          'with process start s': figures.exportProcessSeconds,
          'releases/s': figures.releasesPerSecond,
        },
      ]),
    );
    console.log(
      `export of ${count} releases' step histories: ${figures.exportSeconds} s (target < 60 s with every execution covered and no problem: ${figures.underTarget ? 'yes' : 'NO'})`,
    );
    if (result.problems.length) console.log(`first problems: ${JSON.stringify(result.problems.slice(0, 3))}`);
    recordResult('audit', figures);
    return figures;
  } finally {
    await cloud.stop();
  }
}

runWhenMain(import.meta.url, benchAudit);
