/**
 * The engine: state machines and executions behind the operations of the Step Functions
 * API (https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html).
 * Inputs are checked and answered with AWS's exception names; executions are journaled
 * (journal.ts) and resumed when the engine starts again.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scaledClock, type Clock } from './clock.js';
import { validateDefinition } from './definition.js';
import { ExecutionHalted, SfnApiError, StatesError } from './errors.js';
import { Execution, type ExecutionStatus } from './execution.js';
import { executionStatusChange, type ExecutionStatusChangeEvent } from './status-events.js';
import { runChain } from './interpreter.js';
import { ExecutionJournal } from './journal.js';
import { StateMachineRegistry, type StateMachineRecord } from './registry.js';
import type { InvokeFn, RunEnv, Scope } from './run-context.js';
import { TaskApi } from './task-api.js';
import { HistoryApi } from './history-api.js';
import { paginate } from './paging.js';

export interface EngineOptions {
  dataDir: string;
  invoke: InvokeFn;
  region?: string;
  accountId?: string;
  onExecutionStatusChange?: (event: ExecutionStatusChangeEvent) => void;
  /** Scales every wait (Wait, Retry backoff, timeouts); 0.001 makes 10 s last 10 ms. */
  timeScale?: number;
  clock?: Clock;
  /** fsync each journal line (survives power loss, slower). Default false: survives process kills. */
  fsync?: boolean;
}

const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;

export class Engine {
  readonly region: string;
  readonly accountId: string;
  readonly executions = new Map<string, Execution>();
  readonly tasks: TaskApi;
  readonly history: HistoryApi;
  private readonly registry: StateMachineRegistry;
  private readonly env: RunEnv;
  private readonly runs = new Map<string, Promise<void>>();
  private closed = false;
  /** Executions started while held: recorded and RUNNING, their first state not entered yet. */
  private held: Execution[] | undefined;

  constructor(private readonly opts: EngineOptions) {
    this.region = opts.region ?? 'ap-southeast-3';
    this.accountId = opts.accountId ?? '111111111111';
    mkdirSync(join(opts.dataDir, 'executions'), { recursive: true });
    this.registry = new StateMachineRegistry(opts.dataDir);
    this.env = {
      clock: opts.clock ?? scaledClock(opts.timeScale ?? 1),
      invoke: opts.invoke,
      region: this.region,
      accountId: this.accountId,
    };
    this.tasks = new TaskApi(this.executions);
    this.history = new HistoryApi(this.executions);
  }

  /** Loads every journal and resumes the executions that were running. */
  start(): void {
    for (const { file, records } of ExecutionJournal.loadAll(this.opts.dataDir)) {
      const first = records[0];
      if (first?.t !== 'start') continue;
      const exec = new Execution(first, new ExecutionJournal(file, this.opts.fsync ?? false));
      for (const rec of records.slice(1)) exec.apply(rec);
      this.executions.set(exec.arn, exec);
      if (exec.status === 'RUNNING') this.launch(exec);
      // An end reached just before a crash may not have been reported yet: report it now.
      else if (!exec.endNotified) this.notify(exec);
    }
  }

  validateDefinition(definition: string): string[] {
    return validateDefinition(definition);
  }

  createStateMachine(req: { name?: string; definition?: string; roleArn?: string; type?: string }): {
    stateMachineArn: string;
    creationDate: Date;
  } {
    const name = requireName(req.name, 'name');
    const definition = this.requireDefinition(req.definition);
    const roleArn = requireString(req.roleArn, 'roleArn');
    const type = (req.type ?? 'STANDARD') as StateMachineRecord['type'];
    if (type !== 'STANDARD' && type !== 'EXPRESS') throw new SfnApiError('ValidationException', `Invalid type: ${String(type)}`);
    const arn = `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
    const existing = this.registry.get(arn);
    if (existing) {
      // Same name and same configuration is idempotent on AWS; anything else conflicts.
      if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: new Date(existing.creationDate) };
      }
      throw new SfnApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const machine: StateMachineRecord = { arn, name, definition, roleArn, type, creationDate: Date.now(), revisionId: randomUUID() };
    this.registry.put(machine);
    return { stateMachineArn: arn, creationDate: new Date(machine.creationDate) };
  }

  updateStateMachine(req: { stateMachineArn?: string; definition?: string; roleArn?: string }): { updateDate: Date; revisionId: string } {
    const machine = this.machine(req.stateMachineArn);
    if (req.definition === undefined && req.roleArn === undefined) {
      throw new SfnApiError('MissingRequiredParameter', 'Either the definition or the roleArn must be specified.');
    }
    // Running executions keep the definition they started with (it is in their journal).
    const updated = {
      ...machine,
      definition: req.definition === undefined ? machine.definition : this.requireDefinition(req.definition),
      roleArn: req.roleArn ?? machine.roleArn,
      updateDate: Date.now(),
      revisionId: randomUUID(),
    };
    this.registry.put(updated);
    return { updateDate: new Date(updated.updateDate), revisionId: updated.revisionId };
  }

  describeStateMachine(req: { stateMachineArn?: string }): Record<string, unknown> {
    const m = this.machine(req.stateMachineArn);
    return {
      stateMachineArn: m.arn,
      name: m.name,
      status: 'ACTIVE',
      definition: m.definition,
      roleArn: m.roleArn,
      type: m.type,
      creationDate: new Date(m.creationDate),
      revisionId: m.revisionId,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  listStateMachines(req: { maxResults?: number; nextToken?: string }): Record<string, unknown> {
    const page = paginate(this.registry.list(), req.maxResults, req.nextToken);
    return {
      stateMachines: page.items.map((m) => ({
        stateMachineArn: m.arn,
        name: m.name,
        type: m.type,
        creationDate: new Date(m.creationDate),
      })),
      nextToken: page.nextToken,
    };
  }

  deleteStateMachine(req: { stateMachineArn?: string }): Record<string, never> {
    const arn = requireString(req.stateMachineArn, 'stateMachineArn');
    if (!arn.startsWith('arn:aws:states:')) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    this.registry.delete(arn);
    return {};
  }

  startExecution(req: { stateMachineArn?: string; name?: string; input?: string }): { executionArn: string; startDate: Date } {
    const machine = this.machine(req.stateMachineArn);
    const name = req.name === undefined ? randomUUID() : requireName(req.name, 'name');
    const input = req.input ?? '{}';
    try {
      JSON.parse(input);
    } catch {
      throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${input.slice(0, 100)}'`);
    }
    const arn = `arn:aws:states:${this.region}:${this.accountId}:execution:${machine.name}:${name}`;
    const existing = this.executions.get(arn);
    if (existing) {
      // AWS: same name and input while RUNNING returns the original execution (idempotent).
      if (existing.status === 'RUNNING' && existing.input === input) return { executionArn: arn, startDate: new Date(existing.startDate) };
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const journal = new ExecutionJournal(ExecutionJournal.fileFor(this.opts.dataDir, arn), this.opts.fsync ?? false);
    const start = {
      t: 'start' as const,
      arn,
      smArn: machine.arn,
      smName: machine.name,
      name,
      input,
      startDate: Date.now(),
      roleArn: machine.roleArn,
      definition: machine.definition,
    };
    journal.append(start);
    const exec = new Execution(start, journal);
    exec.emit('exec:started', 'ExecutionStarted', 0, {
      executionStartedEventDetails: {
        input,
        inputDetails: { truncated: false },
        roleArn: machine.roleArn,
        stateMachineVersionArn: undefined,
      },
    });
    this.executions.set(arn, exec);
    this.notify(exec);
    if (this.held) this.held.push(exec);
    else this.launch(exec);
    return { executionArn: arn, startDate: new Date(exec.startDate) };
  }

  describeExecution(req: { executionArn?: string }): Record<string, unknown> {
    const e = this.execution(req.executionArn);
    return {
      ...executionSummary(e),
      input: e.input,
      inputDetails: { included: true },
      output: e.output,
      outputDetails: e.output === undefined ? undefined : { included: true },
      error: e.error,
      cause: e.cause,
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }

  listExecutions(req: {
    stateMachineArn?: string;
    statusFilter?: string;
    maxResults?: number;
    nextToken?: string;
  }): Record<string, unknown> {
    const machine = this.machine(req.stateMachineArn);
    const all = [...this.executions.values()]
      .filter((e) => e.smArn === machine.arn && (req.statusFilter === undefined || e.status === req.statusFilter))
      .sort((a, b) => b.startDate - a.startDate || b.name.localeCompare(a.name));
    const page = paginate(all, req.maxResults, req.nextToken);
    return {
      executions: page.items.map(executionSummary),
      nextToken: page.nextToken,
    };
  }

  stopExecution(req: { executionArn?: string; error?: string; cause?: string }): { stopDate: Date } {
    const exec = this.execution(req.executionArn);
    if (exec.status === 'RUNNING') {
      this.end(exec, 'ABORTED', { error: req.error, cause: req.cause }, 'ExecutionAborted', {
        executionAbortedEventDetails: { error: req.error, cause: req.cause },
      });
    }
    return { stopDate: new Date(exec.stopDate ?? Date.now()) };
  }

  sendTaskSuccess(req: { taskToken?: string; output?: string }): Record<string, never> {
    return this.tasks.sendTaskSuccess(req);
  }

  sendTaskFailure(req: { taskToken?: string; error?: string; cause?: string }): Record<string, never> {
    return this.tasks.sendTaskFailure(req);
  }

  sendTaskHeartbeat(req: { taskToken?: string }): Record<string, never> {
    return this.tasks.sendTaskHeartbeat(req);
  }

  getExecutionHistory(req: Parameters<HistoryApi['getExecutionHistory']>[0]): ReturnType<HistoryApi['getExecutionHistory']> {
    return this.history.getExecutionHistory(req);
  }

  /** Resolves when the execution is closed (or the engine halts); for tests and the host. */
  async waitForExecution(arn: string): Promise<ExecutionStatus> {
    await this.runs.get(arn);
    return this.execution(arn).status;
  }

  /**
   * From now until the returned function is called, StartExecution records and answers as
   * always but enters no state: a benchmark measures the API that starts executions apart
   * from the executions' own work, which on AWS runs on capacity of its own, not on the
   * machine's two cores. Calling the returned function runs the held executions, in order.
   */
  holdExecutions(): () => number {
    const held: Execution[] = (this.held ??= []);
    return () => {
      if (this.held === held) this.held = undefined;
      for (const exec of held) if (exec.status === 'RUNNING') this.launch(exec);
      return held.length;
    };
  }

  /** Halts every run without recording anything: the next start resumes them. */
  async close(): Promise<void> {
    this.closed = true;
    for (const e of this.executions.values()) if (e.status === 'RUNNING') e.halt(new ExecutionHalted('engine-closed'));
    await Promise.allSettled(this.runs.values());
  }

  /** Ends an execution exactly once: closing event, end record, status-change event. */
  private end(
    exec: Execution,
    status: Exclude<ExecutionStatus, 'RUNNING'>,
    end: { output?: string; error?: string; cause?: string },
    type: string,
    details: Record<string, unknown>,
  ): void {
    if (exec.finish({ status, ...end }, { type, details })) {
      exec.halt(new ExecutionHalted(status === 'TIMED_OUT' ? 'timed-out' : 'stopped'));
      this.notify(exec);
    }
  }

  private launch(exec: Execution): void {
    if (this.closed) return;
    const top: Scope = { key: '', vars: {}, visits: new Map(), last: exec.events[0]?.id ?? 1, signal: exec.signal };
    const timeout = exec.definition.TimeoutSeconds;
    const timer = new AbortController();
    if (timeout !== undefined) {
      // The deadline is start + timeout in engine time, whatever restarts happened since.
      const deadline = exec.startDate + (this.env.clock.deadline(timeout * 1000) - this.env.clock.now());
      this.env.clock.sleepUntil(deadline, AbortSignal.any([exec.signal, timer.signal])).then(
        () =>
          this.end(
            exec,
            'TIMED_OUT',
            { error: 'States.Timeout', cause: `The execution timed out after ${timeout} seconds.` },
            'ExecutionTimedOut',
            { executionTimedOutEventDetails: { error: 'States.Timeout', cause: `The execution timed out after ${timeout} seconds.` } },
          ),
        () => undefined,
      );
    }
    const run = runChain(exec, this.env, exec.definition, top, JSON.parse(exec.input))
      .then(
        (output) => {
          const text = JSON.stringify(output);
          return this.end(exec, 'SUCCEEDED', { output: text }, 'ExecutionSucceeded', {
            executionSucceededEventDetails: { output: text, outputDetails: { truncated: false } },
          });
        },
        (err: unknown) => {
          if (exec.signal.aborted) return; // stopped, timed out or engine closed: already handled
          const { error, cause } =
            err instanceof StatesError ? err : { error: 'States.Runtime', cause: (err as Error)?.stack ?? String(err) };
          return this.end(exec, 'FAILED', { error, cause }, 'ExecutionFailed', { executionFailedEventDetails: { error, cause } });
        },
      )
      .finally(() => timer.abort());
    this.runs.set(exec.arn, run);
  }

  private notify(exec: Execution): void {
    try {
      this.opts.onExecutionStatusChange?.(executionStatusChange(exec, this.region, this.accountId));
    } catch (err) {
      // A failing listener must not break the execution; the host logs its own errors.
      console.error('[stepfunctions] onExecutionStatusChange failed:', err);
    }
    exec.markNotified();
  }

  private requireDefinition(definition: string | undefined): string {
    const text = requireString(definition, 'definition');
    const problems = validateDefinition(text);
    if (problems.length > 0) throw new SfnApiError('InvalidDefinition', `Invalid State Machine Definition: '${problems.join('; ')}'`);
    return text;
  }

  private machine(arn: string | undefined): StateMachineRecord {
    const value = statesArn(arn, 'stateMachineArn', 'stateMachine');
    const machine = this.registry.get(value);
    if (!machine) throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${value}'`);
    return machine;
  }

  private execution(arn: string | undefined): Execution {
    const value = statesArn(arn, 'executionArn', 'execution');
    const exec = this.executions.get(value);
    if (!exec) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${value}'`);
    return exec;
  }
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

function requireName(value: unknown, field: string): string {
  const name = requireString(value, field);
  if (!NAME.test(name)) throw new SfnApiError('InvalidName', `Invalid Name: '${name}'`);
  return name;
}

/** The ARN a call names for a field, refused as InvalidArn unless it is a Step Functions ARN of that resource type. */
function statesArn(arn: string | undefined, field: string, resourceType: 'stateMachine' | 'execution'): string {
  const value = requireString(arn, field);
  if (!value.startsWith('arn:aws:states:') || !value.includes(`:${resourceType}:`))
    throw new SfnApiError('InvalidArn', `Invalid Arn: '${value}'`);
  return value;
}

/** What ListExecutions gives of each execution, and DescribeExecution begins with. */
function executionSummary(e: Execution): Record<string, unknown> {
  return {
    executionArn: e.arn,
    stateMachineArn: e.smArn,
    name: e.name,
    status: e.status,
    startDate: new Date(e.startDate),
    stopDate: e.stopDate === undefined ? undefined : new Date(e.stopDate),
  };
}
