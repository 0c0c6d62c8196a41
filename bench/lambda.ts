/**
 * `npm run bench:lambda` — the size of each function's bundle in cdk.out, and its cold
 * start (a fresh Node process that loads the bundle and invokes it once) against an empty
 * handler bundled the same way, in the same run. Targets: under 300 kB minified; cold
 * start under 2x the empty handler's.
 *
 * The functions are invoked with events they refuse or fail on quickly, and AWS endpoints
 * that refuse connections at once, so what is measured is start-up and the first pass
 * through the handler, not a network.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { median, recordResult, table } from './results.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CDK_OUT = process.env.CDK_OUT ?? join(ROOT, 'cdk.out');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const SIZE_TARGET = 300 * 1024;

interface FunctionAsset {
  handler: string;
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
      for (const [k, v] of Object.entries(r.Properties.Environment?.Variables ?? {})) env[k] = typeof v === 'string' ? v : `bench-${k.toLowerCase()}`;
      env.WARTA_CONFIG = typeof env.WARTA_CONFIG === 'string' && env.WARTA_CONFIG.startsWith('{') ? env.WARTA_CONFIG : JSON.stringify(JSON.parse(config));
      return { handler: r.Metadata['warta:handler'] as string, file: join(CDK_OUT, r.Metadata['aws:asset:path'] as string, 'index.mjs'), env };
    });
}

async function emptyHandlerBundle(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-empty-'));
  writeFileSync(join(dir, 'entry.ts'), 'export const handler = async () => ({ statusCode: 200 });\n');
  await build({ entryPoints: [join(dir, 'entry.ts')], outfile: join(dir, 'index.mjs'), bundle: true, minify: true, format: 'esm', platform: 'node', target: 'node20' });
  return join(dir, 'index.mjs');
}

function eventFor(handler: string): unknown {
  // API handlers get a request with a body that is not JSON: they refuse it (4xx) without AWS.
  if (['uploads-create', 'uploads-complete', 'releases-create', 'releases-get', 'tasks-get', 'tasks-act', 'audit-api'].includes(handler)) {
    return { version: '2.0', rawPath: '/api/x', rawQueryString: '', headers: {}, body: 'not json', isBase64Encoded: false, pathParameters: {}, requestContext: { http: { method: 'POST', path: '/api/x', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench' } };
  }
  return {};
}

function coldStart(file: string, env: Record<string, string>, event: unknown) {
  const closed = 'http://127.0.0.1:9';
  const childEnv = {
    PATH: process.env.PATH ?? '', AWS_REGION: 'ap-southeast-3', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL: closed, AWS_S3_FORCE_PATH_STYLE: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_NO_WARNINGS: '1', ...env,
  };
  const samples: number[] = [];
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, [fileURLToPath(new URL('./cold-start-probe.mjs', import.meta.url)), file, JSON.stringify(event)], { env: childEnv, encoding: 'utf8', timeout: 30_000 });
    samples.push(performance.now() - t0);
    const probe = (run.stdout ?? '').split('@@probe@@')[1];
    outcome = probe ? ((JSON.parse(probe) as { outcome?: string }).outcome ?? '?') : `exit ${run.status}`;
  }
  return { ms: median(samples), outcome };
}

export async function benchLambda() {
  const functions = functionsOf();
  if (functions.length === 0) throw new Error(`no Warta functions in ${CDK_OUT}: run npx cdk synth first`);
  const empty = await emptyHandlerBundle();
  const baseline = coldStart(empty, {}, {});
  const rows = functions.map((f) => {
    const bytes = statSync(f.file).size;
    const cold = coldStart(f.file, f.env, eventFor(f.handler));
    return {
      function: f.handler,
      kB: +(bytes / 1024).toFixed(1),
      gzipKB: +(gzipSync(readFileSync(f.file)).length / 1024).toFixed(1),
      underSizeTarget: bytes < SIZE_TARGET ? 'yes' : 'NO',
      coldStartMs: +cold.ms.toFixed(1),
      vsEmpty: +(cold.ms / baseline.ms).toFixed(2),
      underColdTarget: cold.ms < 2 * baseline.ms ? 'yes' : 'NO',
      firstInvocation: cold.outcome,
    };
  });
  console.log(`empty handler cold start: ${baseline.ms.toFixed(1)} ms (median of ${RUNS}, Node ${process.version})`);
  console.log(table(rows));
  const figures = { emptyHandlerColdStartMs: +baseline.ms.toFixed(1), runs: RUNS, functions: rows };
  recordResult('lambda', figures);
  return figures;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env.BENCH_SYNTH !== '0') execFileSync('npx', ['cdk', 'synth', '--quiet'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } });
  await benchLambda();
}
