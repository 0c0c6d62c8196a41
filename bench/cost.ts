/**
 * `npm run bench:cost` — what one release costs on AWS, priced from what a real run on the
 * local cloud did: one dkip-malut release sent to a 50-outlet media list, metered as it
 * runs (state transitions from the execution history, Lambda invocations from the
 * invoker's REPORT lines, DynamoDB units and S3 requests from a tap on the emulators,
 * mail from the SES mailbox, API requests at the API's door), then priced with
 * bench/cost-model.ts. Also the idle month: the template's billed-when-idle inventory and
 * a measured idle SLA sweep. Targets: under US$0.01 a release, under US$1 a month idle.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { LOCAL_ACCOUNT, LOCAL_REGION, stateMachineArn } from '../infra/local-cloud/deployer/names.js';
import { fixture, until } from '../test/e2e/driver.js';
import { costOfUsage, idleMonthlyCost, inventoryOf, loadPrices, type Usage } from './cost-model.js';
import { capacityOf } from './support/capacity.js';
import { startBenchCloud, template, type BenchCloud } from './support/cloud.js';
import { gbSeconds, invocationsSince, logOffsets } from './support/lambda-reports.js';
import { installTap, type Exchange } from './support/meter.js';
import { driverFor, driveToApproval, extendMediaList } from './support/release.js';
import { recordResult, runWhenMain, table } from './results.js';

const OUTLETS = 50;
const usd = (n: number) => `$${n.toFixed(6)}`;

function s3Usage(exchanges: Exchange[]) {
  let putLike = 0;
  let getLike = 0;
  let bytesStored = 0;
  const sizes = new Map<string, number>();
  for (const x of exchanges) {
    const url = new URL(x.url, 'http://x');
    const path = url.pathname.split('/').filter(Boolean);
    const isList = x.method === 'GET' && path.length <= 1;
    if (x.method === 'PUT' || x.method === 'POST' || isList) putLike += 1;
    else if (x.method === 'GET' || x.method === 'HEAD') getLike += 1;
    // DELETE is free; OPTIONS (CORS preflight) is not an S3 request that bills.
    if (x.method !== 'PUT' || x.status >= 300) continue;
    // A copy sends no bytes but stores its source's: known when the source was PUT in this run.
    const source = x.headers['x-amz-copy-source'];
    const bytes = source ? (sizes.get(decodeURIComponent(String(source).split('?')[0]!).replace(/^\/?/, '/')) ?? 0) : x.requestBytes;
    if (!url.searchParams.has('partNumber')) sizes.set(decodeURIComponent(url.pathname), bytes);
    bytesStored += bytes;
  }
  return { requests: exchanges.length, putLike, getLike, bytesStored };
}

async function executionHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/** The idle SLA sweep: a warm-up, then one measured invocation of the scheduled event. */
async function measureIdleSweep(cloud: BenchCloud, tap: ReturnType<typeof installTap>) {
  const sweep = cloud.model.functions.find((f) => /^SlaSweep/.test(f.logicalId));
  if (!sweep) throw new Error('the template has no SLA sweep function');
  const event = {
    version: '0',
    id: 'bench-idle',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '111111111111',
    time: new Date().toISOString(),
    region: 'ap-southeast-3',
    resources: [],
    detail: {},
  };
  const warm = await cloud.invoker.invoke(sweep.name, event);
  if (!warm.ok) throw new Error(`the SLA sweep failed: ${warm.errorType} ${warm.errorMessage}`);
  tap.reset();
  const started = performance.now();
  const measured = await cloud.invoker.invoke(sweep.name, event);
  const durationMs = performance.now() - started;
  if (!measured.ok) throw new Error(`the SLA sweep failed: ${measured.errorType} ${measured.errorMessage}`);
  const capacity = capacityOf(tap.exchanges('dynamodb'));
  return {
    fn: sweep.name,
    durationMs,
    memoryMb: sweep.memoryMb,
    readUnits: capacity.readUnits,
    gbSeconds: (Math.ceil(durationMs) / 1000) * (sweep.memoryMb / 1024),
  };
}

export async function benchCost() {
  const prices = loadPrices();
  const tap = installTap();
  const cloud = await startBenchCloud();
  const logDir = join(cloud.dataDir, 'logs');
  try {
    tap.watch(cloud.endpoints.dynamodb, 'dynamodb', { bodies: true });
    tap.watch(cloud.endpoints.s3, 's3');
    tap.watch(cloud.endpoints.api, 'api');

    // Idle first, on an empty table: what the 5-minute sweep costs when nothing happens.
    const idle = await measureIdleSweep(cloud, tap);
    const outlets = await extendMediaList(cloud, OUTLETS);

    await new Promise((r) => setTimeout(r, 300)); // let the log streams flush before the offsets are taken
    const offsets = logOffsets(logDir);
    const mailBefore = (await driverFor(cloud).mails()).length;
    tap.reset();

    const started = performance.now();
    const driver = driverFor(cloud);
    // As a typical request arrives: with a photo and the cover letter, uploaded through presigned URLs.
    const attachments = [
      await driver.upload('foto-kegiatan.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg')),
      await driver.upload('surat-permohonan.pdf', 'application/pdf', fixture('surat-permohonan.pdf')),
    ];
    const release = await driveToApproval(driver, `cost-${Date.now().toString(36)}`, 1, new Set(), attachments);
    const machine = cloud.model.stateMachines[0]!;
    const sfn = new SFNClient({
      endpoint: cloud.endpoints.stepfunctions,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const executionArn = `arn:aws:states:ap-southeast-3:111111111111:execution:${machine.name}:${release.id}`;
    const status = await until(
      'the execution to end',
      async () => {
        const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d.status;
      },
      120_000,
    );
    if (status !== 'SUCCEEDED') throw new Error(`the release's execution ended ${status}`);
    // The history snapshot is written after the execution ends (EventBridge → Lambda): wait
    // for it on disk, so the tap's S3 figures are not disturbed by the wait itself.
    const archiveBucket = cloud.sdkEnv.ARCHIVE_BUCKET!;
    await until(
      'the history snapshot',
      async () => {
        const dir = join(cloud.dataDir, 's3', archiveBucket, 'history');
        return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith(release.id)) ? true : undefined;
      },
      60_000,
    );
    await new Promise((r) => setTimeout(r, 1_000)); // the snapshot's own REPORT line and any late mail
    const wallSeconds = (performance.now() - started) / 1000;

    const history = await executionHistory(sfn, executionArn);
    const executions = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: stateMachineArn(LOCAL_REGION, LOCAL_ACCOUNT, machine.name) }),
    );
    const stateTransitions = history.filter((e) => e.type?.endsWith('StateEntered')).length;
    const mails = (await driverFor(cloud).mails()).slice(mailBefore);
    const recipients = mails.reduce(
      (n, m) =>
        n +
        m.destination.to.length +
        ((m.destination as { cc?: string[] }).cc?.length ?? 0) +
        ((m.destination as { bcc?: string[] }).bcc?.length ?? 0),
      0,
    );
    const attachmentBytes = mails.reduce(
      (n, m) => n + (m.attachments ?? []).reduce((k, a) => k + Number((a as { size?: number }).size ?? 0), 0),
      0,
    );
    const toOutlets = mails.filter((m) =>
      m.destination.to.some((t) => /@outlet\.bench\.example\.com|malutpost|beritamalut|tvri-malut|rri-ternate/.test(t)),
    ).length;
    const dynamodb = capacityOf(tap.exchanges('dynamodb'));
    const s3 = s3Usage(tap.exchanges('s3'));
    const apiRequests = tap.exchanges('api').length;
    sfn.destroy();

    await cloud.close(); // flushes the function logs
    const { invocations, logBytes } = invocationsSince(logDir, offsets);
    const historyLogBytes = Buffer.byteLength(JSON.stringify(history));

    const usage: Usage = {
      stateTransitions,
      lambda: { invocations: invocations.length, gbSeconds: gbSeconds(invocations) },
      dynamodb: { writeUnits: dynamodb.writeUnits, readUnits: dynamodb.readUnits },
      s3: { putLike: s3.putLike, getLike: s3.getLike, bytesStored: s3.bytesStored },
      ses: { messages: recipients, attachmentBytes },
      apiRequests,
      logBytes: logBytes + historyLogBytes,
      // Lambda tracing is off; the state machine's X-Ray tracing makes one trace per execution.
      traces: 1,
    };
    const cost = costOfUsage(usage, prices);

    const byFunction = new Map<string, { n: number; ms: number; mb: number }>();
    for (const i of invocations) {
      const f = byFunction.get(i.fn) ?? { n: 0, ms: 0, mb: i.memoryMb };
      f.n += 1;
      f.ms += i.durationMs;
      byFunction.set(i.fn, f);
    }
    console.log(
      `\nOne release (dkip-malut, a photo and a letter, ${outlets} outlets) end to end in ${wallSeconds.toFixed(1)} s; ${executions.executions?.length ?? 0} execution(s), ${mails.length} mails (${toOutlets} to outlets).`,
    );
    console.log(table([...byFunction].map(([fn, f]) => ({ function: fn, invocations: f.n, totalMs: f.ms.toFixed(0), memoryMb: f.mb }))));
    console.log(
      `\nDynamoDB: ${dynamodb.requests} requests (${Object.entries(dynamodb.byOperation)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}) → ${dynamodb.writeUnits} WRU, ${dynamodb.readUnits} RRU`,
    );
    console.log(`S3: ${s3.requests} requests → ${s3.putLike} PUT-like, ${s3.getLike} GET-like, ${s3.bytesStored} bytes written`);
    console.log(
      `SES: ${mails.length} messages to ${recipients} recipients, ${attachmentBytes} attachment bytes; API: ${apiRequests} requests; logs: ${usage.logBytes} bytes\n`,
    );
    console.log(table(Object.entries(cost.breakdown).map(([item, v]) => ({ item, usd: usd(v) }))));
    console.log(
      `per release: ${usd(cost.total)} (target < $0.01: ${cost.total < 0.01 ? 'yes' : 'NO'}) — ${prices.region} list prices of ${prices.asOf}`,
    );

    const inventory = inventoryOf(template());
    const idleCost = idleMonthlyCost(
      { ...inventory, scheduledInvocationGbSeconds: idle.gbSeconds, scheduledInvocationReadUnits: idle.readUnits },
      prices,
    );
    console.log(
      `\nIdle month: ${inventory.alarmMetrics} alarm metrics, ${inventory.customerKmsKeys} KMS keys, ${inventory.natGateways} NAT gateways, ${inventory.scheduledInvocationsPerMonth} scheduled invocations (SLA sweep measured idle: ${idle.durationMs.toFixed(1)} ms at ${idle.memoryMb} MB, ${idle.readUnits} RRU)${inventory.provisionedThings.length ? `; provisioned: ${inventory.provisionedThings.join(', ')}` : ''}`,
    );
    console.log(table(Object.entries(idleCost.breakdown).map(([item, v]) => ({ item, usd: usd(v) }))));
    console.log(`idle per month: ${usd(idleCost.total)} (target < $1: ${idleCost.total < 1 ? 'yes' : 'NO'})`);

    const figures = {
      outlets,
      attachments: attachments.length,
      wallSeconds: Number(wallSeconds.toFixed(1)),
      usage,
      mails: mails.length,
      mailsToOutlets: toOutlets,
      dynamodbByOperation: dynamodb.byOperation,
      lambdaByFunction: Object.fromEntries(
        [...byFunction].map(([fn, f]) => [fn, { invocations: f.n, totalMs: Number(f.ms.toFixed(1)), memoryMb: f.mb }]),
      ),
      perRelease: { usd: cost.total, breakdown: cost.breakdown, underTarget: cost.total < 0.01 },
      idle: { usd: idleCost.total, breakdown: idleCost.breakdown, inventory, sweep: idle, underTarget: idleCost.total < 1 },
      prices: { region: prices.region, asOf: prices.asOf },
    };
    recordResult('cost', figures);
    return figures;
  } finally {
    tap.uninstall();
    await cloud.close();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  }
}

runWhenMain(import.meta.url, benchCost);
