import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the local cloud deploys, built before it boots (by `npm start`, the tests' global
 * setup and the benchmarks): the CDK synth (cdk.out), which bundles the functions and builds
 * the web app as assets, skipped when cdk.out is newer than every source it comes from.
 */

/** The environment under which `cdk synth` runs offline, with no AWS account. */
export const OFFLINE_CDK_ENV = {
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_REGION: 'ap-southeast-3',
  CDK_DEFAULT_REGION: 'ap-southeast-3',
  CDK_DEFAULT_ACCOUNT: '111111111111',
};

const IGNORED_DIRS = new Set(['node_modules', 'dist', 'cdk.out', '.warta', '.git']);

/** The newest modification time of the files under the given paths (0 when none exist). */
export function newestMtime(paths: string[], skip: (path: string) => boolean = () => false): number {
  let newest = 0;
  const visit = (path: string) => {
    if (skip(path) || !existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (!IGNORED_DIRS.has(entry)) visit(join(path, entry));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  paths.forEach(visit);
  return newest;
}

function mtimeOf(path: string): number {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

export function synthIsStale(root: string, cdkOut: string): boolean {
  const built = mtimeOf(join(cdkOut, 'manifest.json'));
  // The local cloud's own code is not part of the template; the web app is (its asset).
  const sources = newestMtime(
    [join(root, 'infra'), join(root, 'functions'), join(root, 'web'), join(root, 'cdk.json'), join(root, 'package-lock.json')],
    (path) => path === join(root, 'infra', 'local-cloud'),
  );
  return built === 0 || sources > built;
}

const running = new Set<ChildProcess>();

/** Stops the build tools still running (npm start interrupted while it builds). */
export function stopTools(): void {
  for (const child of running) child.kill('SIGTERM');
}

/** Runs a tool from node_modules/.bin; its output is shown only if it fails. */
export function runTool(root: string, tool: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', tool), args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${tool} ${args.join(' ')} failed (exit ${code}):\n${Buffer.concat(output).toString()}`));
    });
  });
}

/**
 * Synthesizes into cdk.out. The cdk CLI refuses to run while another synth writes to the
 * same folder (cdk.out/synth.lock holds its PID), as happens when several test runs or an
 * `npm start` overlap: then this waits for that synth and only runs if cdk.out is still stale.
 */
export async function synth(root: string, cdkOut: string, options: { force?: boolean } = {}): Promise<void> {
  await waitForOtherSynth(cdkOut);
  if (!options.force && !synthIsStale(root, cdkOut)) return;
  try {
    await runTool(root, 'cdk', ['synth', '--quiet', '--output', cdkOut], OFFLINE_CDK_ENV);
  } catch (error) {
    if (!/currently synthing/.test(String(error))) throw error;
    await waitForOtherSynth(cdkOut);
    if (synthIsStale(root, cdkOut)) await runTool(root, 'cdk', ['synth', '--quiet', '--output', cdkOut], OFFLINE_CDK_ENV);
  }
}

const SYNTH_WAIT_MS = 5 * 60_000;

async function waitForOtherSynth(cdkOut: string): Promise<void> {
  const lock = join(cdkOut, 'synth.lock');
  const deadline = Date.now() + SYNTH_WAIT_MS;
  while (existsSync(lock) && Date.now() < deadline) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    if (!Number.isInteger(pid) || !isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface BuildOptions {
  /** Synthesize even when cdk.out looks newer than its sources. */
  forceSynth?: boolean;
  /** Never synthesize: the cloud assembly is given (`npm start -- --app <dir>`). */
  noSynth?: boolean;
  /** Runs each build that is needed, e.g. to time and print it; by default just runs it. */
  step?: (label: 'cdk synth', work: () => Promise<void>) => Promise<void>;
}

/**
 * Synthesizes when stale: one step, since the synth builds the web app itself (a fresh clone
 * needs nothing else). Returns what it built.
 */
export async function buildForLocalCloud(root: string, cdkOut: string, options: BuildOptions = {}): Promise<string[]> {
  const step = options.step ?? ((_label, work) => work());
  const built: string[] = [];
  if (!options.noSynth && (options.forceSynth || synthIsStale(root, cdkOut))) {
    await step('cdk synth', () => synth(root, cdkOut, { force: options.forceSynth }));
    built.push('cdk synth');
  }
  return built;
}
