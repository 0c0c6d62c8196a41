/**
 * `npx cdk synth` on a fresh clone, with no other step: a copy of the project's sources with
 * no web/dist and no cdk.out (node_modules linked, as `npm ci` would leave them) synthesizes
 * through the real cdk CLI, cdk-nag and WartaChecks included, and the web app's asset holds
 * the built app. A second synth finds the web asset by its sources and does not rebuild it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFLINE_CDK_ENV } from '../../infra/local-cloud/build.js';
import { webAppDirOf } from '../../infra/local-cloud/deployer/site.js';
import { loadStack } from '../../infra/local-cloud/deployer/template.js';
import { REPO_ROOT } from '../../infra/cdk/paths.js';

const SOURCES = ['infra', 'functions', 'web', 'cdk.json', 'package.json', 'package-lock.json', 'tsconfig.json'];
/** What a clone does not have: build output and local state. */
const NOT_IN_A_CLONE = new Set(['web/dist', 'cdk.out', '.warta', 'node_modules']);
const SYNTH_TIMEOUT_MS = 300_000;

function synthIn(dir: string) {
  return spawnSync(join(dir, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--output', join(dir, 'cdk.out')], {
    cwd: dir,
    env: { ...process.env, ...OFFLINE_CDK_ENV },
    encoding: 'utf8',
    timeout: SYNTH_TIMEOUT_MS,
  });
}

describe('a fresh clone', () => {
  let clone: string;
  let first: ReturnType<typeof synthIn>;

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'warta-clone-'));
    for (const source of SOURCES) {
      cpSync(join(REPO_ROOT, source), join(clone, source), {
        recursive: true,
        filter: (path) => !NOT_IN_A_CLONE.has(relative(REPO_ROOT, path)),
      });
    }
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    first = synthIn(clone);
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => rmSync(clone, { recursive: true, force: true }));

  it('synthesizes with npx cdk synth alone, building the web app into its asset', () => {
    expect(existsSync(join(clone, 'web', 'dist')), 'the copy starts without web/dist').toBe(false);
    expect(first.status, first.stderr).toBe(0);

    const webApp = webAppDirOf(loadStack(join(clone, 'cdk.out')));
    expect(webApp).toBeDefined();
    expect(readdirSync(webApp!)).toContain('index.html');
    expect(readdirSync(join(webApp!, 'assets')).some((f) => f.endsWith('.js'))).toBe(true);
    expect(existsSync(join(clone, 'web', 'dist')), 'the build writes into the asset, not web/dist').toBe(false);
  });

  it(
    'does not rebuild an unchanged web app on the next synth',
    () => {
      const again = synthIn(clone);

      expect(again.status, again.stderr).toBe(0);
      expect(first.stderr).toMatch(/Bundling asset Warta\/Site\/WebApp/);
      expect(again.stderr).not.toMatch(/Bundling asset Warta\/Site\/WebApp/);
    },
    SYNTH_TIMEOUT_MS,
  );
});
