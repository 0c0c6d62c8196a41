/**
 * `npm run bench:api` — submissions per second through POST /api/releases on the local
 * cloud under 50 concurrent clients (autocannon), without attachments: every request a
 * valid, distinct submission. Prints submissions/s, p50/p99 latency and errors (target
 * 100/s with none). The workflows the submissions start run meanwhile, as they would.
 *   BENCH_API_SECONDS (default 20), BENCH_API_CONNECTIONS (default 50)
 *   BENCH_API_PROFILE=<file.cpuprofile>: a CPU profile of this process (the emulators, the
 *   engine, the API and the invoker; the functions run in worker threads) while the load runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import autocannon from 'autocannon';
import { startBenchCloud } from './support/cloud.js';
import { installTap, type Exchange, type Tap } from './support/meter.js';
import { submission } from './support/release.js';
import { recordResult, runWhenMain, table } from './results.js';

export async function benchApi() {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 20);
  const connections = Number(process.env.BENCH_API_CONNECTIONS ?? 50);
  const tap = installTap();
  const cloud = await startBenchCloud();
  tap.watch(cloud.endpoints.dynamodb, 'dynamodb');
  try {
    const tag = `load-${Date.now().toString(36)}`;
    let seq = 0;
    const statuses = new Map<number, number>();
    const url = `${cloud.endpoints.api}/api/releases`;
    // One warm request first, so the first second does not measure the workers' start.
    const warm = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submission(tag, seq++)) });
    if (warm.status !== 201) throw new Error(`a valid submission was refused: ${warm.status} ${await warm.text()}`);
    await quiet(tap);
    // One submission alone, counted: the DynamoDB requests until its 201, then those of the
    // workflow it started until it waits for a person (the register stage and the first
    // human stage). Unlike the rates below, these do not depend on the machine's load.
    tap.reset();
    const probe = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submission(tag, seq++)) });
    if (probe.status !== 201) throw new Error(`a valid submission was refused: ${probe.status} ${await probe.text()}`);
    const untilCreated = countByOperation(tap.exchanges('dynamodb'));
    await quiet(tap);
    const untilWaiting = countByOperation(tap.exchanges('dynamodb'));
    const oneSubmission = { untilCreated, workflow: untilWaiting.total - untilCreated.total, total: untilWaiting.total, byOperation: untilWaiting.byOperation };
    console.log(`one submission: ${untilCreated.total} DynamoDB requests until its 201, ${oneSubmission.workflow} more until the workflow waits for a person ${JSON.stringify(untilWaiting.byOperation)}`);

    tap.reset();
    const profile = process.env.BENCH_API_PROFILE ? await startProfile() : undefined;
    const cpuBefore = process.cpuUsage();
    const mainBefore = mainThreadCpuMs();
    console.log(`POST /api/releases: ${connections} connections for ${seconds} s…`);
    const result = await autocannon({
      url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (request: Record<string, unknown>) => ({ ...request, body: JSON.stringify(submission(tag, seq++)) }),
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
    if (profile) console.log(`CPU profile of the load: ${await profile.stop(process.env.BENCH_API_PROFILE!)}`);
    const created = statuses.get(201) ?? 0;
    // Every DynamoDB request made while the load ran (the API handler and the stages the
    // executions went through meanwhile), by operation, per created submission.
    const dynamodbCalls: Record<string, number> = {};
    const dynamodbMs: Record<string, number> = {};
    for (const exchange of tap.exchanges('dynamodb')) {
      const operation = String(exchange.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      dynamodbCalls[operation] = (dynamodbCalls[operation] ?? 0) + 1;
      dynamodbMs[operation] = (dynamodbMs[operation] ?? 0) + (exchange.ms ?? 0);
    }
    const dynamodbMeanMs = Object.fromEntries(Object.entries(dynamodbMs).map(([op, ms]) => [op, Number((ms / dynamodbCalls[op]!).toFixed(1))]));
    const cpuMsPerSubmission = created ? Number(((cpu.user + cpu.system) / 1000 / created).toFixed(1)) : 0;
    // Of it, the main thread's (emulators, engine, API, invoker, autocannon); the rest is
    // the functions' worker threads and Node's helper threads (GC, compiler, I/O pool).
    const mainThreadMsPerSubmission = created && mainMs !== undefined ? Number((mainMs / created).toFixed(1)) : undefined;
    const dynamodbPerSubmission = created ? Number((tap.exchanges('dynamodb').length / created).toFixed(1)) : 0;
    const figures = {
      connections,
      seconds,
      submissions: created,
      submissionsPerSecond: Number((created / seconds).toFixed(1)),
      requestsPerSecondAvg: result.requests.average,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: Object.fromEntries(statuses),
      oneSubmission,
      cpuMsPerSubmission,
      mainThreadMsPerSubmission,
      dynamodbPerSubmission,
      dynamodbCalls,
      dynamodbMeanMs,
      underTarget: created / seconds >= 100 && result.non2xx === 0 && result.errors === 0,
    };
    console.log(table([{
      'submissions/s': figures.submissionsPerSecond,
      'p50 ms': figures.latencyMs.p50,
      'p99 ms': figures.latencyMs.p99,
      'max ms': figures.latencyMs.max,
      non2xx: figures.non2xx,
      errors: figures.errors,
      timeouts: figures.timeouts,
    }]));
    console.log(`CPU per submission (this process, all threads): ${cpuMsPerSubmission} ms${mainThreadMsPerSubmission === undefined ? '' : `, of which the main thread (emulators, engine, API, autocannon) ${mainThreadMsPerSubmission} ms and the functions' and Node's helper threads ${(cpuMsPerSubmission - mainThreadMsPerSubmission).toFixed(1)} ms`}`);
    console.log(`DynamoDB requests per submission during the run: ${dynamodbPerSubmission} ${JSON.stringify(dynamodbCalls)}; mean ms in the emulator ${JSON.stringify(dynamodbMeanMs)}`);
    console.log(`statuses: ${JSON.stringify(figures.statuses)}; target 100/s with 0 errors: ${figures.underTarget ? 'yes' : 'NO'}`);
    recordResult('api', figures);
    return figures;
  } finally {
    tap.uninstall();
    await cloud.stop();
  }
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
    const operation = String(exchange.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
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
