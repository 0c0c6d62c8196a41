import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInvoker, type LambdaInvoker } from '../../infra/local-cloud/lambda/invoker.js';
import { fixtureModel } from './fixture.js';

describe('the local Lambda invoker', () => {
  let invoker: LambdaInvoker;
  let logDir: string;

  beforeAll(() => {
    logDir = mkdtempSync(join(tmpdir(), 'warta-invoker-'));
    invoker = createInvoker({
      functions: fixtureModel().functions,
      baseEnv: { AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:1', AWS_ACCESS_KEY_ID: 'S3RVER' },
      logDir,
      region: 'ap-southeast-3',
      accountId: '111111111111',
    });
  });

  afterAll(async () => {
    await invoker.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('gives each function its own environment: the template variables plus the endpoints', async () => {
    // Prepare: warm the echo function first so a shared process.env would leak into env's view
    await invoker.invoke('echo', {});

    // Act
    const result = await invoker.invoke('arn:aws:lambda:ap-southeast-3:111111111111:function:fixture-env', {});

    // Assert
    expect(result.ok).toBe(true);
    const env = (result as { payload: Record<string, string> }).payload;
    expect(env.ONLY_ENV_FN).toBe('env-secret');
    expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBe('http://127.0.0.1:1');
    expect(env.AWS_LAMBDA_FUNCTION_NAME).toBe('fixture-env');
    expect(env.TABLE_NAME).toBeUndefined();
    expect(env.VITEST).toBeUndefined();
  });

  it('hands the handler a Lambda context and keeps the environment warm', async () => {
    // Prepare
    const id = `evt-${Date.now()}-${Math.random()}`;

    // Act
    const first = await invoker.invoke('echo', { id });
    const second = await invoker.invoke('echo', { id });

    // Assert
    expect(first).toMatchObject({ ok: true, payload: { event: { id } } });
    const a = (first as { payload: any }).payload;
    const b = (second as { payload: any }).payload;
    expect(b.invocations).toBeGreaterThan(a.invocations);
    expect(a.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.context.awsRequestId).not.toBe(a.context.awsRequestId);
    expect(a.context).toMatchObject({
      functionName: 'echo',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:ap-southeast-3:111111111111:function:echo',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/echo',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(a.context.remaining).toBeGreaterThan(0);
    expect(a.context.remaining).toBeLessThanOrEqual(10_000);
  });

  it('reports a thrown error as Lambda does, and logs it to the function log', async () => {
    // Act
    const result = await invoker.invoke('fixture-fail', { id: 'r-404' });

    // Assert
    expect(result).toMatchObject({ ok: false, errorType: 'ReleaseNotFound', errorMessage: 'Release r-404 does not exist' });
    expect((result as { trace?: string[] }).trace?.[0]).toContain('ReleaseNotFound');
    await vi.waitFor(() => {
      const log = readFileSync(join(logDir, 'fixture-fail.log'), 'utf8');
      expect(log).toMatch(/START RequestId: [0-9a-f-]{36}/);
      expect(log).toContain('INFO\tabout to fail for r-404');
    });
  });

  it('stops a function that overruns its Timeout with Sandbox.Timedout, then runs it again fresh', async () => {
    // Act: the fixture's sleep function has Timeout 1 s
    const timedOut = await invoker.invoke('sleep', { ms: 5_000 });
    const after = await invoker.invoke('sleep', { ms: 1 });

    // Assert
    expect(timedOut).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
    expect((timedOut as { errorMessage: string }).errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    expect(after).toEqual({ ok: true, payload: { slept: 1 } });
  });

  it('runs invocations of a busy function side by side', async () => {
    // Act: two 600 ms sleeps of a 1 s function would time out if run one after the other
    const results = await Promise.all([invoker.invoke('sleep', { ms: 600 }), invoker.invoke('sleep', { ms: 600 })]);

    // Assert
    expect(results).toEqual([
      { ok: true, payload: { slept: 600 } },
      { ok: true, payload: { slept: 600 } },
    ]);
  });

  it('reports a function that exits its runtime as Runtime.ExitError, then starts a fresh one', async () => {
    const exited = await invoker.invoke('exit', {});
    const again = await invoker.invoke('exit', {});
    expect(exited).toMatchObject({ ok: false, errorType: 'Runtime.ExitError' });
    expect((exited as { errorMessage: string }).errorMessage).toMatch(/Runtime exited with error: exit status 3$/);
    expect(again).toMatchObject({ ok: false, errorType: 'Runtime.ExitError' });
  });

  it('supports callback-style handlers and names an unknown function', async () => {
    // Act
    const viaCallback = await invoker.invoke('callback', {});
    const missing = await invoker.invoke('no-such-function', {});

    // Assert
    expect(viaCallback).toEqual({ ok: true, payload: { viaCallback: true, require: 'function' } });
    expect(missing).toMatchObject({ ok: false, errorType: 'ResourceNotFoundException' });
  });
});

describe('concurrency limit', () => {
  it('queues invocations beyond the per-function limit and runs them as workers free up', async () => {
    // Prepare
    const logDir = mkdtempSync(join(tmpdir(), 'warta-queue-'));
    const invoker = createInvoker({
      functions: fixtureModel().functions,
      baseEnv: {},
      logDir,
      region: 'ap-southeast-3',
      accountId: '111111111111',
      maxConcurrency: 1,
    });

    // Act: three calls on one worker; each sleeps far less than the 1 s timeout
    const results = await Promise.all([1, 2, 3].map((ms) => invoker.invoke('sleep', { ms })));
    await invoker.close();

    // Assert
    expect(results).toEqual([1, 2, 3].map((ms) => ({ ok: true, payload: { slept: ms } })));
    rmSync(logDir, { recursive: true, force: true });
  });
});

describe('fault injection', () => {
  it('fails every invocation with Lambda.ServiceException before it runs when the rate is 1', async () => {
    // Prepare
    const logDir = mkdtempSync(join(tmpdir(), 'warta-fault-'));
    const invoker = createInvoker({
      functions: fixtureModel().functions,
      baseEnv: {},
      logDir,
      region: 'ap-southeast-3',
      accountId: '111111111111',
      faultRate: 1,
    });

    // Act
    const result = await invoker.invoke('echo', {});
    await invoker.close();

    // Assert
    expect(result).toMatchObject({ ok: false, errorType: 'Lambda.ServiceException' });
    rmSync(logDir, { recursive: true, force: true });
  });

  it('spares the functions outside faultFunctions', async () => {
    // Prepare
    const logDir = mkdtempSync(join(tmpdir(), 'warta-fault-'));
    const invoker = createInvoker({
      functions: fixtureModel().functions,
      baseEnv: {},
      logDir,
      region: 'ap-southeast-3',
      accountId: '111111111111',
      faultRate: 1,
      faultFunctions: ['sleep'],
    });

    // Act
    const spared = await invoker.invoke('callback', {});
    const hit = await invoker.invoke('sleep', { ms: 1 });
    await invoker.close();

    // Assert
    expect(spared.ok).toBe(true);
    expect(hit).toMatchObject({ ok: false, errorType: 'Lambda.ServiceException' });
    rmSync(logDir, { recursive: true, force: true });
  });
});
