/**
 * Errors of the local Step Functions engine.
 *
 * Two families, as on AWS: a `StatesError` travels inside an execution (it can be retried,
 * caught, or fail the execution, and carries the names AWS uses: `States.Timeout`, a
 * Lambda's errorType, ...), while an `SfnApiError` answers an API call and is rendered in
 * the awsJson1_0 error shape so the SDK raises the named exception.
 */

/** An error raised while running a state; `error`/`cause` are exactly what history shows. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = 'StatesError';
  }
}

/** Error names AWS defines (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html). */
export const StatesErrors = {
  ALL: 'States.ALL',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  Runtime: 'States.Runtime',
  QueryEvaluationError: 'States.QueryEvaluationError',
  NoChoiceMatched: 'States.NoChoiceMatched',
  BranchFailed: 'States.BranchFailed',
} as const;

/** An API error; `type` is the exception name the SDK maps (`ExecutionAlreadyExists`, ...). */
export class SfnApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = type;
  }
}

/** Raised inside a running execution when it is stopped, timed out or the engine halts. */
export class ExecutionHalted extends Error {
  constructor(readonly reason: 'stopped' | 'timed-out' | 'engine-closed') {
    super(`execution halted (${reason})`);
    this.name = 'ExecutionHalted';
  }
}
