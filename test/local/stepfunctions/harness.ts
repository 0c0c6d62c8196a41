/**
 * Test harness: an engine on a fresh temp data dir behind its HTTP API, the real
 * SFNClient pointed at it, and a fake Lambda host that runs small in-test functions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import {
  startStepFunctions,
  type InvokeResult,
  type StepFunctionsService,
  type ExecutionStatusChangeEvent,
} from '../../../infra/local-cloud/stepfunctions/index.js';

export const REGION = 'ap-southeast-3';
export const ACCOUNT = '111111111111';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/warta-test`;

/** A Lambda as the fake host runs it: returns the payload, or throws an error with a `name` (errorType). */
export type FakeFunction = (payload: any) => unknown;

export class LambdaError extends Error {
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export function fnArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}

export interface Harness {
  sfn: SFNClient;
  service: StepFunctionsService;
  dataDir: string;
  functions: Map<string, FakeFunction>;
  calls: { name: string; payload: unknown }[];
  statusEvents: ExecutionStatusChangeEvent[];
  close(): Promise<void>;
}

/** `functions` are registered before the engine starts, since it resumes executions at once. */
export async function startHarness(
  opts: { timeScale?: number; dataDir?: string; functions?: Record<string, FakeFunction> } = {},
): Promise<Harness> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'warta-sfn-'));
  const functions = new Map<string, FakeFunction>(Object.entries(opts.functions ?? {}));
  const calls: { name: string; payload: unknown }[] = [];
  const statusEvents: ExecutionStatusChangeEvent[] = [];
  const invoke = async (arn: string, payload: unknown): Promise<InvokeResult> => {
    const name = arn.split(':')[6] ?? arn;
    calls.push({ name, payload });
    const fn = functions.get(name);
    if (!fn) return { ok: false, errorType: 'Lambda.ResourceNotFoundException', errorMessage: `Function not found: ${arn}` };
    try {
      return { ok: true, payload: await fn(payload) };
    } catch (err) {
      const e = err as LambdaError;
      return { ok: false, errorType: e.errorType ?? 'Error', errorMessage: e.message, trace: [] };
    }
  };
  const service = await startStepFunctions({
    dataDir,
    invoke,
    timeScale: opts.timeScale ?? 0.001,
    region: REGION,
    accountId: ACCOUNT,
    onExecutionStatusChange: (e) => statusEvents.push(e),
  });
  const sfn = new SFNClient({
    endpoint: service.url,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    sfn,
    service,
    dataDir,
    functions,
    calls,
    statusEvents,
    async close() {
      sfn.destroy();
      await service.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates a JSONata machine with a unique name; returns its ARN. */
export async function createMachine(h: Harness, definition: object, prefix = 'sm'): Promise<string> {
  const out = await h.sfn.send(
    new CreateStateMachineCommand({
      name: uniqueName(prefix),
      definition: JSON.stringify({ QueryLanguage: 'JSONata', ...definition }),
      roleArn: ROLE,
    }),
  );
  return out.stateMachineArn!;
}

export interface RunResult {
  executionArn: string;
  status: string;
  output: unknown;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  types: string[];
}

/** Starts an execution, waits for it to close, and reads its full history through the API. */
export async function runMachine(h: Harness, stateMachineArn: string, input: unknown = {}): Promise<RunResult> {
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
  await h.service.engine.waitForExecution(executionArn!);
  return readResult(h, executionArn!);
}

export async function readResult(h: Harness, executionArn: string): Promise<RunResult> {
  const d = await h.sfn.send(new DescribeExecutionCommand({ executionArn }));
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return {
    executionArn,
    status: d.status!,
    output: d.output === undefined ? undefined : JSON.parse(d.output),
    error: d.error,
    cause: d.cause,
    events,
    types: events.map((e) => e.type!),
  };
}

/** Waits until the engine has an open token for the execution (a waitForTaskToken task is waiting). */
export async function nextToken(h: Harness, executionArn: string, seen = new Set<string>()): Promise<string> {
  for (let i = 0; i < 2000; i++) {
    const exec = h.service.engine.executions.get(executionArn);
    for (const token of exec?.waiters.keys() ?? []) if (!seen.has(token)) return token;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no task token appeared for ${executionArn}`);
}
