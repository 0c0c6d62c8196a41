/**
 * Prints the gzipped size of every chunk of the built web app and what the submit page
 * loads before it can be used (the entry and its static imports). A benchmark, not a
 * test: `npm run bench:web` builds first. Budget: 60 kB gzipped for the submit page.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 60;
const dist = fileURLToPath(new URL('../dist/', import.meta.url));

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
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
