/**
 * How a handler becomes its Lambda bundle: one `index.js` (its source map, and a
 * package.json saying it is CommonJS) that
 * esbuild builds from functions/handlers/<name>.ts. WartaFunction runs this file as a
 * script at synth (`node --import tsx infra/constructs/bundle.ts <entry> <outdir>`);
 * the archive bundle test builds with the same options.
 *
 * Decisions:
 * - the local esbuild, never Docker (no Docker here, and builds stay reproducible offline);
 * - CommonJS `index.js`, with a `package.json` saying so beside it: the AWS SDK the runtime
 *   provides is CommonJS, and Node loads CommonJS from CommonJS with plain `require`. From an
 *   ES module every SDK file would instead go through the ESM loader's CommonJS interop,
 *   which lexes each one for its export names: measured with `npm run bench:lambda`, that
 *   interop was about 40% of a cold start. Lambda reads a lone `index.js` as CommonJS
 *   anyway; the package.json is for the local cloud, which loads the same folder from inside
 *   this repository, whose package.json says "module". `import.meta.url` (read by bundled
 *   ES modules such as PDFKit's) is defined from `__filename`;
 * - target node20 while the runtime is nodejs22.x: the local cloud runs these same bundles on Node 20;
 * - @aws-sdk is left to the runtime, as AWS recommends: every Node.js runtime since 18 ships
 *   the v3 SDK (clients and the lib-* packages), which keeps each bundle a fraction of its
 *   size and its cold start short. The local cloud loads the bundles from cdk.out inside
 *   the repository, where the same bare imports resolve to the SDK pinned in
 *   package-lock.json. The runtime's SDK may be a few versions behind ours; Warta uses
 *   only long-stable operations;
 * - stand-ins (functions/stand-ins/) replace modules of dependencies that Warta's code
 *   paths never run, or that Node already provides, so that every bundle stays under the
 *   benchmark's 300 kB (bench/README.md). Each stand-in says why it is safe; one for code
 *   Warta never runs fails loudly if reached.
 *   esbuild's `alias` replaces packages by import name; files that a package imports by
 *   relative path are out of its reach, so a small resolve plugin replaces those. This
 *   needs esbuild's JavaScript API, which is why the bundling is not NodejsFunction's (its
 *   esbuild command line takes no plugins).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type BuildOptions, type BuildResult, type Plugin } from 'esbuild';
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
  // PDFs use the standard fonts only: fontkit (and its Brotli decoder, ~700 kB) stays out.
  fontkit: join(STAND_INS_DIR, 'fontkit.ts'),
  // PDFs are never encrypted.
  '@noble/ciphers/aes': join(STAND_INS_DIR, 'pdf-aes.ts'),
  // PDF streams are deflated by Node's zlib, as PDFKit's own Node build does.
  fflate: join(STAND_INS_DIR, 'pdf-deflate.ts'),
};

/** Files inside packages (paths under node_modules), replaced where the package imports them by relative path. */
export const FILE_STAND_INS: Record<string, string> = {
  // Every mail part has its content type and file name: nodemailer's 2,000-type table (74 kB) stays out.
  'nodemailer/dist/esm/mime-funcs/mime-types.js': join(STAND_INS_DIR, 'mime-types.ts'),
  // No attachment is fetched from a URL.
  'nodemailer/dist/esm/fetch/index.js': join(STAND_INS_DIR, 'mail-fetch.ts'),
};

/** Resolves the relative imports that land on a FILE_STAND_INS file to its stand-in. */
function fileStandIns(): Plugin {
  const byPath = new Map<string, string>();
  for (const [file, standIn] of Object.entries(FILE_STAND_INS)) {
    const path = join(NODE_MODULES, file);
    // An upgrade that moves the file would otherwise silently bring the whole module back.
    if (!existsSync(path)) throw new Error(`bundle stand-in: ${file} is not in node_modules any more; update FILE_STAND_INS in infra/constructs/bundle.ts`);
    byPath.set(path, standIn);
  }
  return {
    name: 'warta-file-stand-ins',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const standIn = byPath.get(resolve(dirname(args.importer), args.path));
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
    external: ['@aws-sdk/*'],
    alias: PACKAGE_STAND_INS,
    plugins: [fileStandIns()],
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    absWorkingDir: REPO_ROOT,
    logLevel: 'error',
  };
}

/**
 * Builds the handler's bundle into `outdir`, with the package.json that marks it CommonJS.
 * `overrides` is for tests that bundle outside a runtime (e.g. the AWS SDK bundled in too).
 */
export async function bundleHandler(entry: string, outdir: string, overrides: BuildOptions = {}): Promise<BuildResult> {
  const result = await build({ ...bundleOptions(entry, outdir), ...overrides });
  writeFileSync(join(outdir, 'package.json'), COMMONJS_PACKAGE_JSON);
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [entry, outdir] = process.argv.slice(2);
  if (!entry || !outdir) {
    console.error('usage: node --import tsx infra/constructs/bundle.ts <handler entry> <output folder>');
    process.exit(2);
  }
  await bundleHandler(resolve(entry), resolve(outdir));
}
