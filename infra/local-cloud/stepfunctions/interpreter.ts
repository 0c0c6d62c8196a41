/**
 * Runs a chain of states (the machine, a Parallel branch or a Map iteration) and each
 * state's own rules: Arguments → work → Output and Assign, evaluated together against
 * the same `$states` (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html:
 * "Assign and Output are evaluated in parallel"; new values are visible from the next state).
 *
 * Every finished state leaves a `done` record (next state, output, assigned variables);
 * on resume a visit with a `done` record is replayed from it, so only unfinished work runs.
 */
import { runMap, runParallel } from './branches.js';
import type { StateDef, StateMachineDef } from './definition.js';
import { StatesError, StatesErrors } from './errors.js';
import type { DoneRecord } from './execution.js';
import { evaluateExpression, evaluateTemplate, isJsonataTemplate, type StatesBinding } from './jsonata-eval.js';
import { findCatcher, withRetry } from './retry.js';
import { contextObject, throwIfAborted, type Scope, type StateRun } from './run-context.js';
import type { Execution } from './execution.js';
import type { RunEnv } from './run-context.js';
import { runTaskAttempt } from './task.js';

type Outcome = Omit<DoneRecord, 't' | 'k' | 'h' | 'last'> & { exited?: { type: string; details: Record<string, unknown> } };

/** Runs states from StartAt until an end; returns the chain's output or throws its StatesError. */
export async function runChain(exec: Execution, env: RunEnv, machine: StateMachineDef, scope: Scope, input: unknown): Promise<unknown> {
  let name = machine.StartAt;
  let data = input;
  for (;;) {
    throwIfAborted(scope.signal);
    const state = machine.States[name];
    if (!state) throw new StatesError(StatesErrors.Runtime, `State '${name}' does not exist.`);
    const visit = (scope.visits.get(name) ?? 0) + 1;
    scope.visits.set(name, visit);
    const key = `${scope.key}/${name}#${visit}`;
    let done: DoneRecord | undefined = exec.completions.get(key);
    if (!done) {
      const run: StateRun = { exec, env, scope, name, state, key, input: data, enteredTime: new Date().toISOString() };
      const { exited, ...outcome } = await runState(run);
      throwIfAborted(scope.signal);
      const event = exited ? exec.newEvent(exited.type, scope.last, exited.details) : undefined;
      done = { t: 'done', k: key, ...outcome, last: event?.id ?? scope.last, ...(event ? { h: { k: `${key}:exited`, e: event } } : {}) };
      exec.record(done);
    }
    if (typeof done.last === 'number') scope.last = done.last;
    Object.assign(scope.vars, done.assigned ?? {});
    if (done.fail) throw new StatesError(done.fail.error, done.fail.cause);
    if (done.end) return done.output;
    name = done.next!;
    data = done.output;
  }
}

async function runState(run: StateRun): Promise<Outcome> {
  const { exec, scope, state, name } = run;
  const details = { stateEnteredEventDetails: { name, input: JSON.stringify(run.input), inputDetails: { truncated: false } } };
  scope.last = exec.emit(`${run.key}:entered`, `${state.Type}StateEntered`, scope.last, details);
  const states: StatesBinding = { input: run.input, context: contextObject(run) };
  try {
    switch (state.Type) {
      case 'Pass':
        return exit(run, await finish(run, states, run.input));
      case 'Succeed':
        return exit(run, { ...(await finish(run, states, run.input)), end: true, next: undefined });
      case 'Fail':
        return { fail: await failure(run, states) };
      case 'Choice':
        return exit(run, await choose(run, states));
      case 'Wait':
        await wait(run, states);
        return exit(run, await finish(run, states, run.input));
      case 'Task':
      case 'Parallel':
      case 'Map':
        return await runWork(run);
    }
  } catch (err) {
    if (err instanceof StatesError) return { fail: { error: err.error, cause: err.cause } };
    throw err;
  }
}

/** Task, Parallel and Map: retried and caught; Output/Assign see `$states.result`. */
async function runWork(run: StateRun): Promise<Outcome> {
  const { state } = run;
  let result: unknown;
  try {
    result = await withRetry(run, (attempt) => {
      if (state.Type === 'Task') return runTaskAttempt(run, attempt);
      if (state.Type === 'Parallel') return runParallel(run, attempt);
      return runMap(run, attempt);
    });
    const states: StatesBinding = { input: run.input, result, context: contextObject(run) };
    return exit(run, await finish(run, states, result));
  } catch (err) {
    if (!(err instanceof StatesError)) throw err;
    const catcher = findCatcher(state.Catch, err.error);
    if (!catcher) throw err;
    const errorOutput = { Error: err.error, Cause: err.cause };
    const states: StatesBinding = { input: run.input, errorOutput, context: contextObject(run) };
    const [output, assigned] = await Promise.all([
      catcher.Output === undefined ? errorOutput : evaluateTemplate(catcher.Output, states, run.scope.vars, 'Output'),
      assignments(catcher.Assign, states, run),
    ]);
    // A caught error has no StateExited event: the history goes from TaskFailed straight to
    // the catcher's state (as recorded on AWS, e.g. TaskFailed → FailStateEntered).
    return { output, assigned, next: catcher.Next };
  }
}

/** Evaluates the state's Output (or its default) and Assign, both from the same inputs. */
async function finish(run: StateRun, states: StatesBinding, defaultOutput: unknown): Promise<Outcome> {
  const { state } = run;
  const [output, assigned] = await Promise.all([
    state.Output === undefined ? defaultOutput : evaluateTemplate(state.Output, states, run.scope.vars, 'Output'),
    assignments(state.Assign, states, run),
  ]);
  return { output, assigned, next: state.Next, end: state.End === true || undefined };
}

async function assignments(assign: StateDef['Assign'], states: StatesBinding, run: StateRun): Promise<Record<string, unknown> | undefined> {
  if (!assign) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(assign)) out[name] = await evaluateTemplate(value, states, run.scope.vars, `Assign.${name}`);
  return out;
}

/** Attaches the StateExited event; runChain journals it with the state's `done` record. */
function exit(run: StateRun, outcome: Outcome): Outcome {
  const assignedVariables = outcome.assigned
    ? Object.fromEntries(Object.entries(outcome.assigned).map(([k, v]) => [k, JSON.stringify(v)]))
    : undefined;
  const details = {
    stateExitedEventDetails: {
      name: run.name,
      output: JSON.stringify(outcome.output),
      outputDetails: { truncated: false },
      ...(assignedVariables ? { assignedVariables, assignedVariablesDetails: { truncated: false } } : {}),
    },
  };
  return { ...outcome, exited: { type: `${run.state.Type}StateExited`, details } };
}

async function failure(run: StateRun, states: StatesBinding): Promise<{ error: string; cause: string }> {
  const error = run.state.Error === undefined ? '' : await evaluateTemplate(run.state.Error, states, run.scope.vars, 'Error');
  const cause = run.state.Cause === undefined ? '' : await evaluateTemplate(run.state.Cause, states, run.scope.vars, 'Cause');
  return { error: String(error), cause: String(cause) };
}

/** First rule whose Condition is true wins; its Output/Assign replace the state's. */
async function choose(run: StateRun, states: StatesBinding): Promise<Outcome> {
  const { state, scope } = run;
  for (const [index, rule] of (state.Choices ?? []).entries()) {
    const field = `Choices[${index}].Condition`;
    const value = isJsonataTemplate(rule.Condition)
      ? await evaluateExpression(rule.Condition.slice(2, -2).trim(), states, scope.vars, field)
      : rule.Condition;
    if (typeof value !== 'boolean') {
      throw new StatesError(
        StatesErrors.QueryEvaluationError,
        `The Condition field '${field}' of state '${run.name}' must evaluate to a boolean, got ${JSON.stringify(value)}.`,
      );
    }
    if (!value) continue;
    const [output, assigned] = await Promise.all([
      rule.Output === undefined
        ? state.Output === undefined
          ? run.input
          : evaluateTemplate(state.Output, states, scope.vars, 'Output')
        : evaluateTemplate(rule.Output, states, scope.vars, 'Output'),
      assignments(rule.Assign ?? state.Assign, states, run),
    ]);
    return { output, assigned, next: rule.Next };
  }
  if (state.Default === undefined) {
    throw new StatesError(StatesErrors.NoChoiceMatched, `No Choice Rule matched and no Default is specified in state '${run.name}'.`);
  }
  return { ...(await finish(run, states, run.input)), next: state.Default, end: undefined };
}

/** Seconds or Timestamp; the end time is journaled so a restart waits only what remains. */
async function wait(run: StateRun, states: StatesBinding): Promise<void> {
  const { state, exec, env } = run;
  let until = exec.waits.get(run.key);
  if (until === undefined) {
    if (state.Seconds !== undefined) {
      const seconds = await evaluateTemplate(state.Seconds, states, run.scope.vars, 'Seconds');
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw new StatesError(
          StatesErrors.QueryEvaluationError,
          `The field 'Seconds' of state '${run.name}' must be a non-negative integer, got ${JSON.stringify(seconds)}.`,
        );
      }
      until = env.clock.deadline(seconds * 1000);
    } else {
      const timestamp = await evaluateTemplate(state.Timestamp, states, run.scope.vars, 'Timestamp');
      const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
      if (Number.isNaN(at)) {
        throw new StatesError(
          StatesErrors.QueryEvaluationError,
          `The field 'Timestamp' of state '${run.name}' must be an ISO-8601 timestamp, got ${JSON.stringify(timestamp)}.`,
        );
      }
      until = env.clock.deadline(Math.max(0, at - env.clock.now()));
    }
    exec.record({ t: 'wait', k: run.key, until });
  }
  await env.clock.sleepUntil(until, run.scope.signal);
}
