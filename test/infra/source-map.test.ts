/**
 * The Lambda bundles' source maps keep Warta's own code only (infra/cdk/constructs/bundle.ts
 * ownSourcesOnly), and a logged error's stack is mapped with them when it is logged
 * (functions/runtime/source-stack.ts), without --enable-source-maps: a Warta frame names its
 * .ts line (the line, not the column), a frame inside a dependency keeps its bundle
 * position (it is not pinned on the Warta line before it), and no dependency is left in
 * the map.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleHandler } from '../../infra/cdk/constructs/bundle.js';
import { DECODED_LINES } from '../../functions/runtime/source-stack.js';
import { REPO_ROOT } from '../../infra/cdk/paths.js';

// Inside the repository (in its ignored .warta folder), where the entry's imports resolve.
mkdirSync(join(REPO_ROOT, '.warta'), { recursive: true });
const dir = mkdtempSync(join(REPO_ROOT, '.warta', 'map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A handler of its own, outside node_modules, that fails in its own code or inside zod,
// and answers with the stack as it would be logged.
const ENTRY = `import * as z from 'zod/mini';
import { withSourceStack } from '../../functions/runtime/source-stack.js';
export function ownFailure(): never {
  throw new Error('gagal di kode Warta');
}
export const handler = async (event: { inZod?: boolean }) => {
  try {
    if (event.inZod) z.string().check(z.refine(() => { throw new Error('gagal di zod'); })).parse('x');
    else ownFailure();
  } catch (e) {
    return { raw: (e as Error).stack, logged: withSourceStack(e as Error).stack };
  }
};
`;

function stacksOf(event: object): { raw: string; logged: string } {
  const script = `require(${JSON.stringify(join(dir, 'out', BUNDLE_FILE))}).handler(${JSON.stringify(event)}).then((s) => process.stdout.write(JSON.stringify(s)));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { raw: string; logged: string };
}

describe('the source map of a Lambda bundle', () => {
  it("keeps only Warta's sources, and a logged stack names the .ts line of a Warta frame", async () => {
    // Prepare
    writeFileSync(join(dir, 'entry.ts'), ENTRY);
    await bundleHandler(join(dir, 'entry.ts'), join(dir, 'out'));
    // Act
    const map = JSON.parse(readFileSync(join(dir, 'out', `${BUNDLE_FILE}.map`), 'utf8')) as { sources: string[] };
    const own = stacksOf({});
    const inZod = stacksOf({ inZod: true });
    // Assert
    expect(map.sources.map((s) => s.replace(/^(\.\.\/)+/, '')).sort()).toEqual([
      expect.stringMatching(/entry\.ts$/),
      'functions/runtime/source-stack.ts',
    ]);
    expect(own.raw.split('\n')[1]).toMatch(/index\.js:\d+:\d+\)$/);
    expect(own.logged.split('\n')[1]).toMatch(/at \S+ \(entry\.ts:4:\d+\)$/);
    // The refinement is Warta's code (line 8); zod's own frames below it keep bundle positions.
    expect(inZod.logged.split('\n')[1]).toMatch(/entry\.ts:8:\d+\)$/);
    const zodFrames = inZod.logged
      .split('\n')
      .slice(2)
      .filter((l) => !l.includes('entry.ts') && l.includes(BUNDLE_FILE));
    expect(zodFrames.length).toBeGreaterThan(0);
    expect(inZod.logged).not.toMatch(/node_modules/);
    // Logging the same error again changes nothing.
    expect(own.logged.split('\n')[0]).toBe('Error: gagal di kode Warta');
  });

  it('carries its mappings decoded too, segment for segment the same as its VLQ mappings', () => {
    const map = JSON.parse(readFileSync(join(dir, 'out', `${BUNDLE_FILE}.map`), 'utf8')) as {
      mappings: string;
      [DECODED_LINES]: number[][];
    };
    const fromVlq = decode(map.mappings).map((line) =>
      line.flatMap((s) => (s.length === 1 ? [s[0], -1, -1, -1] : [s[0], s[1], s[2], s[3]])),
    );
    expect(map[DECODED_LINES]).toEqual(fromVlq);
    expect(fromVlq.flat().filter((n) => n >= 0).length).toBeGreaterThan(0);
  });
});
