/**
 * `npm run bench:lambda` — the size of each function's bundle in cdk.out (its .js files), and its cold
 * start (a fresh Node process that loads the bundle and invokes it once) against an empty
 * handler bundled the same way, each run of a function paired with one of the empty
 * handler's. Targets: under 300 kB minified; cold start under 2x the empty handler's.
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
import { build } from 'esbuild';
import type { HandlerName } from '../functions/domain/workflow.js';
import { buildForLocalCloud } from '../infra/local/build.js';
import { median, recordResult, runWhenMain, table } from './results.js';
import { FIRST_INVOCATION } from './support/first-invocations.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CDK_OUT = process.env.CDK_OUT ?? join(ROOT, 'cdk.out');
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SIZE_TARGET = 300 * 1024;

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
      for (const [k, v] of Object.entries(r.Properties.Environment?.Variables ?? {})) env[k] = typeof v === 'string' ? v : `bench-${k.toLowerCase()}`;
      env.WARTA_CONFIG = typeof env.WARTA_CONFIG === 'string' && env.WARTA_CONFIG.startsWith('{') ? env.WARTA_CONFIG : JSON.stringify(JSON.parse(config));
      const dir = join(CDK_OUT, r.Metadata['aws:asset:path'] as string);
      // The file Lambda's runtime would pick for handler `index.*`: .js, then .mjs.
      const file = ['index.js', 'index.mjs'].map((f) => join(dir, f)).find((f) => existsSync(f)) ?? join(dir, 'index.js');
      return { handler: r.Metadata['warta:handler'] as HandlerName, file, env };
    });
}

/** An empty handler, bundled and laid out as the functions are (CommonJS index.js). */
async function emptyHandlerBundle(format: 'cjs' | 'esm'): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-empty-'));
  const file = join(dir, format === 'cjs' ? 'index.js' : 'index.mjs');
  writeFileSync(join(dir, 'entry.ts'), 'export const handler = async () => ({ statusCode: 200 });\n');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: format === 'cjs' ? 'commonjs' : 'module' }));
  await build({ entryPoints: [join(dir, 'entry.ts')], outfile: file, bundle: true, minify: true, format, platform: 'node', target: 'node20' });
  return file;
}

/** One cold start: a fresh Node process that loads the bundle and invokes it once; its wall time and how the invocation ended. */
function coldStartOnce(file: string, env: Record<string, string>, event: unknown): { ms: number; outcome: string } {
  const closed = 'http://127.0.0.1:9';
  const childEnv = {
    PATH: process.env.PATH ?? '', AWS_REGION: 'ap-southeast-3', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL: closed, AWS_S3_FORCE_PATH_STYLE: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', NODE_NO_WARNINGS: '1', ...env,
  };
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [fileURLToPath(new URL('./cold-start-probe.mjs', import.meta.url)), file, JSON.stringify(event)], { env: childEnv, encoding: 'utf8', timeout: 30_000 });
  const ms = performance.now() - t0;
  const probe = (run.stdout ?? '').split('@@probe@@')[1];
  return { ms, outcome: probe ? ((JSON.parse(probe) as { outcome?: string }).outcome ?? '?') : `exit ${run.status}` };
}

/**
 * A function's cold starts, each run paired with one of the empty handler's just before
 * it: a shared machine drifts over a run of the whole table, and within a second or two
 * (another process, the CPU's clock: a fresh Node process takes 31-35 ms for a while,
 * then 43-47). The figure is the median of the pairs' ratios, each taken within one such
 * spell, which keeps the drift out of it.
 */
function pairedColdStarts(empty: string, file: string, env: Record<string, string>, event: unknown) {
  const fn: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  let outcome = '';
  for (let i = 0; i < RUNS; i++) {
    base.push(coldStartOnce(empty, {}, {}).ms);
    const run = coldStartOnce(file, env, event);
    fn.push(run.ms);
    ratios.push(run.ms / base.at(-1)!);
    outcome = run.outcome;
  }
  return { ms: median(fn), emptyMs: median(base), ratio: median(ratios), baseSamples: base, outcome };
}

export async function benchLambda() {
  const functions = functionsOf();
  if (functions.length === 0) throw new Error(`no Warta functions in ${CDK_OUT}: run npx cdk synth first`);
  const empty = await emptyHandlerBundle(functions[0]!.file.endsWith('.mjs') ? 'esm' : 'cjs');
  coldStartOnce(empty, {}, {}); // warms the file cache, as the first run of anything is slower
  const allEmpty: number[] = [];
  const rows = functions.map((f) => {
    // The whole bundle: index.js and any file beside it that it requires (bundle.ts SEPARATE_MODULES).
    const files = readdirSync(dirname(f.file)).filter((name) => /\.[cm]?js$/.test(name)).map((name) => join(dirname(f.file), name));
    const bytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
    const cold = pairedColdStarts(empty, f.file, f.env, FIRST_INVOCATION[f.handler]);
    allEmpty.push(...cold.baseSamples);
    return {
      function: f.handler,
      kB: +(bytes / 1024).toFixed(1),
      gzipKB: +(gzipSync(Buffer.concat(files.map((file) => readFileSync(file)))).length / 1024).toFixed(1),
      underSizeTarget: bytes < SIZE_TARGET ? 'yes' : 'NO',
      coldStartMs: +cold.ms.toFixed(1),
      emptyMs: +cold.emptyMs.toFixed(1),
      vsEmpty: +cold.ratio.toFixed(2),
      underColdTarget: cold.ratio < 2 ? 'yes' : 'NO',
      firstInvocation: cold.outcome,
    };
  });
  const emptyMs = median(allEmpty);
  console.log(`empty handler cold start: ${emptyMs.toFixed(1)} ms (median of ${allEmpty.length}, each function's ${RUNS} runs paired with ${RUNS} of it; Node ${process.version})`);
  console.log(table(rows));
  const figures = { emptyHandlerColdStartMs: +emptyMs.toFixed(1), runs: RUNS, functions: rows };
  recordResult('lambda', figures);
  return figures;
}

// Alone, it first builds what is stale (the web app the stack deploys, then cdk.out), as
// `npm run bench` and the other benchmarks do; BENCH_SYNTH=0 measures cdk.out as it is.
runWhenMain(import.meta.url, async () => {
  if (process.env.BENCH_SYNTH !== '0') await buildForLocalCloud(ROOT, CDK_OUT);
  return benchLambda();
});
