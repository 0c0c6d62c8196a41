/**
 * Resuming after a restart, in process (the SIGKILL variant is crash.test.ts): the engine
 * is closed mid-execution and a new one starts on the same data dir. As on AWS a task
 * that was running is invoked again (at least once), a waiting task still takes its
 * token without its Lambda running twice, a Wait keeps its end time, and a Retry goes on
 * with the next attempt.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createMachine, fnArn, LambdaError, readResult, runMachine, startHarness, type FakeFunction, type Harness } from './harness.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warta-sfn-restart-'));
  dirs.push(dir);
  return dir;
}

function task(fn: string, extra: object = {}): object {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Arguments: { FunctionName: fnArn(fn), Payload: { retry: '{% $states.context.State.RetryCount %}' } },
    Output: '{% $states.result.Payload %}',
    End: true,
    ...extra,
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error('condition never became true');
}

async function startIn(h: Harness, definition: object): Promise<string> {
  const arn = await createMachine(h, definition);
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
  return executionArn!;
}

async function restart(before: Harness, dataDir: string, functions: Record<string, FakeFunction> = {}): Promise<Harness> {
  await before.close();
  return startHarness({ dataDir, functions });
}

describe('after a restart', () => {
  it('invokes a task that was in flight again and finishes the execution once', async () => {
    // Prepare
    const dataDir = freshDir();
    const first = await startHarness({ dataDir });
    first.functions.set('Work', () => new Promise(() => undefined)); // never answers before the restart
    const executionArn = await startIn(first, { StartAt: 'Work', States: { Work: task('Work') } });
    await until(() => first.calls.length === 1);

    // Act
    const second = await restart(first, dataDir, { Work: () => ({ done: true }) });
    await second.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(second, executionArn);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ done: true });
    expect(second.calls.map((c) => c.name)).toEqual(['Work']);
    expect(result.types.filter((t) => t === 'TaskScheduled')).toHaveLength(1);
    expect(result.events.map((e) => e.id)).toEqual(result.events.map((_, i) => i + 1));
    await second.close();
  });

  it('a waiting task takes its token without running its Lambda again', async () => {
    // Prepare
    const dataDir = freshDir();
    const first = await startHarness({ dataDir });
    let token = '';
    first.functions.set('Ask', (p: { token: string }) => {
      token = p.token;
      return { mailed: true };
    });
    const executionArn = await startIn(first, {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: fnArn('Ask'), Payload: { token: '{% $states.context.Task.Token %}' } },
          End: true,
        },
      },
    });
    await until(() => first.service.engine.executions.get(executionArn)!.waiters.size === 1);

    // Act
    const second = await restart(first, dataDir, { Ask: () => ({ mailed: 'again' }) });
    await second.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"action":"approve"}' }));
    await second.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(second, executionArn);
    expect(result.output).toEqual({ action: 'approve' });
    expect(second.calls).toHaveLength(0);
    expect(result.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    await second.close();
  });

  it('a Wait keeps the end time it had before the restart', async () => {
    // Prepare: 2000 s at timeScale 0.001 = 2 s
    const dataDir = freshDir();
    const first = await startHarness({ dataDir });
    const executionArn = await startIn(first, { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 2000, End: true } } });
    await until(() => first.service.engine.executions.get(executionArn)!.waits.size === 1);
    const endBefore = [...first.service.engine.executions.get(executionArn)!.waits.values()][0];

    // Act
    const second = await restart(first, dataDir);
    const endAfter = [...second.service.engine.executions.get(executionArn)!.waits.values()][0];
    await second.service.engine.waitForExecution(executionArn);

    // Assert
    expect(endAfter).toBe(endBefore);
    const result = await readResult(second, executionArn);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.types).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'ExecutionSucceeded']);
    await second.close();
  });

  it('a Retry in its backoff goes on with the next attempt', async () => {
    // Prepare: the backoff is 1500 s = 1.5 s at timeScale 0.001; the engine stops during it
    const dataDir = freshDir();
    const first = await startHarness({ dataDir });
    first.functions.set('Flaky', () => {
      throw new LambdaError('Warta.Transient', 'try again');
    });
    const executionArn = await startIn(first, {
      StartAt: 'Flaky',
      States: { Flaky: task('Flaky', { Retry: [{ ErrorEquals: ['Warta.Transient'], IntervalSeconds: 1500, MaxAttempts: 3 }] }) },
    });
    await until(() => first.service.engine.executions.get(executionArn)!.retries.size === 1);

    // Act
    const second = await restart(first, dataDir, { Flaky: (p: { retry: number }) => ({ retry: p.retry }) });
    await second.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(second, executionArn);
    expect(result.output).toEqual({ retry: 1 });
    expect(result.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    await second.close();
  });

  it('reports an end that was recorded but not yet reported when the process died', async () => {
    // Prepare: finish an execution, then cut the journal's last line (the "reported" mark),
    // as if the process had died between the two writes
    const dataDir = freshDir();
    const first = await startHarness({ dataDir });
    const arn = await createMachine(first, { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const { executionArn } = await runMachine(first, arn, { n: 7 });
    await first.close();
    const dir = join(dataDir, 'executions');
    for (const file of readdirSync(dir)) {
      const lines = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toEqual({ t: 'notified' });
      writeFileSync(join(dir, file), `${lines.slice(0, -1).join('\n')}\n`);
    }

    // Act
    const second = await startHarness({ dataDir });

    // Assert
    expect(second.statusEvents.map((e) => [e.detail.executionArn, e.detail.status])).toEqual([[executionArn, 'SUCCEEDED']]);
    expect((await readResult(second, executionArn)).types).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    await second.close();
  });
});
