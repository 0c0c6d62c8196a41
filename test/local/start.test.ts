import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildForLocalCloud, synthIsStale } from '../../infra/local-cloud/build.js';
import { DEFAULT_PORTS, resolvePorts } from '../../infra/local-cloud/ports.js';
import { rewriteUri } from '../../infra/local-cloud/web/server.js';

describe('ports', () => {
  it('uses the fixed defaults, each overridable by WARTA_PORT_*, or all ephemeral', () => {
    expect(resolvePorts(undefined, {})).toEqual(DEFAULT_PORTS);
    expect(resolvePorts(undefined, { WARTA_PORT_WEB: '5000' }).web).toBe(5000);
    expect(resolvePorts({ api: 6001 }, { WARTA_PORT_API: '5001' }).api).toBe(6001);
    expect(Object.values(resolvePorts('ephemeral', { WARTA_PORT_WEB: '5000' }))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => resolvePorts(undefined, { WARTA_PORT_S3: 'abc' })).toThrow(RangeError);
  });
});

describe('the synth staleness check', () => {
  const root = mkdtempSync(join(tmpdir(), 'warta-stale-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it('synthesizes when cdk.out is missing or older than infra/ or functions/, not for infra/local-cloud', () => {
    // Prepare
    mkdirSync(join(root, 'infra', 'local-cloud'), { recursive: true });
    mkdirSync(join(root, 'functions'), { recursive: true });
    mkdirSync(join(root, 'cdk.out'));
    writeFileSync(join(root, 'infra', 'stack.ts'), '');
    writeFileSync(join(root, 'functions', 'h.ts'), '');
    writeFileSync(join(root, 'infra', 'local-cloud', 'cloud.ts'), '');
    at(join(root, 'infra', 'stack.ts'), 1_000);
    at(join(root, 'functions', 'h.ts'), 1_000);
    const missing = synthIsStale(root, join(root, 'cdk.out'));
    writeFileSync(join(root, 'cdk.out', 'manifest.json'), '{}');
    at(join(root, 'cdk.out', 'manifest.json'), 2_000);
    at(join(root, 'infra', 'local-cloud', 'cloud.ts'), 3_000);

    // Act
    const fresh = synthIsStale(root, join(root, 'cdk.out'));
    at(join(root, 'functions', 'h.ts'), 3_000);
    const changed = synthIsStale(root, join(root, 'cdk.out'));

    // Assert
    expect([missing, fresh, changed]).toEqual([true, false, true]);
  });
});

describe('the build before the local cloud boots', () => {
  const root = mkdtempSync(join(tmpdir(), 'warta-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  // A stand-in for the cdk CLI in a throwaway project; the real synth builds the web app into its asset.
  const tool = (name: string, script: string) => {
    const path = join(root, 'node_modules', '.bin', name);
    writeFileSync(path, `#!/bin/sh\ncd "${root}"\n${script}\n`);
    chmodSync(path, 0o755);
  };
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  it('synthesizes a fresh clone in one step, again when the web app changes, and otherwise only when forced', async () => {
    // Prepare: a fresh clone, nothing built.
    for (const dir of ['node_modules/.bin', 'web/src', 'infra/cdk', 'functions/domain']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'web', 'vite.config.ts'), '');
    writeFileSync(join(root, 'web', 'src', 'App.svelte'), '');
    writeFileSync(join(root, 'infra', 'cdk', 'stack.ts'), '');
    for (const path of ['web/vite.config.ts', 'web/src/App.svelte', 'infra/cdk/stack.ts']) at(join(root, path), 1_000);
    tool('cdk', 'mkdir -p cdk.out && echo {} > cdk.out/manifest.json && echo synth >> build.log');
    const cdkOut = join(root, 'cdk.out');

    // Act
    const first = await buildForLocalCloud(root, cdkOut);
    const second = await buildForLocalCloud(root, cdkOut);
    at(join(root, 'cdk.out', 'manifest.json'), 2_000);
    at(join(root, 'web', 'src', 'App.svelte'), 3_000);
    const afterWebEdit = await buildForLocalCloud(root, cdkOut);
    const forced = await buildForLocalCloud(root, cdkOut, { forceSynth: true });

    // Assert
    expect([first, second, afterWebEdit, forced]).toEqual([['cdk synth'], [], ['cdk synth'], ['cdk synth']]);
    expect(readFileSync(join(root, 'build.log'), 'utf8').split('\n').filter(Boolean)).toEqual(['synth', 'synth', 'synth']);
  });
});

describe('the distribution viewer-request rewrite', () => {
  it('sends /t/* and /s/* to the web app and directories to their index.html', () => {
    expect(rewriteUri('/t/abc')).toBe('/index.html');
    expect(rewriteUri('/s')).toBe('/index.html');
    expect(rewriteUri('/v/01JD0000000000000000000001')).toBe('/index.html');
    expect(rewriteUri('/berita/')).toBe('/berita/index.html');
    expect(rewriteUri('/berita/rss.xml')).toBe('/berita/rss.xml');
    expect(rewriteUri('/tentang')).toBe('/tentang');
  });
});

describe('the test run synth decision', () => {
  it('synthesizes for a full run or one that includes the cloud suites, not for unit files alone', async () => {
    const { runNeedsTemplate } = await import('../support/global-setup.js');
    expect(runNeedsTemplate(['run'])).toBe(true);
    expect(runNeedsTemplate(['run', '--project', 'node'])).toBe(true);
    expect(runNeedsTemplate(['run', 'test/local/cloud-real.test.ts'])).toBe(true);
    expect(runNeedsTemplate(['run', 'test/e2e/'])).toBe(true);
    expect(runNeedsTemplate(['run', 'test/unit/agenda.test.ts', 'test/infra/stack.test.ts'])).toBe(false);
  });
});
