/**
 * Stack traces that name Warta's .ts lines, mapped only when an error is logged.
 *
 * A Lambda bundle is one minified index.js with its source map beside it (Warta's own
 * code only, one segment per line: infra/cdk/constructs/bundle.ts). Node's
 * --enable-source-maps would map every stack, but it reads the map while the function
 * loads, which is a tenth of a cold start (`npm run bench:lambda`). Here the map is read
 * with the first error that is logged, and each frame in a mapped file is rewritten to
 * its source line; frames elsewhere (Node, a dependency) are left as they are. Outside a
 * bundle (tests, tsx) there is no map and the stack is already the source's.
 *
 * The lookup uses the segments the bundler wrote into the map already decoded
 * (DECODED_LINES), not its VLQ `mappings`: decoding those in a process that has just
 * started took longer than the rest of the error's logging.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The source map field with each generated line's segments as flat quadruples (infra/cdk/constructs/bundle.ts). */
export const DECODED_LINES = 'x_warta_lines';

interface BundleMap {
  sources: string[];
  /** Per generated line: [generated column, source index (-1: not Warta's code), original line, original column]… */
  lines: number[][];
}

interface Origin {
  source: string;
  line: number;
  column: number;
}

/** The file this module runs from: in a Lambda, the bundle (whose map is beside it). */
const SELF = fileURLToPath(import.meta.url);
let selfMap: BundleMap | null | undefined;

/** The bundle's map, read once; frames of any other file (Node, tests, tsx) are left as they are. */
function mapOf(file: string): BundleMap | undefined {
  if (file !== SELF) return undefined;
  if (selfMap === undefined) {
    selfMap = null;
    try {
      if (existsSync(`${SELF}.map`)) {
        const raw = JSON.parse(readFileSync(`${SELF}.map`, 'utf8')) as { sources?: unknown; [DECODED_LINES]?: unknown };
        if (Array.isArray(raw.sources) && Array.isArray(raw[DECODED_LINES]))
          selfMap = { sources: raw.sources as string[], lines: raw[DECODED_LINES] as number[][] };
      }
    } catch {
      // An unreadable map leaves the stack as Node wrote it.
    }
  }
  return selfMap ?? undefined;
}

/** Where a zero-based generated position comes from: the last segment of its line at or before its column. */
function originOf(map: BundleMap, line: number, column: number): Origin | undefined {
  const segments = map.lines[line];
  if (!segments) return undefined;
  let low = 0;
  let high = segments.length / 4 - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (segments[middle * 4]! <= column) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found < 0 || segments[found * 4 + 1]! < 0) return undefined;
  const source = map.sources[segments[found * 4 + 1]!];
  return source === undefined ? undefined : { source, line: segments[found * 4 + 2]!, column: segments[found * 4 + 3]! };
}

/** `../../functions/adapters/x.ts` (relative to the map) as `functions/adapters/x.ts`. */
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
      const map = mapOf(file);
      const origin = map && originOf(map, Number(lineNo) - 1, Number(column) - 1);
      if (!origin) return line;
      return (
        line.slice(0, line.length - whole.length) + `${open}${sourcePath(origin.source)}:${origin.line + 1}:${origin.column + 1}${close}`
      );
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
