/**
 * `npm run bench:api` — submissions per second through POST /api/releases on the local
 * cloud under 50 concurrent clients (autocannon), without attachments: every request a
 * valid, distinct submission. Prints submissions/s, p50/p99 latency and errors (target
 * 100/s with none), in two legs of the same length:
 * - the API alone: the executions it starts are held meanwhile, as if they ran on capacity
 *   of their own as on AWS, then run and counted (each must reach its first wait for a
 *   person);
 * - the API with the workflows running alongside, everything on the machine's cores.
 *   BENCH_API_SECONDS (default 20), BENCH_API_CONNECTIONS (default 50), BENCH_API_CAPTCHAS
 *   (solved captchas made before the load, support/captchas.ts; default 800 a second of load)
 *   BENCH_API_PROFILE=<file.cpuprofile>: a CPU profile of this process (the emulators, the
 *   engine, the API and the invoker; the functions run in worker threads) while the load runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { startBenchCloud, type BenchCloud } from './support/cloud.js';
import { installTap, type Exchange, type Tap } from './support/meter.js';
import { submission as plainSubmission } from './support/release.js';
import { solvedCaptchas } from './support/captchas.js';
import { recordResult, runWhenMain, table } from './results.js';

export async function benchApi() {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 20);
  const connections = Number(process.env.BENCH_API_CONNECTIONS ?? 50);
  const tap = installTap();
  const cloud = await startBenchCloud();
  tap.watch(cloud.endpoints.dynamodb, 'dynamodb');
  try {
    // Each submission spends one captcha; more than two legs at this rate can send.
    const captcha = await solvedCaptchas(cloud, Number(process.env.BENCH_API_CAPTCHAS ?? 2 + 2 * seconds * 400));
    const submission = (tag: string, seq: number) => ({ ...plainSubmission(tag, seq), altcha: captcha() });
    const tag = `load-${Date.now().toString(36)}`;
    let seq = 0;
    const url = `${cloud.endpoints.api}/api/releases`;
    // One warm request first, so the first second does not measure the workers' start.
    const warm = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission(tag, seq++)),
    });
    if (warm.status !== 201) throw new Error(`a valid submission was refused: ${warm.status} ${await warm.text()}`);
    await quiet(tap);
    // One submission alone, counted: the DynamoDB requests until its 201, then those of the
    // workflow it started until it waits for a person (the register stage and the first
    // human stage). Unlike the rates below, these do not depend on the machine's load.
    tap.reset();
    const probe = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(submission(tag, seq++)),
    });
    if (probe.status !== 201) throw new Error(`a valid submission was refused: ${probe.status} ${await probe.text()}`);
    const untilCreated = countByOperation(tap.exchanges('dynamodb'));
    await quiet(tap);
    const untilWaiting = countByOperation(tap.exchanges('dynamodb'));
    const oneSubmission = {
      untilCreated,
      workflow: untilWaiting.total - untilCreated.total,
      total: untilWaiting.total,
      byOperation: untilWaiting.byOperation,
    };
    console.log(
      `one submission: ${untilCreated.total} DynamoDB requests until its 201, ${oneSubmission.workflow} more until the workflow waits for a person ${JSON.stringify(untilWaiting.byOperation)}`,
    );

    // Leg 1, the API alone: the executions the submissions start are held (recorded and
    // RUNNING, no state entered) while the load runs, then run to their first wait for a
    // person and counted. On AWS they run on Step Functions' and Lambda's own capacity;
    // here they would share the same two cores as the API.
    const release = cloud.stepFunctions.engine.holdExecutions();
    const apiAlone = await load(
      cloud,
      tap,
      'the API alone (the workflows it starts held until the load ends)',
      () => submission(tag, seq++),
      { seconds, connections, profile: process.env.BENCH_API_PROFILE },
    );
    const drained = await drainHeld(cloud, release);
    console.log(
      `the ${drained.started} held workflows then ran: ${drained.waitingForAPerson} reached their first wait for a person, ${drained.failed} failed, in ${drained.seconds} s (${drained.perSecond} workflows/s)`,
    );
    await quiet(tap);
    // Leg 2, everything on the same two cores: the workflows run while the load does.
    const withWorkflows = await load(
      cloud,
      tap,
      'the API with its workflows running alongside on the same cores',
      () => submission(tag, seq++),
      { seconds, connections },
    );
    const figures = {
      connections,
      seconds,
      oneSubmission,
      apiAlone: { ...apiAlone, workflowsAfterwards: drained },
      withWorkflows,
      underTarget: apiAlone.underTarget && drained.failed === 0 && drained.waitingForAPerson === drained.started,
    };
    console.log(
      `target 100 submissions/s with 0 errors (the API alone, every held workflow then reaching its first wait): ${figures.underTarget ? 'yes' : 'NO'}`,
    );
    recordResult('api', figures);
    return figures;
  } finally {
    tap.uninstall();
    await cloud.stop();
  }
}

interface LoadOptions {
  seconds: number;
  connections: number;
  /** A CPU profile of this process's main thread during the load, written to this file. */
  profile?: string;
}

/** One leg of the load: autocannon on POST /api/releases, every body a new submission. */
async function load(cloud: BenchCloud, tap: Tap, label: string, body: () => unknown, options: LoadOptions) {
  const statuses = new Map<number, number>();
  tap.reset();
  const profile = options.profile ? await startProfile() : undefined;
  const cpuBefore = process.cpuUsage();
  const mainBefore = mainThreadCpuMs();
  console.log(`POST /api/releases, ${label}: ${options.connections} connections for ${options.seconds} s…`);
  const result = await autocannon({
    url: `${cloud.endpoints.api}/api/releases`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: JSON.stringify(body()) }),
        onResponse: (status: number) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      },
    ],
  });
  // CPU of the whole process (emulators, engine, API, the functions' worker threads and
  // autocannon itself): on a shared machine a steadier figure than the rate.
  const cpu = process.cpuUsage(cpuBefore);
  const mainMs = mainBefore === undefined ? undefined : mainThreadCpuMs()! - mainBefore;
  if (profile) console.log(`CPU profile of the load: ${await profile.stop(options.profile!)}`);
  const created = statuses.get(201) ?? 0;
  // Every DynamoDB request made while the load ran (the API handler and any stages the
  // executions went through meanwhile), by operation, per created submission.
  const dynamodbCalls: Record<string, number> = {};
  const dynamodbMs: Record<string, number> = {};
  for (const exchange of tap.exchanges('dynamodb')) {
    const operation =
      String(exchange.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    dynamodbCalls[operation] = (dynamodbCalls[operation] ?? 0) + 1;
    dynamodbMs[operation] = (dynamodbMs[operation] ?? 0) + (exchange.ms ?? 0);
  }
  const dynamodbMeanMs = Object.fromEntries(
    Object.entries(dynamodbMs).map(([op, ms]) => [op, Number((ms / dynamodbCalls[op]!).toFixed(1))]),
  );
  const cpuMsPerSubmission = created ? Number(((cpu.user + cpu.system) / 1000 / created).toFixed(1)) : 0;
  // Of it, the main thread's (emulators, engine, API, invoker, autocannon); the rest is
  // the functions' worker threads and Node's helper threads (GC, compiler, I/O pool).
  const mainThreadMsPerSubmission = created && mainMs !== undefined ? Number((mainMs / created).toFixed(1)) : undefined;
  const dynamodbPerSubmission = created ? Number((tap.exchanges('dynamodb').length / created).toFixed(1)) : 0;
  const figures = {
    submissions: created,
    submissionsPerSecond: Number((created / options.seconds).toFixed(1)),
    requestsPerSecondAvg: result.requests.average,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses: Object.fromEntries(statuses),
    cpuMsPerSubmission,
    mainThreadMsPerSubmission,
    dynamodbPerSubmission,
    dynamodbCalls,
    dynamodbMeanMs,
    underTarget: created / options.seconds >= 100 && result.non2xx === 0 && result.errors === 0 && result.timeouts === 0,
  };
  console.log(
    table([
      {
        'submissions/s': figures.submissionsPerSecond,
        'p50 ms': figures.latencyMs.p50,
        'p99 ms': figures.latencyMs.p99,
        'max ms': figures.latencyMs.max,
        non2xx: figures.non2xx,
        errors: figures.errors,
        timeouts: figures.timeouts,
      },
    ]),
  );
  console.log(
    `CPU per submission (this process, all threads): ${cpuMsPerSubmission} ms${mainThreadMsPerSubmission === undefined ? '' : `, of which the main thread (emulators, engine, API, autocannon) ${mainThreadMsPerSubmission} ms and the functions' and Node's helper threads ${(cpuMsPerSubmission - mainThreadMsPerSubmission).toFixed(1)} ms`}`,
  );
  console.log(
    `DynamoDB requests per submission during the load: ${dynamodbPerSubmission} ${JSON.stringify(dynamodbCalls)}; mean ms in the emulator ${JSON.stringify(dynamodbMeanMs)}`,
  );
  console.log(`statuses: ${JSON.stringify(figures.statuses)}`);
  return figures;
}

/**
 * Runs the held executions and waits (at most 15 minutes) until each one waits for a
 * person (a task token out) or has ended; counts them.
 */
async function drainHeld(cloud: BenchCloud, release: () => number) {
  const engine = cloud.stepFunctions.engine;
  const held = [...engine.executions.values()].filter((e) => e.status === 'RUNNING' && e.waiters.size === 0);
  const began = performance.now();
  const started = release();
  const settled = () => held.every((e) => e.status !== 'RUNNING' || e.waiters.size > 0);
  for (const until = Date.now() + 15 * 60_000; !settled() && Date.now() < until;) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - began) / 1000;
  const waitingForAPerson = held.filter((e) => e.status === 'RUNNING' && e.waiters.size > 0).length;
  return {
    started,
    waitingForAPerson,
    failed: held.filter((e) => e.status !== 'RUNNING' && e.status !== 'SUCCEEDED').length,
    seconds: Number(seconds.toFixed(1)),
    perSecond: Number((held.length / seconds).toFixed(1)),
  };
}

/** The main thread's CPU time in ms, from Linux's per-thread accounting (clock ticks of 10 ms); undefined elsewhere. */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function countByOperation(exchanges: Exchange[]) {
  const byOperation: Record<string, number> = {};
  for (const exchange of exchanges) {
    const operation =
      String(exchange.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    byOperation[operation] = (byOperation[operation] ?? 0) + 1;
  }
  return { total: exchanges.length, byOperation };
}

/** Waits until the local DynamoDB has had no request for a second (at most 30 s). */
async function quiet(tap: Tap) {
  const until = Date.now() + 30_000;
  let seen = -1;
  while (Date.now() < until && tap.exchanges('dynamodb').length !== seen) {
    seen = tap.exchanges('dynamodb').length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file: string) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      return file;
    },
  };
}

runWhenMain(import.meta.url, benchApi);
