/**
 * Time for the engine. Waiting is real time, but scaled: with `timeScale` 0.001 a
 * `Wait` of 10 s or a Retry backoff of 4 s lasts 10 ms / 4 ms, so tests of Wait, Retry,
 * TimeoutSeconds and HeartbeatSeconds run fast without ever sleeping for real seconds.
 * Timestamps (history, deadlines) stay wall-clock milliseconds.
 */
import { ExecutionHalted } from './errors.js';

export interface Clock {
  /** Wall-clock milliseconds. */
  now(): number;
  /** Resolves after `ms` of engine time; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * The wall-clock moment `ms` of engine time from now. Deadlines are journaled in wall
   * time so that after a restart only what remains is waited, whatever the scale.
   */
  deadline(ms: number): number;
  /** Resolves at a wall-clock deadline from `deadline()` (immediately if past). */
  sleepUntil(deadline: number, signal?: AbortSignal): Promise<void>;
}

export function scaledClock(timeScale = 1): Clock {
  if (!(timeScale > 0)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const clock: Clock = {
    now: () => Date.now(),
    deadline: (ms) => Date.now() + ms * timeScale,
    sleepUntil: (deadline, signal) => clock.sleep(Math.max(0, deadline - Date.now()) / timeScale, signal),
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(haltReason(signal));
        const onAbort = () => {
          clearTimeout(timer);
          reject(haltReason(signal!));
        };
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, Math.min(ms * timeScale, 2_147_000_000)),
        );
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
  return clock;
}

export function haltReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new ExecutionHalted('engine-closed');
}
