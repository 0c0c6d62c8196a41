/**
 * How the local invoker loads a handler file: as Lambda's Node runtime does. It looks for
 * index.js, then index.mjs, then index.cjs; CommonJS is required (so a bundle and the SDK it
 * requires never pass through the ESM loader), ES modules are imported, and a .js file in a
 * "type": "module" package is imported after require refuses it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalFunction } from '../../infra/local-cloud/deployer/model.js';
import { createInvoker, type LambdaInvoker } from '../../infra/local-cloud/lambda/invoker.js';

const root = mkdtempSync(join(tmpdir(), 'warta-loading-'));

function asset(name: string, files: Record<string, string>): LocalFunction {
  const assetDir = join(root, name);
  mkdirSync(assetDir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(assetDir, file), text);
  return {
    logicalId: name,
    name,
    arn: `arn:aws:lambda:ap-southeast-3:111111111111:function:${name}`,
    assetDir,
    handler: 'index.handler',
    runtime: 'nodejs22.x',
    environment: {},
    timeoutSeconds: 5,
    memoryMb: 128,
  };
}

// Each handler says how it was loaded: `require` and `module` exist only in CommonJS.
const CJS = `exports.handler = async () => ({ system: typeof module === 'object' && typeof require === 'function' ? 'commonjs' : 'esm' });`;
const ESM = `export const handler = async () => ({ system: typeof module === 'undefined' ? 'esm' : 'commonjs' });`;

describe('the local invoker loads handler files as Lambda does', () => {
  let invoker: LambdaInvoker;
  let logDir: string;

  beforeAll(() => {
    logDir = join(root, 'logs');
    mkdirSync(logDir);
    invoker = createInvoker({
      functions: [
        asset('cjs-bundle', { 'index.js': CJS, 'package.json': '{"type":"commonjs"}' }),
        asset('esm-js', { 'index.js': ESM, 'package.json': '{"type":"module"}' }),
        asset('esm-mjs', { 'index.mjs': ESM }),
        asset('js-first', {
          'index.js': CJS,
          'index.mjs': 'throw new Error("index.mjs must not be loaded when index.js exists")',
          'package.json': '{"type":"commonjs"}',
        }),
        asset('cjs-ext', { 'index.cjs': CJS }),
      ],
      baseEnv: {},
      logDir,
      region: 'ap-southeast-3',
      accountId: '111111111111',
    });
  });

  afterAll(async () => {
    await invoker.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    ['cjs-bundle', 'commonjs'],
    ['esm-js', 'esm'],
    ['esm-mjs', 'esm'],
    ['js-first', 'commonjs'],
    ['cjs-ext', 'commonjs'],
  ])('%s runs as %s', async (name, system) => {
    // Act
    const result = await invoker.invoke(name, {});
    // Assert
    expect(result).toMatchObject({ ok: true, payload: { system } });
  });
});
