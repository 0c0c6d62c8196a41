import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildForLocalCloud } from '../../infra/local-cloud/build.js';

/**
 * Vitest globalSetup (vitest.config.ts, node project): synthesize the app once per run, and
 * only when cdk.out is older than the sources, so the suites that boot the local cloud on
 * the real template (test/local, test/e2e) never each pay for a synth. A run limited to
 * other files (`vitest run test/unit/...`) skips it; so does WARTA_SKIP_SYNTH=1.
 */
export default async function setup(): Promise<void> {
  if (process.env.WARTA_SKIP_SYNTH === '1' || !runNeedsTemplate(process.argv.slice(2))) return;
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const cdkOut = join(root, 'cdk.out');
  // The synth builds the web app into its asset too; the local cloud serves it from cdk.out.
  const timed = async (label: string, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    console.log(`global setup: ${label} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    await buildForLocalCloud(root, cdkOut, { step: timed });
  } catch (error) {
    // Only the suites that boot the real template (or serve the web app) need these; they
    // fail on their own and say why, while every other suite still runs.
    console.warn(`global setup: building for the local cloud failed, suites on the real template will fail:\n${String(error)}`);
  }
}

/** False only when every file filter on the command line points away from the cloud suites. */
export function runNeedsTemplate(args: string[]): boolean {
  const filters = args.filter((a) => !a.startsWith('-') && (a.includes('/') || a.includes('.test')));
  if (filters.length === 0) return true;
  return filters.some((f) => /e2e|local|cloud|support|reliability/.test(f));
}
