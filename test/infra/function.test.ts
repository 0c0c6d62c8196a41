/**
 * WartaFunction on its own, in a small stack: the bundle it makes (CommonJS index.js marked
 * so by a package.json beside it, import.meta.url defined, source map, the AWS SDK inside it) and the refusal of an environment over 4 KB.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { IMPORT_META_URL_BANNER } from '../../infra/cdk/constructs/bundle.js';
import { HANDLER_METADATA_KEY, WartaFunction } from '../../infra/cdk/constructs/function.js';

function stackWith(configJson: string): { app: App; stack: Stack; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'warta-fn-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'FunctionOnly', { env: { account: '111111111111', region: 'ap-southeast-3' } });
  new WartaFunction(stack, 'RecordFailure', {
    handler: 'record-failure',
    configJson,
    logLevel: 'DEBUG',
    timeout: Duration.seconds(7),
    memorySize: 384,
  });
  return { app, stack, outdir };
}

describe('WartaFunction', () => {
  it('bundles its handler as a CommonJS index.js, marked so, with a source map', () => {
    const { app, outdir } = stackWith('{"profile":"dkip-malut"}');

    const assembly = app.synth();
    const template = assembly.getStackByName('FunctionOnly').template as { Resources: Record<string, any> };
    const [fn] = Object.values(template.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    // Outside the CLI the template has no asset path metadata; the asset folder is named by the zip's hash.
    const assetDir = join(outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const bundle = readFileSync(join(assetDir, 'index.js'), 'utf8');

    expect(fn.Metadata[HANDLER_METADATA_KEY]).toBe('record-failure');
    expect(fn.Properties).toMatchObject({ Timeout: 7, MemorySize: 384, Handler: 'index.handler' });
    expect(fn.Properties.Environment.Variables).toMatchObject({ WARTA_CONFIG: '{"profile":"dkip-malut"}', POWERTOOLS_LOG_LEVEL: 'DEBUG' });
    expect(bundle.startsWith(IMPORT_META_URL_BANNER)).toBe(true);
    expect(JSON.parse(readFileSync(join(assetDir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    expect(existsSync(join(assetDir, 'index.js.map'))).toBe(true);
    expect(existsSync(join(assetDir, 'index.mjs'))).toBe(false);
    // The SDK is bundled, its DynamoDB client and codec included: nothing is taken from the runtime's copy.
    // (The one SDK package named is in the text of the SDK's error about SigV4a's optional CRT signer, never required.)
    expect(new Set(bundle.match(/require\("@(aws-sdk|smithy)\/[^"]+"\)/g))).toEqual(new Set(['require("@aws-sdk/signature-v4-crt")']));
    expect(bundle).toContain('DynamoDB_20120810');
    expect(bundle).toContain('Pass options.removeUndefinedValues=true');
  });

  it('refuses an environment larger than Lambda accepts, naming the function', () => {
    const { app } = stackWith(JSON.stringify({ people: 'x'.repeat(5000) }));

    expect(() => app.synth()).toThrow(/record-failure: environment is about \d+ bytes, over Lambda's 4096/);
  });
});
