import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synth, synthIsStale } from '../../infra/local/build.js';

/**
 * Vitest globalSetup: synthesize the app once per run, and only when cdk.out is older than
 * the sources, so test files that boot the local cloud on the real template never each
 * pay for a synth. Enable in vitest.config.ts: `globalSetup: ['test/support/global-setup.ts']`.
 * WARTA_SKIP_SYNTH=1 skips it (e.g. when only unit tests run).
 */
export default async function setup(): Promise<void> {
  if (process.env.WARTA_SKIP_SYNTH === '1') return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cdkOut = join(root, 'cdk.out');
  if (!synthIsStale(root, cdkOut)) return;
  const started = performance.now();
  try {
    await synth(root, cdkOut);
    console.log(`global setup: cdk synth in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    // Only the suites that boot the real template need cdk.out; they fail on their own and
    // say why, while every other suite still runs.
    console.warn(`global setup: cdk synth failed, suites on the real template will fail:\n${String(error)}`);
  }
}
