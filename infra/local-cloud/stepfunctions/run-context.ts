/**
 * What every state needs while it runs: the execution, the host's Lambda invoker, the
 * clock, and its scope (variables, visit counters, the event chain, the abort signal).
 */
import type { Clock } from './clock.js';
import type { StateDef } from './definition.js';
import type { Execution } from './execution.js';
import type { Vars } from './jsonata-eval.js';

export type InvokeResult = { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string; trace?: string[] };

/**
 * The host's Lambda: the FunctionName from the definition is passed as-is (ARN, maybe
 * qualified), with the state machine's role, which the host authorizes the call as.
 */
export type InvokeFn = (
  functionArnOrName: string,
  payload: unknown,
  opts: { timeoutMs?: number; roleArn?: string },
) => Promise<InvokeResult>;

export interface RunEnv {
  clock: Clock;
  invoke: InvokeFn;
  region: string;
  accountId: string;
}

/** A chain of states: the top level, one Parallel branch, or one Map iteration. */
export interface Scope {
  /** Deterministic path of this scope, the prefix of every key recorded inside it. */
  key: string;
  /** Variables visible here: a copy of the outer scope's at entry, plus own assignments. */
  vars: Vars;
  visits: Map<string, number>;
  /** Id of the last history event of this chain, for previousEventId. */
  last: number;
  signal: AbortSignal;
}

export interface StateRun {
  exec: Execution;
  env: RunEnv;
  scope: Scope;
  name: string;
  state: StateDef;
  /** Key of this visit: `<scope>/<state>#<n>`. */
  key: string;
  input: unknown;
  enteredTime: string;
}

/** `$states.context` (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html). */
export function contextObject(
  run: StateRun,
  extra: { retryCount?: number; token?: string; item?: { Index: number; Value: unknown } } = {},
): Record<string, unknown> {
  const { exec } = run;
  const context: Record<string, unknown> = {
    Execution: {
      Id: exec.arn,
      Input: parsedInput(exec),
      Name: exec.name,
      RoleArn: exec.roleArn,
      StartTime: new Date(exec.startDate).toISOString(),
      RedriveCount: 0,
    },
    State: { EnteredTime: run.enteredTime, Name: run.name, RetryCount: extra.retryCount ?? 0 },
    StateMachine: { Id: exec.smArn, Name: exec.smName },
  };
  if (extra.token !== undefined) context.Task = { Token: extra.token };
  if (extra.item) context.Map = { Item: extra.item };
  return context;
}

const inputs = new WeakMap<Execution, unknown>();
function parsedInput(exec: Execution): unknown {
  if (!inputs.has(exec)) inputs.set(exec, JSON.parse(exec.input));
  return inputs.get(exec);
}

export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}
