/**
 * Retry and Catch matching and the backoff schedule
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
 * the first retrier whose ErrorEquals matches decides; its own attempt counter is
 * compared with MaxAttempts (default 3, 0 = never); the delay is IntervalSeconds
 * (default 1) × BackoffRate (default 2) ^ attempts so far, capped by MaxDelaySeconds,
 * and with JitterStrategy FULL a random value between 0 and that delay.
 */
import type { Catcher, Retrier } from './definition.js';
import { StatesError, StatesErrors } from './errors.js';
import type { StateRun } from './run-context.js';

export function errorMatches(errorEquals: string[], error: string): boolean {
  // States.Runtime is never retried or caught: it fails the execution.
  if (error === StatesErrors.Runtime) return false;
  const isTimeout = error === StatesErrors.Timeout || error === StatesErrors.HeartbeatTimeout;
  return errorEquals.some(
    (name) =>
      name === error ||
      name === StatesErrors.ALL ||
      (name === StatesErrors.TaskFailed && !isTimeout) ||
      (name === StatesErrors.Timeout && error === StatesErrors.HeartbeatTimeout),
  );
}

export function findCatcher(catchers: Catcher[] | undefined, error: string): Catcher | undefined {
  return catchers?.find((c) => errorMatches(c.ErrorEquals, error));
}

export function backoffMs(retrier: Retrier, attemptsSoFar: number, random = Math.random): number {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * rate ** attemptsSoFar;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
  return Math.round(seconds * 1000);
}

/**
 * Runs `attempt` until it succeeds or no retrier applies. The attempt number and each
 * retrier's counter are journaled before the backoff, so after a restart the state goes
 * on with the next attempt after the remaining delay, not from the first.
 */
export async function withRetry<T>(run: StateRun, attempt: (n: number) => Promise<T>): Promise<T> {
  const retriers = run.state.Retry ?? [];
  const prior = run.exec.retries.get(run.key);
  let n = prior?.attempt ?? 0;
  const counts = prior?.counts ?? retriers.map(() => 0);
  if (prior) await run.env.clock.sleepUntil(prior.resumeAt, run.scope.signal);
  for (;;) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!(err instanceof StatesError)) throw err;
      const index = retriers.findIndex((r) => errorMatches(r.ErrorEquals, err.error));
      const retrier = retriers[index];
      if (!retrier || (counts[index] ?? 0) >= (retrier.MaxAttempts ?? 3)) throw err;
      const delay = backoffMs(retrier, counts[index] ?? 0);
      counts[index] = (counts[index] ?? 0) + 1;
      n += 1;
      const resumeAt = run.env.clock.deadline(delay);
      run.exec.record({ t: 'retry', k: run.key, attempt: n, counts: [...counts], resumeAt });
      await run.env.clock.sleepUntil(resumeAt, run.scope.signal);
    }
  }
}
