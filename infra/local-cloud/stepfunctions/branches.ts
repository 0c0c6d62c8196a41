/**
 * Parallel and Map (inline): each branch / iteration is its own chain with its own
 * scope. Variable scoping as AWS documents it
 * (https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html#variable-scope):
 * an inner scope starts with a copy of the outer variables (read access), its own
 * assignments stay inside, and the outer scope sees only the state's result.
 * The first failing branch/iteration fails the state; the others are stopped.
 */
import type { StateMachineDef } from './definition.js';
import { StatesError, StatesErrors } from './errors.js';
import { runChain } from './interpreter.js';
import { evaluateTemplate } from './jsonata-eval.js';
import { contextObject, type Scope, type StateRun } from './run-context.js';

class SiblingFailed extends Error {}

function innerScope(run: StateRun, key: string, signal: AbortSignal, last: number): Scope {
  return { key, vars: { ...run.scope.vars }, visits: new Map(), last, signal };
}

export async function runParallel(run: StateRun, attempt: number): Promise<unknown> {
  const { exec, state, scope } = run;
  const attemptKey = `${run.key}@${attempt}`;
  const states = { input: run.input, context: contextObject(run, { retryCount: attempt }) };
  const input = state.Arguments === undefined ? run.input : await evaluateTemplate(state.Arguments, states, scope.vars, 'Arguments');
  scope.last = exec.emit(`${attemptKey}:started`, 'ParallelStateStarted', scope.last);
  const stop = new AbortController();
  const signal = AbortSignal.any([scope.signal, stop.signal]);
  const started = scope.last;
  try {
    const results = await Promise.all(
      (state.Branches ?? []).map((branch, i) =>
        runChain(exec, run.env, branch, innerScope(run, `${attemptKey}/b${i}`, signal, started), input).catch((err: unknown) => {
          if (!stop.signal.aborted) stop.abort(new SiblingFailed('a sibling branch failed'));
          throw err;
        }),
      ),
    );
    scope.last = exec.emit(`${attemptKey}:succeeded`, 'ParallelStateSucceeded', scope.last);
    return results;
  } catch (err) {
    if (scope.signal.aborted) throw err;
    scope.last = exec.emit(`${attemptKey}:failed`, 'ParallelStateFailed', scope.last);
    throw err instanceof StatesError ? err : new StatesError(StatesErrors.BranchFailed, String(err));
  }
}

export async function runMap(run: StateRun, attempt: number): Promise<unknown> {
  const { exec, state, scope } = run;
  const attemptKey = `${run.key}@${attempt}`;
  const states = { input: run.input, context: contextObject(run, { retryCount: attempt }) };
  const items = state.Items === undefined ? run.input : await evaluateTemplate(state.Items, states, scope.vars, 'Items');
  if (!Array.isArray(items)) {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The field 'Items' of Map state '${run.name}' must be a JSON array, got ${JSON.stringify(items)}.`,
    );
  }
  const max = state.MaxConcurrency === undefined ? 0 : await evaluateTemplate(state.MaxConcurrency, states, scope.vars, 'MaxConcurrency');
  if (!Number.isInteger(max) || (max as number) < 0) {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The field 'MaxConcurrency' of Map state '${run.name}' must be a non-negative integer.`,
    );
  }
  const processor = state.ItemProcessor as StateMachineDef;
  scope.last = exec.emit(`${attemptKey}:started`, 'MapStateStarted', scope.last, { mapStateStartedEventDetails: { length: items.length } });
  const started = scope.last;
  const stop = new AbortController();
  const signal = AbortSignal.any([scope.signal, stop.signal]);
  const results: unknown[] = new Array(items.length);
  let next = 0;
  let failure: unknown;

  const runIteration = async (index: number): Promise<void> => {
    const iterKey = `${attemptKey}/i${index}`;
    const detail = { name: run.name, index };
    const item = { Index: index, Value: items[index] };
    const last = exec.emit(`${iterKey}:started`, 'MapIterationStarted', started, { mapIterationStartedEventDetails: detail });
    const itemStates = { input: run.input, context: contextObject(run, { retryCount: attempt, item }) };
    const inner = innerScope(run, iterKey, signal, last);
    try {
      const input =
        state.ItemSelector === undefined
          ? items[index]
          : await evaluateTemplate(state.ItemSelector, itemStates, scope.vars, 'ItemSelector');
      results[index] = await runChain(exec, run.env, processor, inner, input);
      exec.emit(`${iterKey}:succeeded`, 'MapIterationSucceeded', inner.last, { mapIterationSucceededEventDetails: detail });
    } catch (err) {
      if (stop.signal.aborted && !scope.signal.aborted) {
        exec.emit(`${iterKey}:aborted`, 'MapIterationAborted', inner.last, { mapIterationAbortedEventDetails: detail });
        return;
      }
      if (scope.signal.aborted) throw err;
      exec.emit(`${iterKey}:failed`, 'MapIterationFailed', inner.last, { mapIterationFailedEventDetails: detail });
      failure ??= err;
      stop.abort(new SiblingFailed('a sibling iteration failed'));
    }
  };
  const worker = async (): Promise<void> => {
    while (next < items.length && !stop.signal.aborted) await runIteration(next++);
  };
  const workers = max === 0 ? items.length : Math.min(max as number, items.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (scope.signal.aborted) throw scope.signal.reason;
  if (failure !== undefined) {
    scope.last = exec.emit(`${attemptKey}:failed`, 'MapStateFailed', exec.events.at(-1)?.id ?? scope.last);
    throw failure instanceof StatesError ? failure : new StatesError(StatesErrors.Runtime, String(failure));
  }
  scope.last = exec.emit(`${attemptKey}:succeeded`, 'MapStateSucceeded', exec.events.at(-1)?.id ?? scope.last);
  return results;
}
