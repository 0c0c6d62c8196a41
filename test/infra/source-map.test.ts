/**
 * The Lambda bundles' source maps keep Warta's own code only (infra/constructs/bundle.ts
 * ownSourcesOnly): a stack logged with --enable-source-maps still names the .ts line (the line, not the column) of
 * Warta's frames, a frame inside a dependency keeps its bundle position (it is not
 * pinned on the Warta line before it), and no dependency is left in the map.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleHandler } from '../../infra/constructs/bundle.js';
import { REPO_ROOT } from '../../infra/paths.js';

// Inside the repository (in its ignored .warta folder), where the entry's imports resolve.
mkdirSync(join(REPO_ROOT, '.warta'), { recursive: true });
const dir = mkdtempSync(join(REPO_ROOT, '.warta', 'map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A handler of its own, outside node_modules, that fails in its own code or inside zod.
const ENTRY = `import * as z from 'zod/mini';
export function ownFailure(): never {
  throw new Error('gagal di kode Warta');
}
export const handler = async (event: { inZod?: boolean }) => {
  if (event.inZod) return z.string().check(z.refine(() => { throw new Error('gagal di zod'); })).parse('x');
  return ownFailure();
};
`;

function stackOf(event: object): string {
  const script = `require(${JSON.stringify(join(dir, 'out', BUNDLE_FILE))}).handler(${JSON.stringify(event)}).catch((e) => { process.stdout.write(e.stack); });`;
  return execFileSync(process.execPath, ['--enable-source-maps', '-e', script], { encoding: 'utf8' });
}

describe('the source map of a Lambda bundle', () => {
  it("keeps only Warta's sources, and names the .ts line of a Warta frame", async () => {
    // Prepare
    writeFileSync(join(dir, 'entry.ts'), ENTRY);
    await bundleHandler(join(dir, 'entry.ts'), join(dir, 'out'));
    // Act
    const map = JSON.parse(readFileSync(join(dir, 'out', `${BUNDLE_FILE}.map`), 'utf8')) as { sources: string[] };
    const own = stackOf({});
    const inZod = stackOf({ inZod: true });
    // Assert
    expect(map.sources).toHaveLength(1);
    expect(map.sources[0]).toMatch(/entry\.ts$/);
    expect(own.split('\n')[1]).toMatch(/at ownFailure \(.*entry\.ts:3:\d+\)/);
    // The refinement is Warta's code (line 6); zod's own frames below it keep bundle positions.
    expect(inZod.split('\n')[1]).toMatch(/entry\.ts:6:/);
    const zodFrames = inZod.split('\n').slice(2).filter((l) => !l.includes('entry.ts') && l.includes(BUNDLE_FILE));
    expect(zodFrames.length).toBeGreaterThan(0);
    expect(inZod).not.toMatch(/node_modules/);
  });
});
