/**
 * `npm run bench` — every benchmark once, in sequence, each printing its figures and
 * merging them into bench/results.json. A failing benchmark is reported and the rest
 * still run; the exit status says whether all of them ran. None asserts a timing: the
 * targets are printed next to the figures for a person to read.
 */
import { buildForLocalCloud } from '../infra/local-cloud/build.js';
import { benchApi } from './api-load.js';
import { benchAudit } from './audit.js';
import { benchCost } from './cost.js';
import { benchLambda } from './lambda.js';
import { CDK_OUT, REPO_ROOT } from './support/cloud.js';
import { benchUploads } from './uploads.js';
import { benchWorkflow } from './workflow.js';

const BENCHMARKS: [string, () => Promise<unknown>][] = [
  ['lambda', benchLambda],
  ['cost', benchCost],
  ['api', benchApi],
  ['workflow', benchWorkflow],
  ['uploads', benchUploads],
  // Last: it points this process's AWS SDK at its own local cloud.
  ['audit', benchAudit],
];

const only = process.argv.slice(2);
const failed: string[] = [];
await buildForLocalCloud(REPO_ROOT, CDK_OUT);
for (const [name, run] of BENCHMARKS) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== bench:${name} ===`);
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    failed.push(name);
    console.error(`bench:${name} failed:`, error);
  }
  console.log(`(bench:${name} took ${((performance.now() - started) / 1000).toFixed(0)} s)`);
}
console.log(failed.length ? `\nfailed: ${failed.join(', ')}` : '\nall benchmarks ran; figures in bench/results.json');
process.exit(failed.length ? 1 : 0);
