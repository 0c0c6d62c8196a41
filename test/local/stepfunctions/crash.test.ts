/**
 * Durability under SIGKILL: the engine runs in a child process; a
 * batch of executions (Lambda tasks, a Retry, a Wait, a waitForTaskToken human stage,
 * a Map) is started; the child is killed with SIGKILL at random moments and restarted on
 * the same data dir. Afterwards every execution has ended exactly once with the right
 * output, its history is whole (one start, one end, ids 1..n), and every side effect
 * happened at least once (at-least-once invocation, as on AWS).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { fnArn, REGION, ROLE } from './harness.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
const EXECUTIONS = 16;
/** Kills that find executions running; certain, as answers are held and rationed. */
const MIN_KILLS = 5;

const dir = mkdtempSync(join(tmpdir(), 'warta-sfn-crash-'));
const files = { data: join(dir, 'data'), effects: join(dir, 'effects.jsonl'), ends: join(dir, 'ends.jsonl') };
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function startChild(): Promise<SFNClient> {
  child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: {
      ...process.env,
      WARTA_SFN_DATA: files.data,
      WARTA_SFN_EFFECTS: files.effects,
      WARTA_SFN_ENDS: files.ends,
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => line.startsWith('URL ') && resolve(line.slice(4)));
    child!.once('exit', (code) => reject(new Error(`engine child exited early (${code})`)));
  });
  return new SFNClient({ endpoint: url, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
}

async function killChild(): Promise<void> {
  const exited = new Promise((resolve) => child!.once('exit', resolve));
  child!.kill('SIGKILL');
  await exited;
}

function readLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: fnArn('Work'), Payload: { n: '{% $states.input.n %}' } },
      Assign: { doubled: '{% $states.result.Payload.doubled %}' },
      Output: '{% $states.input %}',
      Next: 'Pause',
    },
    Pause: { Type: 'Wait', Seconds: '{% 150 + ($states.input.n % 4) * 50 %}', Next: 'Check' },
    Check: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: fnArn('Flaky'), Payload: { n: '{% $states.input.n %}', retry: '{% $states.context.State.RetryCount %}' } },
      Retry: [{ ErrorEquals: ['Warta.Transient'], IntervalSeconds: 3, MaxAttempts: 2 }],
      Output: '{% $states.input %}',
      Next: 'Approve',
    },
    Approve: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Arguments: { FunctionName: fnArn('Human'), Payload: { n: '{% $states.input.n %}', token: '{% $states.context.Task.Token %}' } },
      Assign: { decision: '{% $states.result.decision %}' },
      Output: '{% $states.input %}',
      Next: 'Squares',
    },
    Squares: {
      Type: 'Map',
      Items: '{% [1, 2, 3] %}',
      ItemProcessor: {
        StartAt: 'Sq',
        States: {
          Sq: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: fnArn('Square'), Payload: { v: '{% $states.input %}' } },
            Output: '{% $states.result.Payload %}',
            End: true,
          },
        },
      },
      Output: { n: '{% $states.input.n %}', doubled: '{% $doubled %}', decision: '{% $decision %}', squares: '{% $states.result %}' },
      End: true,
    },
  },
};

describe('crash and restart', () => {
  it('ends every execution exactly once with the right output after repeated SIGKILLs', async () => {
    // Prepare
    let sfn = await startChild();
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'crash-batch', definition: JSON.stringify(definition), roleArn: ROLE }),
    );
    const arns: string[] = [];
    for (let n = 0; n < EXECUTIONS; n++) {
      const out = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: `run-${n}`, input: JSON.stringify({ n }) }));
      arns.push(out.executionArn!);
    }
    const answered = new Set<string>();
    const firstSeen = new Map<string, number>();
    // Answers each human task some time after its Lambda ran, so kills also hit waiting tasks.
    const answerTokens = async (limit = Infinity): Promise<void> => {
      let sent = 0;
      for (const call of readLines<{ fn: string; payload: { token?: string } }>(files.effects)) {
        const token = call.payload.token;
        if (call.fn !== 'Human' || !token || answered.has(token)) continue;
        if (!firstSeen.has(token)) firstSeen.set(token, Date.now());
        if (Date.now() - firstSeen.get(token)! < 300 || sent >= limit) continue;
        sent++;
        try {
          await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approve' }) }));
          answered.add(token);
        } catch (err) {
          // Already answered before a crash: the engine says the task is over. Connection errors: try again later.
          if ((err as Error).name === 'TaskTimedOut') answered.add(token);
        }
      }
    };
    const running = async (): Promise<number> => {
      let count = 0;
      for (const arn of arns) if ((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status === 'RUNNING') count++;
      return count;
    };

    // Act: kill at random moments while the batch runs, restart on the same data dir each time,
    // until every execution has ended.
    const runningAtKill: number[] = [];
    for (let kill = 0; kill < 40; kill++) {
      // Human tasks are answered only from the third run on, and a few per run, so the
      // kills find executions in every phase: Wait, Retry, waiting for a token, the Map.
      if (kill >= 2) await answerTokens(3).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 200));
      const open = await running();
      if (open === 0) break;
      runningAtKill.push(open);
      await killChild();
      sfn.destroy();
      sfn = await startChild();
    }
    for (let round = 0; round < 600 && (await running()) > 0; round++) {
      await answerTokens();
      await new Promise((r) => setTimeout(r, 25));
    }

    // Assert
    console.info(`crash test: executions still running at each kill: ${runningAtKill.join(', ')}`);
    expect(runningAtKill.filter((n) => n > 0).length).toBeGreaterThanOrEqual(MIN_KILLS);
    const ends = readLines<{ arn: string; status: string; output: string }>(files.ends);
    const effects = readLines<{ fn: string; payload: { n?: number } }>(files.effects);
    for (const [n, arn] of arns.entries()) {
      const d = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      expect(d.status, `${arn} ${d.error ?? ''} ${d.cause ?? ''}`).toBe('SUCCEEDED');
      expect(JSON.parse(d.output!)).toEqual({ n, doubled: n * 2, decision: 'approve', squares: [1, 4, 9] });
      const events: HistoryEvent[] = (await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, maxResults: 1000 }))).events!;
      expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.type === 'ExecutionStarted')).toHaveLength(1);
      expect(events.filter((e) => e.type!.startsWith('Execution') && e.type !== 'ExecutionStarted').map((e) => e.type)).toEqual([
        'ExecutionSucceeded',
      ]);
      expect(events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(3);
      const reported = ends.filter((e) => e.arn === arn);
      expect(reported.length).toBeGreaterThanOrEqual(1);
      expect(new Set(reported.map((e) => e.output))).toEqual(new Set([d.output]));
      expect(effects.some((e) => e.fn === 'Work' && e.payload.n === n)).toBe(true);
      expect(effects.filter((e) => e.fn === 'Flaky' && e.payload.n === n).length).toBeGreaterThanOrEqual(2);
    }
  }, 90_000);
});
