/**
 * The archive handler as Lambda runs it: bundled by esbuild (with the options of
 * infra/cdk/constructs/bundle.ts) into index.js and PDFKit's file beside it, in a folder with no node_modules, then
 * invoked against the real local stores. This is what proves PDFKit's fonts travel
 * inside the bundle (see functions/domain/render/pdf-engine.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_FILE, bundleHandler, SEPARATE_MODULES } from '../../../infra/cdk/constructs/bundle.js';
import { type OutputStores, startOutputStores } from './harness.js';
import { pdfShownText } from './pdf-text.js';
import { seedRelease } from './seed.js';

type Handler = (input: unknown) => Promise<{ archiveNumber: string; folder: string }>;

const entry = fileURLToPath(new URL('../../../functions/handlers/archive.ts', import.meta.url));
let stores: OutputStores;
let outDir: string;

beforeAll(async () => {
  stores = await startOutputStores();
  outDir = mkdtempSync(join(tmpdir(), 'warta-bundle-'));
});

afterAll(async () => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
  await stores?.stop();
});

async function pdfOf(folder: string): Promise<Buffer> {
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: stores.buckets.archive, Key: `${folder}release.pdf` }));
    return Buffer.from(await out.Body!.transformToByteArray());
  } finally {
    s3.destroy();
  }
}

describe('the bundled archive handler', () => {
  it('runs from its CommonJS bundle with no node_modules beside it and writes the PDF', async () => {
    // Prepare
    // The options of the Lambda bundles (infra/cdk/constructs/bundle.ts), stand-ins included; what
    // they leave to the runtime goes in too, as the temp folder has none. PDFKit computes a URL from import.meta.url when it loads, which the CommonJS bundle defines.
    const dir = join(outDir, 'cjs');
    await bundleHandler(entry, dir, { external: [], sourcemap: false });
    const release = await seedRelease(stores);
    const { handler } = createRequire(import.meta.url)(join(dir, BUNDLE_FILE)) as { handler: Handler };
    // Act
    const result = await handler({ releaseId: release.id, stageId: 'archive' });
    // Assert
    // PDFKit is a file of its own beside index.js, required on the first document.
    expect(readFileSync(join(dir, BUNDLE_FILE), 'utf8')).not.toContain('registerStdFonts');
    expect(readFileSync(join(dir, SEPARATE_MODULES['functions/domain/render/pdfkit-engine.ts']!), 'utf8')).toContain('registerStdFonts');
    const pdf = await pdfOf(result.folder);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfShownText(pdf).replace(/\s+/g, '')).toContain(result.archiveNumber);
  });
});
