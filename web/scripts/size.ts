/**
 * Prints the gzipped size of every chunk of the built web app and what the submit page
 * loads before it can be used (the entry and its static imports). A benchmark, not a
 * test: `npm run bench:web` builds first. Budget: 60 kB gzipped for the submit page.
 * Then the desk's: what the sign-in page and the desk shell add on top of the submit
 * page, and each desk section on top of the shell; a desk module found among the submit
 * page's static imports fails the run, since the desk must stay code-split from it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 60;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8')) as Record<string, ManifestChunk>;

const gzipKb = (file: string) => gzipSync(readFileSync(dist + file), { level: 9 }).length / 1024;
const kb = (n: number) => `${n.toFixed(2).padStart(8)} kB`;

console.log('chunk                                        gzip');
for (const file of readdirSync(`${dist}assets`)
  .filter((f) => /\.(js|css)$/.test(f))
  .sort()) {
  console.log(`${`assets/${file}`.padEnd(40)} ${kb(gzipKb(`assets/${file}`))}`);
}

/** The entry chunk and everything it imports statically: the JS the submit page runs. */
function staticClosure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const next of manifest[key]?.imports ?? []) staticClosure(next, seen);
  return seen;
}

const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
if (!entry) throw new Error('no entry chunk in the manifest: was the app built with `manifest: true`?');
const submitJs = [...staticClosure(entry)].reduce((sum, key) => sum + gzipKb(manifest[key]!.file), 0);
const verdict = submitJs <= BUDGET_KB ? 'within' : 'OVER';
console.log(`\nsubmit page JS (entry + static imports): ${kb(submitJs)} gzipped — ${verdict} the ${BUDGET_KB} kB budget`);

const submitClosure = staticClosure(entry);
const DESK = /(^|\/)pages\/desk\//;
const leaked = [...submitClosure].filter((key) => DESK.test(key));
if (leaked.length > 0) {
  console.error(`\nthe desk is NOT code-split from the submit page: its entry imports ${leaked.join(', ')} statically`);
  process.exitCode = 1;
}

/** What a lazily loaded chunk adds to what is already loaded (the `base` closure). */
const addedKb = (key: string, base: Set<string>) =>
  [...staticClosure(key)].filter((k) => !base.has(k)).reduce((sum, k) => sum + gzipKb(manifest[k]!.file), 0);

const deskEntries = Object.keys(manifest)
  .filter((key) => manifest[key]!.isDynamicEntry && DESK.test(key))
  .sort();
const shell = deskEntries.find((key) => key.endsWith('DeskShell.svelte'));
const shellBase = shell ? new Set([...submitClosure, ...staticClosure(shell)]) : submitClosure;
console.log('\ndesk chunks (gzip, on top of the submit page; a section on top of the shell)');
for (const key of deskEntries) {
  const base = key === shell || key.endsWith('SignInPage.svelte') ? submitClosure : shellBase;
  console.log(`${key.replace(/^.*pages\/desk\//, 'desk/').padEnd(40)} ${kb(addedKb(key, base))}`);
}
if (leaked.length === 0) console.log('desk code-split from the submit page: yes');
