/**
 * Stack traces that name Warta's .ts lines, mapped only when an error is logged.
 *
 * A Lambda bundle is one minified index.js with its source map beside it (Warta's own
 * code only, one segment per line: infra/constructs/bundle.ts). Node's
 * --enable-source-maps would map every stack, but it reads the map while the function
 * loads, which is a tenth of a cold start (`npm run bench:lambda`). Here the map is read
 * with the first error that is logged, and each frame in a mapped file is rewritten to
 * its source line; frames elsewhere (Node, a dependency) are left as they are. Outside a
 * bundle (tests, tsx) there is no map and the stack is already the source's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** The file this module runs from: in a Lambda, the bundle (whose map is beside it). */
const SELF = fileURLToPath(import.meta.url);
let selfMap: SourceMap | null | undefined;

/** The bundle's map, read once; frames of any other file (Node, tests, tsx) are left as they are. */
function mapOf(file: string): SourceMap | undefined {
  if (file !== SELF) return undefined;
  if (selfMap === undefined) {
    selfMap = null;
    try {
      if (existsSync(`${SELF}.map`)) selfMap = new SourceMap(JSON.parse(readFileSync(`${SELF}.map`, 'utf8')));
    } catch {
      // An unreadable map leaves the stack as Node wrote it.
    }
  }
  return selfMap ?? undefined;
}

/** `../../functions/aws/x.ts` (relative to the map) as `functions/aws/x.ts`. */
const sourcePath = (source: string) => source.replace(/^(?:file:\/\/)?(?:\.\.?\/)+/, '');

// A frame's location: "(/var/task/index.js:5:1234)" or a bare "/var/task/index.js:5:1234".
const FRAME = /(\(|at )((?:file:\/\/)?\/[^():]+\.[cm]?js):(\d+):(\d+)(\)?)$/;

/** The stack with each frame of a bundle that has a source map rewritten to its source line. */
export function mappedStack(stack: string): string {
  return stack
    .split('\n')
    .map((line) => {
      const match = FRAME.exec(line);
      if (!match) return line;
      const [whole, open, rawFile, lineNo, column, close] = match;
      const file = rawFile!.startsWith('file://') ? fileURLToPath(rawFile!) : rawFile!;
      const entry = mapOf(file)?.findEntry(Number(lineNo) - 1, Number(column) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
      if (!entry?.originalSource) return line;
      return line.slice(0, line.length - whole!.length) + `${open}${sourcePath(entry.originalSource)}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}${close}`;
    })
    .join('\n');
}

/** The error itself, its stack (and its causes') mapped; for a log line about to be written. */
export function withSourceStack<E>(error: E): E {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (typeof e.stack === 'string') e.stack = mappedStack(e.stack);
  }
  return error;
}
