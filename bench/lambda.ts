/**
 * `npm run bench:lambda` — the size of each function's bundle in cdk.out (its .js files), and its cold
 * start (a fresh Node process that loads the bundle and invokes it once) against a baseline:
 * a handler that imports the same AWS SDK clients as the function and nothing else, bundled
 * the same way, each run of a function paired with one of its baseline's. Targets: under
 * 1 MB minified; cold start at most 1.5x the baseline's.
 *
 * Each function is invoked with a valid event shaped as its trigger sends it
 * (support/first-invocations.ts), and AWS endpoints that refuse connections at once: what
 * is measured is start-up and the first real pass through the handler and its AWS client,
 * not a network. Bundles are loaded as Lambda's Node runtime loads them (cold-start-probe.mjs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { HandlerName } from '../functions/contract/handlers.js';
import { bundleHandler } from '../infra/cdk/constructs/bundle.js';
import { buildForLocalCloud } from '../infra/local-cloud/build.js';
import { median, recordResult, runWhenMain, table } from './results.js';
import { FIRST_INVOCATION } from './support/first-invocations.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CDK_OUT = process.env.CDK_OUT ?? join(ROOT, 'cdk.out');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SIZE_TARGET = 1024 * 1024;
const COLD_TARGET = 1.5;

interface FunctionAsset {
  handler: HandlerName;
  file: string;
  env: Record<string, string>;
}

function functionsOf(): FunctionAsset[] {
  const template = JSON.parse(readFileSync(join(CDK_OUT, 'Warta.template.json'), 'utf8')) as { Resources: Record<string, any> };
  const config = readFileSync(join(ROOT, 'infra/config/dkip-malut.json'), 'utf8');
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['warta:handler'])
    .map((r) => {
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(r.Properties.Environment?.Variables ?? {}))
        env[k] = typeof v === 'string' ? v : `bench-${k.toLowerCase()}`;
      env.WARTA_CONFIG =
        typeof env.WARTA_CONFIG === 'string' && env.WARTA_CONFIG.startsWith('{') ? env.WARTA_CONFIG : JSON.stringify(JSON.parse(config));
      const dir = join(CDK_OUT, r.Metadata['aws:asset:path'] as string);
      // The file Lambda's runtime would pick for handler `index.*`: .js, then .mjs.
      const file = ['index.js', 'index.mjs'].map((f) => join(dir, f)).find((f) => existsSync(f)) ?? join(dir, 'index.js');
      return { handler: r.Metadata['warta:handler'] as HandlerName, file, env };
    });
}

/**
 * The SDK packages a function's baseline imports, each with what it makes: the clients
 * once per container, as functions/adapters/clients/ does (the presigner is a function). `call`
 * is a request through that client, for the baselines that make one (the presigner sends
 * nothing, so it has none).
 */
const SDK_PACKAGES: Record<string, { make: string; call?: string }> = {
  '@aws-sdk/client-dynamodb': {
    make: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nconst dynamodb = wrap(new DynamoDBClient({}));\nclients.push(dynamodb);",
    call: "calls.push(() => dynamodb.send(new GetItemCommand({ TableName: 'bench', Key: { pk: { S: 'bench' } } })));",
  },
  '@aws-sdk/lib-dynamodb': {
    make: "import { DynamoDBClient as DocumentBase } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\nconst documents = DynamoDBDocumentClient.from(wrap(new DocumentBase({})));\nclients.push(documents);",
    call: "calls.push(() => documents.send(new GetCommand({ TableName: 'bench', Key: { pk: 'bench' } })));",
  },
  '@aws-sdk/client-s3': {
    make: "import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';\nconst s3 = wrap(new S3Client({}));\nclients.push(s3);",
    call: "calls.push(() => s3.send(new HeadObjectCommand({ Bucket: 'bench', Key: 'bench' })));",
  },
  '@aws-sdk/s3-request-presigner': { make: "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';\nclients.push(getSignedUrl);" },
  '@aws-sdk/client-ses': {
    make: "import { SendRawEmailCommand, SESClient } from '@aws-sdk/client-ses';\nconst ses = wrap(new SESClient({}));\nclients.push(ses);",
    call: "calls.push(() => ses.send(new SendRawEmailCommand({ RawMessage: { Data: new TextEncoder().encode('Subject: bench\\r\\n\\r\\nbench') } })));",
  },
  '@aws-sdk/client-sfn': {
    make: "import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';\nconst sfn = wrap(new SFNClient({}));\nclients.push(sfn);",
    call: "calls.push(() => sfn.send(new DescribeExecutionCommand({ executionArn: 'arn:aws:states:ap-southeast-3:111111111111:execution:Warta:bench' })));",
  },
};

/** Which of SDK_PACKAGES a handler's bundle carries (read from esbuild's metafile of the same build). */
async function sdkPackagesOf(handler: HandlerName): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-sdk-of-'));
  const result = await bundleHandler(join(ROOT, 'functions/handlers', `${handler}.ts`), dir, { sourcemap: false, metafile: true });
  const inputs = Object.keys(result.metafile!.inputs);
  return Object.keys(SDK_PACKAGES).filter((name) => inputs.some((path) => path.includes(`node_modules/${name}/`)));
}

/**
 * The baselines of a set of SDK packages, each a handler bundled as the functions are:
 * - `plain`, the reference a function's cold start is measured against: it imports the
 *   clients and nothing else, and makes no call;
 * - `call`: the same, and its invocation sends one request (refused, as the functions'
 *   are, the error ignored): the first-call work (credential chain, endpoint rules,
 *   signing, an HTTP request) that a function's first invocation pays and the plain
 *   baseline never does. One, not one per client: a function's first invocation here ends
 *   at its first call, so more would tilt the ratio the function's way;
 * - `traced`: as `call`, with each client wrapped by a Powertools Tracer and a Powertools
 *   Logger made, as functions/adapters/ does: the least a function built with the libraries
 *   the design names can cost, before any of Warta's own code.
 */
type BaselineKind = 'plain' | 'call' | 'traced';

async function baselineBundle(packages: string[], kind: BaselineKind): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `warta-baseline-${kind}-`));
  const entry = join(dir, 'baseline.ts');
  // The one request: through the document client where there is one (most of Warta's first
  // calls are DynamoDB reads), else through the first client that sends.
  const firstCall = packages.includes('@aws-sdk/lib-dynamodb')
    ? '@aws-sdk/lib-dynamodb'
    : packages.find((name) => SDK_PACKAGES[name]!.call);
  const lines = packages.flatMap((name) => {
    const sdk = SDK_PACKAGES[name]!;
    return [...sdk.make.split('\n'), ...(kind !== 'plain' && name === firstCall ? [sdk.call!] : [])];
  });
  const prelude =
    kind === 'traced'
      ? [
          "import { Tracer } from '@aws-lambda-powertools/tracer';",
          "import { Logger } from '@aws-lambda-powertools/logger';",
          "const tracer = new Tracer({ serviceName: 'warta' });",
          "const logger = new Logger({ serviceName: 'warta' });",
          'const wrap = <T extends object>(client: T): T => tracer.captureAWSv3Client(client);',
        ]
      : ['const logger = undefined;', 'const wrap = <T,>(client: T): T => client;'];
  writeFileSync(
    entry,
    [
      ...[...prelude, ...lines].filter((line) => line.startsWith('import')),
      ...prelude.filter((line) => !line.startsWith('import')),
      'const clients: unknown[] = [logger];',
      'const calls: (() => Promise<unknown>)[] = [];',
      ...lines.filter((line) => !line.startsWith('import')),
      'export const handler = async () => {',
      '  for (const call of calls) await call().catch(() => undefined);',
      '  return { statusCode: 200, clients: clients.length };',
      '};',
      '',
    ].join('\n'),
  );
  // The entry lies outside the repository: its imports resolve in the repository's node_modules.
  await bundleHandler(entry, dir, { sourcemap: false, nodePaths: [join(ROOT, 'node_modules')] });
  return join(dir, 'index.js');
}

/** One cold start: a fresh Node process that loads the bundle and invokes it once; its wall time and how the invocation ended. */
function coldStartOnce(
  file: string,
  env: Record<string, string>,
  event: unknown,
): { ms: number; loadMs: number; invokeMs: number; outcome: string } {
  const closed = 'http://127.0.0.1:9';
  const childEnv = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL: closed,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    NODE_NO_WARNINGS: '1',
    // What Lambda sets for a function with active tracing, so Powertools traces as it does on
    // AWS (its X-Ray segments go to a daemon address nothing listens on here).
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: dirname(file),
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    _X_AMZN_TRACE_ID: 'Root=1-6750a000-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=1',
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    ...env,
  };
  const t0 = performance.now();
  const run = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./cold-start-probe.mjs', import.meta.url)), file, JSON.stringify(event)],
    { env: childEnv, encoding: 'utf8', timeout: 30_000 },
  );
  const ms = performance.now() - t0;
  const probe = (run.stdout ?? '').split('@@probe@@')[1];
  const report = probe ? (JSON.parse(probe) as { outcome?: string; loadMs?: number; invokeMs?: number }) : {};
  return {
    ms,
    loadMs: report.loadMs ?? NaN,
    invokeMs: report.invokeMs ?? NaN,
    outcome: probe ? (report.outcome ?? '?') : `exit ${run.status}`,
  };
}

interface ColdStart {
  ms: number;
  loadMs: number;
  invokeMs: number;
}

/** Medians of each figure of a series of cold starts. */
function medians(runs: ColdStart[]): ColdStart {
  return { ms: median(runs.map((r) => r.ms)), loadMs: median(runs.map((r) => r.loadMs)), invokeMs: median(runs.map((r) => r.invokeMs)) };
}

type Baselines = Record<BaselineKind, string>;

/**
 * A function's cold starts, each run paired with one of each of its baselines' just before
 * it: a shared machine drifts over a run of the whole table, and within a second or two
 * (another process, the CPU's clock: a fresh Node process starts at one speed for a
 * while, then at a markedly slower one). Each ratio is the median of the pairs' ratios, each taken within one such
 * spell, which keeps the drift out of it.
 */
function pairedColdStarts(baselines: Baselines, file: string, env: Record<string, string>, event: unknown) {
  const kinds = Object.keys(baselines) as BaselineKind[];
  const fn: ColdStart[] = [];
  const base = Object.fromEntries(kinds.map((k) => [k, [] as ColdStart[]])) as Record<BaselineKind, ColdStart[]>;
  const ratios = Object.fromEntries(kinds.map((k) => [k, [] as number[]])) as Record<BaselineKind, number[]>;
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    for (const k of kinds) base[k].push(coldStartOnce(baselines[k], {}, {}));
    const run = coldStartOnce(file, env, event);
    fn.push(run);
    for (const k of kinds) ratios[k].push(run.ms / base[k].at(-1)!.ms);
    outcome = run.outcome;
  }
  const each = <T>(f: (k: BaselineKind) => T) => Object.fromEntries(kinds.map((k) => [k, f(k)])) as Record<BaselineKind, T>;
  return { fn: medians(fn), base: each((k) => medians(base[k])), ratio: each((k) => median(ratios[k])), outcome };
}

const ms = (n: number) => +n.toFixed(1);

export async function benchLambda() {
  // BENCH_LAMBDA_FUNCTIONS=releases-get,archive measures only those.
  const only = process.env.BENCH_LAMBDA_FUNCTIONS?.split(',').filter(Boolean);
  const functions = functionsOf().filter((f) => !only || only.includes(f.handler));
  if (functions.length === 0) throw new Error(`no Warta functions in ${CDK_OUT}: run npx cdk synth first`);
  const baselines = new Map<string, Baselines>();
  const rows = [];
  const splits = [];
  for (const f of functions) {
    const packages = await sdkPackagesOf(f.handler);
    const setKey = packages.join(' ');
    if (!baselines.has(setKey)) {
      const all: Baselines = {
        plain: await baselineBundle(packages, 'plain'),
        call: await baselineBundle(packages, 'call'),
        traced: await baselineBundle(packages, 'traced'),
      };
      // Warms the file cache, as the first run of anything is slower.
      for (const file of Object.values(all)) coldStartOnce(file, {}, {});
      baselines.set(setKey, all);
    }
    const baseline = baselines.get(setKey)!;
    // The whole bundle: index.js and any file beside it that it requires (bundle.ts SEPARATE_MODULES).
    const files = readdirSync(dirname(f.file))
      .filter((name) => /\.[cm]?js$/.test(name))
      .map((name) => join(dirname(f.file), name));
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    const cold = pairedColdStarts(baseline, f.file, f.env, FIRST_INVOCATION[f.handler]);
    rows.push({
      function: f.handler,
      kB: +(bytes / 1024).toFixed(1),
      gzipKB: +(gzipSync(Buffer.concat(files.map((file) => readFileSync(file)))).length / 1024).toFixed(1),
      underSizeTarget: bytes < SIZE_TARGET ? 'yes' : 'NO',
      coldStartMs: ms(cold.fn.ms),
      baselineMs: ms(cold.base.plain.ms),
      vsBaseline: +cold.ratio.plain.toFixed(2),
      underColdTarget: cold.ratio.plain <= COLD_TARGET ? 'yes' : 'NO',
      sdk: packages.map((name) => name.replace('@aws-sdk/', '')).join(' '),
      firstInvocation: cold.outcome,
    });
    // Node's own start (and exit) is the wall time less what the probe times inside the process.
    const nodeMs = (c: ColdStart) => c.ms - c.loadMs - c.invokeMs;
    splits.push({
      function: f.handler,
      nodeMs: ms(nodeMs(cold.fn)),
      initMs: ms(cold.fn.loadMs),
      firstInvokeMs: ms(cold.fn.invokeMs),
      baseNodeMs: ms(nodeMs(cold.base.plain)),
      baseInitMs: ms(cold.base.plain.loadMs),
      baseInvokeMs: ms(cold.base.plain.invokeMs),
      initOverBase: ms(cold.fn.loadMs - cold.base.plain.loadMs),
      invokeOverBase: ms(cold.fn.invokeMs - cold.base.plain.invokeMs),
      callMs: ms(cold.base.call.ms),
      callInvokeMs: ms(cold.base.call.invokeMs),
      vsBaselineWithCall: +cold.ratio.call.toFixed(2),
      tracedMs: ms(cold.base.traced.ms),
      tracedInitMs: ms(cold.base.traced.loadMs),
      vsTracedBaseline: +cold.ratio.traced.toFixed(2),
    });
  }
  console.log(
    `cold starts against a baseline importing the same SDK clients (each function's ${RUNS} runs paired with ${RUNS} of each baseline's; Node ${process.version})`,
  );
  console.log(table(rows));
  console.log(`
where each cold start goes (medians, ms). Not the target; it explains vsBaseline above.
  nodeMs         Node's own start and exit (wall time less what the probe times inside the process)
  initMs         requiring the bundle: Lambda's init phase
  firstInvokeMs  the first invocation, its first AWS call included (refused at once, so the
                 handler then takes its error path: the error logged, its stack mapped)
  base*          the same for the plain baseline, whose invocation makes no call
  initOverBase + invokeOverBase = what the function adds to that baseline
  callMs         a second baseline: the same clients, and one request sent (through the
                 document client, else the first client; callInvokeMs of it in its invocation);
                 vsBaselineWithCall = the function against it, like with like for the first AWS call
  tracedMs       a third: as callMs, with the clients wrapped by Powertools Tracer and a
                 Powertools Logger made (tracedInitMs its init); vsTracedBaseline = the
                 function against the least the design's libraries cost, i.e. Warta's own share`);
  console.log(table(splits));
  const figures = { runs: RUNS, sizeTargetKB: SIZE_TARGET / 1024, coldTargetVsBaseline: COLD_TARGET, functions: rows, split: splits };
  recordResult('lambda', figures);
  return figures;
}

// Alone, it first builds what is stale (the web app the stack deploys, then cdk.out), as
// `npm run bench` and the other benchmarks do; BENCH_SYNTH=0 measures cdk.out as it is.
runWhenMain(import.meta.url, async () => {
  if (process.env.BENCH_SYNTH !== '0') await buildForLocalCloud(ROOT, CDK_OUT);
  return benchLambda();
});
