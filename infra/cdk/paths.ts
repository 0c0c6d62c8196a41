/**
 * Paths the app needs, built from this module's own folder so `cdk synth`, the tests and
 * the local cloud agree whatever the working directory is.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HANDLERS_DIR = join(REPO_ROOT, 'functions', 'handlers');
export const DEFAULT_CONFIG_PATH = 'infra/config/dkip-malut.json';

/** A path given on the command line or in cdk.json is relative to the repository root. */
export function fromRepoRoot(path: string): string {
  return isAbsolute(path) ? path : join(REPO_ROOT, path);
}
