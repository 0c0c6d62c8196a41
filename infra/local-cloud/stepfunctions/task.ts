/**
 * The Task state for `lambda:invoke` and `lambda:invoke.waitForTaskToken`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html,
 *  https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token).
 * One call of `runTaskAttempt` is one attempt: TaskScheduled, TaskStarted, then
 * TaskSucceeded / TaskFailed / TaskTimedOut (plus TaskSubmitted once the Lambda that
 * received the token returned). The result is shaped as AWS's lambda:invoke result.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { LAMBDA_INVOKE_WAIT } from './definition.js';
import { StatesError, StatesErrors } from './errors.js';
import type { TokenOutcome } from './execution.js';
import { evaluateTemplate } from './jsonata-eval.js';
import { contextObject, type InvokeResult, type StateRun } from './run-context.js';

const RESOURCE_TYPE = 'lambda';

/** A task token names its execution and task, plus randomness so it cannot be guessed. */
export function makeToken(executionArn: string, taskKey: string): string {
  return Buffer.from(JSON.stringify({ e: executionArn, k: taskKey, r: randomBytes(12).toString('hex') })).toString('base64url');
}

export function readToken(token: string): { e: string; k: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { e?: unknown; k?: unknown; r?: unknown };
    return typeof parsed.e === 'string' && typeof parsed.k === 'string' && typeof parsed.r === 'string'
      ? { e: parsed.e, k: parsed.k }
      : undefined;
  } catch {
    return undefined;
  }
}

export async function runTaskAttempt(run: StateRun, attempt: number): Promise<unknown> {
  const { exec, env, state, scope } = run;
  const waitsForToken = state.Resource === LAMBDA_INVOKE_WAIT;
  const resource = waitsForToken ? 'invoke.waitForTaskToken' : 'invoke';
  const taskKey = `${run.key}@${attempt}`;
  let token: string | undefined;
  if (waitsForToken) {
    token = exec.tokensByKey.get(taskKey);
    if (!token) {
      token = makeToken(exec.arn, taskKey);
      exec.record({ t: 'tok', k: taskKey, token });
    }
  }
  const states = { input: run.input, context: contextObject(run, { retryCount: attempt, token }) };
  const args = (await evaluateTemplate(state.Arguments, states, scope.vars, 'Arguments')) as Record<string, unknown>;
  const timeoutSeconds = await seconds(state.TimeoutSeconds, run, states, 'TimeoutSeconds');
  const heartbeatSeconds = await seconds(state.HeartbeatSeconds, run, states, 'HeartbeatSeconds');
  if (typeof args?.FunctionName !== 'string') {
    throw new StatesError(StatesErrors.Runtime, `The field 'Arguments.FunctionName' of state '${run.name}' did not evaluate to a string.`);
  }
  const functionName = typeof args.Qualifier === 'string' ? `${args.FunctionName}:${args.Qualifier}` : args.FunctionName;

  scope.last = exec.emit(`${taskKey}:scheduled`, 'TaskScheduled', scope.last, {
    taskScheduledEventDetails: {
      resourceType: RESOURCE_TYPE,
      resource,
      region: env.region,
      parameters: JSON.stringify(args),
      ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
      ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
    },
  });
  scope.last = exec.emit(`${taskKey}:started`, 'TaskStarted', scope.last, {
    taskStartedEventDetails: { resourceType: RESOURCE_TYPE, resource },
  });
  const fail = (type: 'TaskFailed' | 'TaskTimedOut', error: string, cause: string): never => {
    if (token) exec.record({ t: 'tokend', token });
    const field = type === 'TaskFailed' ? 'taskFailedEventDetails' : 'taskTimedOutEventDetails';
    scope.last = exec.emit(`${taskKey}:${type}`, type, scope.last, { [field]: { resourceType: RESOURCE_TYPE, resource, error, cause } });
    throw new StatesError(error, cause);
  };
  const deadline = timeoutSeconds !== undefined ? env.clock.deadline(timeoutSeconds * 1000) : undefined;

  if (!waitsForToken || !exec.invoked.has(taskKey)) {
    const invoked = await invokeWithTimeout(run, functionName, args.Payload ?? {}, timeoutSeconds);
    if (invoked === 'timeout') return fail('TaskTimedOut', StatesErrors.Timeout, `The task timed out after ${timeoutSeconds} seconds.`);
    if (!invoked.ok) {
      return fail(
        'TaskFailed',
        invoked.errorType,
        JSON.stringify({ errorType: invoked.errorType, errorMessage: invoked.errorMessage, trace: invoked.trace ?? [] }),
      );
    }
    const result = lambdaInvokeResult(invoked.payload);
    if (!waitsForToken) {
      scope.last = exec.emit(`${taskKey}:succeeded`, 'TaskSucceeded', scope.last, {
        taskSucceededEventDetails: {
          resourceType: RESOURCE_TYPE,
          resource,
          output: JSON.stringify(result),
          outputDetails: { truncated: false },
        },
      });
      return result;
    }
    exec.record({ t: 'invoked', k: taskKey });
    scope.last = exec.emit(`${taskKey}:submitted`, 'TaskSubmitted', scope.last, {
      taskSubmittedEventDetails: {
        resourceType: RESOURCE_TYPE,
        resource,
        output: JSON.stringify(result),
        outputDetails: { truncated: false },
      },
    });
  }

  const outcome = await waitForToken(run, token!, deadline, heartbeatSeconds);
  if (outcome === 'timeout') return fail('TaskTimedOut', StatesErrors.Timeout, `The task timed out after ${timeoutSeconds} seconds.`);
  if (outcome === 'heartbeat')
    return fail('TaskTimedOut', StatesErrors.HeartbeatTimeout, `No heartbeat received within ${heartbeatSeconds} seconds.`);
  if (!outcome.ok) return fail('TaskFailed', outcome.error ?? '', outcome.cause ?? '');
  exec.record({ t: 'tokend', token: token! });
  scope.last = exec.emit(`${taskKey}:succeeded`, 'TaskSucceeded', scope.last, {
    taskSucceededEventDetails: {
      resourceType: RESOURCE_TYPE,
      resource,
      output: JSON.stringify(outcome.output),
      outputDetails: { truncated: false },
    },
  });
  return outcome.output;
}

async function seconds(
  value: unknown,
  run: StateRun,
  states: { input: unknown; context: unknown },
  field: string,
): Promise<number | undefined> {
  if (value === undefined) return undefined;
  const evaluated = await evaluateTemplate(value, states, run.scope.vars, field);
  if (!Number.isInteger(evaluated) || (evaluated as number) <= 0) {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The field '${field}' of state '${run.name}' must be a positive integer, got ${JSON.stringify(evaluated)}.`,
    );
  }
  return evaluated as number;
}

/** AWS's lambda:invoke result: the function's payload wrapped in the SDK response metadata. */
function lambdaInvokeResult(payload: unknown): Record<string, unknown> {
  const requestId = randomUUID();
  const length = String(Buffer.byteLength(JSON.stringify(payload ?? null)));
  const date = new Date().toUTCString();
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': length,
    Date: date,
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    Connection: 'keep-alive',
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload ?? null,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}

async function invokeWithTimeout(
  run: StateRun,
  functionName: string,
  payload: unknown,
  timeoutSeconds: number | undefined,
): Promise<InvokeResult | 'timeout'> {
  const { env, scope } = run;
  const timer = new AbortController();
  const signal = AbortSignal.any([scope.signal, timer.signal]);
  const call = env
    .invoke(functionName, payload, {
      ...(timeoutSeconds !== undefined ? { timeoutMs: timeoutSeconds * 1000 } : {}),
      roleArn: run.exec.roleArn,
    })
    .catch((err: unknown): InvokeResult => ({
      ok: false,
      errorType: 'Lambda.ServiceException',
      errorMessage: (err as Error)?.message ?? String(err),
    }));
  const races: Promise<InvokeResult | 'timeout'>[] = [call, abortPromise(scope.signal, timer.signal)];
  if (timeoutSeconds !== undefined) races.push(env.clock.sleep(timeoutSeconds * 1000, signal).then(() => 'timeout' as const));
  try {
    return await Promise.race(races);
  } finally {
    timer.abort();
  }
}

/** Rejects when `signal` aborts; the listener goes away when `done` aborts. */
function abortPromise(signal: AbortSignal, done: AbortSignal): Promise<never> {
  // An abort rejects with the signal's own reason, as fetch and Node's timers do.
  /* eslint-disable @typescript-eslint/prefer-promise-reject-errors */
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true, signal: done });
  });
  /* eslint-enable @typescript-eslint/prefer-promise-reject-errors */
}

/** Waits for the token's answer, TimeoutSeconds (from the task's start) or a missed heartbeat. */
function waitForToken(
  run: StateRun,
  token: string,
  deadline: number | undefined,
  heartbeatSeconds: number | undefined,
): Promise<TokenOutcome | 'timeout' | 'heartbeat'> {
  const { exec, env, scope } = run;
  const known = exec.tokenResults.get(token);
  if (known) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    const timers = new AbortController();
    const signal = AbortSignal.any([scope.signal, timers.signal]);
    const done = (value: TokenOutcome | 'timeout' | 'heartbeat') => {
      exec.waiters.delete(token);
      timers.abort();
      resolve(value);
    };
    const ignoreCancel = () => undefined;
    let heartbeatTimer: AbortController | undefined;
    const armHeartbeat = () => {
      if (heartbeatSeconds === undefined) return;
      heartbeatTimer?.abort();
      heartbeatTimer = new AbortController();
      env.clock
        .sleep(heartbeatSeconds * 1000, AbortSignal.any([signal, heartbeatTimer.signal]))
        .then(() => done('heartbeat'), ignoreCancel);
    };
    if (deadline !== undefined) env.clock.sleepUntil(deadline, signal).then(() => done('timeout'), ignoreCancel);
    armHeartbeat();
    scope.signal.addEventListener(
      'abort',
      () => {
        exec.waiters.delete(token);
        timers.abort();
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the scope's abort reason, as above
        reject(scope.signal.reason);
      },
      { once: true, signal: timers.signal },
    );
    exec.waiters.set(token, { settle: (outcome) => done(outcome), heartbeat: armHeartbeat });
  });
}
