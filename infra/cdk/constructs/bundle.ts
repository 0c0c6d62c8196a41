/**
 * How a handler becomes its Lambda bundle: one `index.js` (its source map, a
 * package.json saying it is CommonJS, and the file of any separate module it reaches) that
 * esbuild builds from functions/handlers/<name>.ts. WartaFunction runs this file as a
 * script at synth (`node --import tsx infra/cdk/constructs/bundle.ts <entry> <outdir>`);
 * the archive bundle test builds with the same options.
 *
 * Decisions:
 * - the local esbuild, never Docker (no Docker here, and builds stay reproducible offline);
 * - CommonJS `index.js`, with a `package.json` saying so beside it: Node's `require` of
 *   one CommonJS file is the cheapest load there is (an ES module entry goes through the
 *   ESM loader, and any CommonJS it imports through its interop, which lexes each file for
 *   export names). Lambda reads a lone `index.js` as CommonJS anyway; the package.json is for the local cloud, which loads the same folder from inside
 *   this repository, whose package.json says "module". `import.meta.url` (read by bundled
 *   ES modules such as PDFKit's) is defined from `__filename`;
 * - target node20 while the runtime is nodejs22.x: the local cloud runs these same bundles on Node 20;
 * - everything is bundled, the AWS SDK's clients included (nothing is `external`): each
 *   function runs the SDK version package-lock.json pins, tested locally, never the one the
 *   Lambda runtime happens to ship;
 * - a source map of Warta's own code only (ownSourcesOnly below), with which a logged
 *   error's stack is mapped when it is logged (functions/runtime/source-stack.ts) rather than
 *   by --enable-source-maps at every load;
 * - a module only some invocations run and big enough to weigh on every cold start (PDFKit)
 *   is a file of its own beside index.js, required when first reached (SEPARATE_MODULES):
 *   V8 parses all of a script it loads, and PDFKit was half of the largest bundles. The
 *   300 kB benchmark counts every file of the bundle;
 * - stand-ins (functions/stand-ins/) replace the few large modules of dependencies that
 *   Warta's code paths never run, where leaving them in would bring a bundle near or over
 *   the benchmark's 1 MB, or would load at every cold start for nothing (bench/README.md
 *   lists each with its weight). Each stand-in says
 *   why it is safe and fails loudly, or answers as the module would, if reached.
 *   esbuild's `alias` replaces packages by import name; files that a package imports by
 *   relative path are out of its reach, so a small resolve plugin replaces those. This
 *   needs esbuild's JavaScript API, which is why the bundling is not NodejsFunction's (its
 *   esbuild command line takes no plugins).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode, encode, type SourceMapSegment } from '@jridgewell/sourcemap-codec';
import { build, type BuildOptions, type BuildResult, type Plugin } from 'esbuild';
import { DECODED_LINES } from '../../../functions/runtime/source-stack.js';
import { REPO_ROOT } from '../paths.js';

export const BUNDLE_FILE = 'index.js';
/** What bundled ES modules read as `import.meta.url`, once the bundle is CommonJS (banner and define). */
export const IMPORT_META_URL_BANNER = "const __wartaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;";
const IMPORT_META_URL_DEFINE = { 'import.meta.url': '__wartaImportMetaUrl' };
const COMMONJS_PACKAGE_JSON = '{"type":"commonjs"}\n';

const STAND_INS_DIR = join(REPO_ROOT, 'functions', 'stand-ins');
const NODE_MODULES = join(REPO_ROOT, 'node_modules');

/** Packages replaced wherever they are imported by name. */
export const PACKAGE_STAND_INS: Record<string, string> = {
  // PDFs use the standard fonts only: fontkit (and its Brotli decoder, ~740 kB) stays out.
  fontkit: join(STAND_INS_DIR, 'fontkit.ts'),
};

/** Files inside packages (paths under node_modules), replaced where the package imports them by relative path. */
export const FILE_STAND_INS: Record<string, string> = {
  // Every mail part has its content type and file name: nodemailer's 2,000-type table (74 kB) stays out.
  'nodemailer/dist/esm/mime-funcs/mime-types.js': join(STAND_INS_DIR, 'mime-types.ts'),
  // The functions use SDK v3 only: X-Ray's SDK v2 patcher, and all of semver with it (30 kB), stay out.
  'aws-xray-sdk-core/dist/lib/patchers/aws_p.js': join(STAND_INS_DIR, 'xray-sdk-v2-patcher.ts'),
  // The agenda workbook is XLSX only: exceljs's CSV module, and fast-csv and dayjs with it, stay out.
  'exceljs/lib/csv/csv.js': join(STAND_INS_DIR, 'exceljs-csv.ts'),
};

/**
 * Modules that a bundle carries as files of their own beside index.js, loaded by the
 * dynamic import that reaches them (esbuild turns it into a `require` of the file): code
 * that only some invocations run, large enough that parsing it with index.js was a
 * measurable part of every cold start. Source file (under the repository) -> file name.
 */
export const SEPARATE_MODULES: Record<string, string> = {
  // PDFKit (140 kB): parsed only by an invocation that draws a PDF.
  'functions/domain/render/pdfkit-engine.ts': 'pdfkit-engine.js',
  // exceljs's Workbook (about 490 kB): parsed only when the agenda book is exported as XLSX.
  'functions/domain/audit/xlsx-engine.ts': 'xlsx-engine.js',
};

/** Marks the imports of a SEPARATE_MODULES source as the external file the bundle will carry; records which were met. */
function separateModules(met: Set<string>): Plugin {
  const byPath = new Map(Object.entries(SEPARATE_MODULES).map(([source, file]) => [join(REPO_ROOT, source), file]));
  return {
    name: 'warta-separate-modules',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
        const file = byPath.get(path);
        if (!file || args.importer === path) return undefined;
        met.add(path);
        return { path: `./${file}`, external: true };
      });
    },
  };
}

/** Resolves the relative imports that land on a FILE_STAND_INS file to its stand-in. */
function fileStandIns(): Plugin {
  const byPath = new Map<string, string>();
  for (const [file, standIn] of Object.entries(FILE_STAND_INS)) {
    const path = join(NODE_MODULES, file);
    // An upgrade that moves the file would otherwise silently bring the whole module back.
    if (!existsSync(path))
      throw new Error(`bundle stand-in: ${file} is not in node_modules any more; update FILE_STAND_INS in infra/cdk/constructs/bundle.ts`);
    byPath.set(path, standIn);
  }
  return {
    name: 'warta-file-stand-ins',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        // CommonJS packages require their files without the extension.
        const path = resolve(dirname(args.importer), args.path);
        const standIn = byPath.get(path) ?? byPath.get(`${path}.js`);
        return standIn ? { path: standIn } : undefined;
      });
    },
  };
}

/** The esbuild options of a handler's bundle, written to `outdir/index.js`. */
function bundleOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: join(outdir, BUNDLE_FILE),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: { js: IMPORT_META_URL_BANNER },
    define: IMPORT_META_URL_DEFINE,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    alias: PACKAGE_STAND_INS,
    plugins: [fileStandIns()],
    // An import() of a separate module's file becomes a require() of it: a CommonJS file
    // loaded the cheap way, not through the ES module loader.
    supported: { 'dynamic-import': false },
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    absWorkingDir: REPO_ROOT,
    logLevel: 'error',
  };
}

/**
 * Builds the handler's bundle into `outdir`, with the package.json that marks it CommonJS.
 * `overrides` lets a test change an option (no source map, a metafile).
 */
export async function bundleHandler(entry: string, outdir: string, overrides: BuildOptions = {}): Promise<BuildResult> {
  const separate = new Set<string>();
  const options = bundleOptions(entry, outdir);
  const result = await build({ ...options, plugins: [...options.plugins!, separateModules(separate)], ...overrides });
  // Each separate module the handler reaches, built with the same options into its file.
  for (const source of separate) {
    const file = SEPARATE_MODULES[relative(REPO_ROOT, source).split(sep).join('/')]!;
    await build({ ...bundleOptions(source, outdir), outfile: join(outdir, file), sourcemap: false, ...overrides, metafile: false });
  }
  const mapFile = join(outdir, `${BUNDLE_FILE}.map`);
  if (existsSync(mapFile)) writeFileSync(mapFile, JSON.stringify(ownSourcesOnly(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMap)));
  writeFileSync(join(outdir, 'package.json'), COMMONJS_PACKAGE_JSON);
  return result;
}

interface SourceMap {
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  [field: string]: unknown;
}

/**
 * The source map cut down to Warta's own code, one segment per source line: a logged
 * stack names functions/…/*.ts lines (functions/runtime/source-stack.ts), and the map is read
 * and parsed with the first error logged, so its size is paid then. Three quarters of a
 * full map is dependencies' code nobody debugs from a log. Each run of dependency code
 * becomes one unmapped segment: its positions map to nothing rather than to the Warta
 * line before them, and a frame inside a dependency keeps its bundle position.
 */
export function ownSourcesOnly(map: SourceMap): SourceMap {
  const isOwn = (source: string) => !source.split('/').includes('node_modules');
  const sources: string[] = [];
  const sourceIndex = new Map<number, number>();
  const names: string[] = [];
  const nameIndex = new Map<number, number>();
  const indexIn = <T>(list: T[], index: Map<number, number>, old: number, value: T) => {
    if (!index.has(old)) index.set(old, list.push(value) - 1);
    return index.get(old)!;
  };
  const lines = decode(map.mappings).map((line) => {
    const kept: SourceMapSegment[] = [];
    let inDependency = false;
    let lastLine = '';
    for (const segment of line) {
      if (segment.length === 1 || !isOwn(map.sources[segment[1]]!)) {
        if (!inDependency) kept.push([segment[0]]);
        inDependency = true;
        lastLine = '';
        continue;
      }
      inDependency = false;
      // One segment per original line: a position maps to the segment before it, so the
      // line stays exact (the column is the line's first mapped one).
      const originalLine = `${segment[1]}:${segment[2]}`;
      if (originalLine === lastLine) continue;
      lastLine = originalLine;
      const source = indexIn(sources, sourceIndex, segment[1], map.sources[segment[1]]!);
      kept.push(
        segment.length === 5
          ? [segment[0], source, segment[2], segment[3], indexIn(names, nameIndex, segment[4], map.names[segment[4]]!)]
          : [segment[0], source, segment[2], segment[3]],
      );
    }
    return kept;
  });
  return { ...map, sources, names, mappings: encode(lines), [DECODED_LINES]: decodedLines(lines) };
}

/**
 * The source map's extension field (ECMA-426 reserves `x_` names for these) holding the
 * kept mappings already decoded: per generated line, its segments as flat quadruples
 * [generated column, source index, original line, original column], source index -1 for
 * a run of dependency code. Decoding the VLQ `mappings` in a function that has just
 * started would slow the first error's logging (Node's SourceMap); JSON.parse of the
 * numbers is native. functions/runtime/source-stack.ts reads this field; tools read `mappings`.
 */
function decodedLines(lines: SourceMapSegment[][]): number[][] {
  return lines.map((line) =>
    line.flatMap((segment) => (segment.length === 1 ? [segment[0], -1, -1, -1] : [segment[0], segment[1], segment[2], segment[3]])),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node --import tsx infra/cdk/constructs/bundle.ts <handler entry> <output folder>');
    process.exit(2);
  }
  await bundleHandler(resolve(entry), resolve(outdir));
}
