/**
 * `lambda:invoke.waitForTaskToken` and SendTaskSuccess/Failure/Heartbeat
 * (https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html#connect-wait-token,
 *  https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html):
 * the Lambda receives `$states.context.Task.Token`, TaskSubmitted follows its return, the
 * task waits for the token; a token whose task is over answers TaskTimedOut, a token no
 * task had answers TaskDoesNotExist, a malformed one InvalidToken.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { createMachine, fnArn, readResult, startHarness, type Harness } from './harness.js';

let h: Harness;
const tokens = new Map<string, string>();

function humanStage(extra: object = {}): object {
  return {
    StartAt: 'Review',
    States: {
      Review: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Arguments: {
          FunctionName: fnArn('SendTaskLink'),
          Payload: { release: '{% $states.input.release %}', taskToken: '{% $states.context.Task.Token %}' },
        },
        Output: { decision: '{% $states.result.decision %}' },
        End: true,
        ...extra,
      },
    },
  };
}

async function start(arn: string, release: string): Promise<{ executionArn: string; token: string }> {
  const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ release }) }));
  for (let i = 0; i < 1000 && !tokens.has(release); i++) await new Promise((r) => setTimeout(r, 5));
  const token = tokens.get(release);
  if (!token) throw new Error('the task Lambda never received a token');
  return { executionArn: executionArn!, token };
}

beforeAll(async () => {
  h = await startHarness();
  h.functions.set('SendTaskLink', (payload: { release: string; taskToken: string }) => {
    tokens.set(payload.release, payload.taskToken);
    return { mailed: true };
  });
});

afterAll(async () => {
  await h.close();
});

describe('waitForTaskToken', () => {
  it('passes the token to the Lambda and continues with the SendTaskSuccess output', async () => {
    // Prepare
    const arn = await createMachine(h, humanStage());
    const { executionArn, token } = await start(arn, 'rel-success');

    // Act
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ decision: 'approve' }) }));
    await h.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(h, executionArn);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ decision: 'approve' });
    expect(result.types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = result.events.find((e) => e.type === 'TaskSubmitted');
    expect(JSON.parse(submitted!.taskSubmittedEventDetails!.output!).Payload).toEqual({ mailed: true });
  });

  it('fails the task with the error and cause given to SendTaskFailure', async () => {
    // Prepare
    const arn = await createMachine(h, humanStage());
    const { executionArn, token } = await start(arn, 'rel-failure');

    // Act
    await h.sfn.send(new SendTaskFailureCommand({ taskToken: token, error: 'Warta.Rejected', cause: 'judul kurang jelas' }));
    await h.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(h, executionArn);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Warta.Rejected');
    expect(result.cause).toBe('judul kurang jelas');
    expect(result.types.slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
  });

  it('answers a spent token with TaskTimedOut, a made-up one with TaskDoesNotExist, garbage with InvalidToken', async () => {
    // Prepare
    const arn = await createMachine(h, humanStage());
    const { executionArn, token } = await start(arn, 'rel-spent');
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"approve"}' }));
    await h.service.engine.waitForExecution(executionArn);
    const madeUp = Buffer.from(JSON.stringify({ e: executionArn, k: '/Review#9@0', r: 'abc' })).toString('base64url');

    // Act
    const spent = h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }));
    const unknown = h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: madeUp }));
    const garbage = h.sfn.send(new SendTaskFailureCommand({ taskToken: 'not-a-token!' }));

    // Assert
    await expect(spent).rejects.toBeInstanceOf(TaskTimedOut);
    await expect(unknown).rejects.toBeInstanceOf(TaskDoesNotExist);
    await expect(garbage).rejects.toBeInstanceOf(InvalidToken);
  });

  it('times out with States.HeartbeatTimeout when no heartbeat comes within HeartbeatSeconds', async () => {
    // Prepare: 30 s at timeScale 0.001
    const arn = await createMachine(h, humanStage({ HeartbeatSeconds: 30 }));

    // Act
    const { executionArn, token } = await start(arn, 'rel-heartbeat');
    await h.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(h, executionArn);
    expect(result.error).toBe('States.HeartbeatTimeout');
    const timedOut = result.events.find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails?.error).toBe('States.HeartbeatTimeout');
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('keeps waiting while heartbeats arrive, then takes the answer', async () => {
    // Prepare: HeartbeatSeconds 1000 = 1 s at timeScale 0.001; a heartbeat every ~100 ms for
    // well over 1 s, so without them the task would have timed out
    const arn = await createMachine(h, humanStage({ HeartbeatSeconds: 1000 }));
    const { executionArn, token } = await start(arn, 'rel-alive');

    // Act
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      await h.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
      await new Promise((r) => setTimeout(r, 100));
    }
    await h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"decision":"approve"}' }));
    await h.service.engine.waitForExecution(executionArn);

    // Assert
    expect((await readResult(h, executionArn)).status).toBe('SUCCEEDED');
  });

  it('fails with States.Timeout after TimeoutSeconds', async () => {
    // Prepare
    const arn = await createMachine(h, humanStage({ TimeoutSeconds: 20 }));

    // Act
    const { executionArn } = await start(arn, 'rel-timeout');
    await h.service.engine.waitForExecution(executionArn);

    // Assert
    const result = await readResult(h, executionArn);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('States.Timeout');
    expect(result.types.slice(-2)).toEqual(['TaskTimedOut', 'ExecutionFailed']);
  });

  it('StopExecution aborts a waiting task; its token is then spent', async () => {
    // Prepare
    const arn = await createMachine(h, humanStage());
    const { executionArn, token } = await start(arn, 'rel-stop');

    // Act
    await h.sfn.send(new StopExecutionCommand({ executionArn, error: 'Warta.Withdrawn', cause: 'ditarik pengirim' }));

    // Assert
    const result = await readResult(h, executionArn);
    expect(result.status).toBe('ABORTED');
    expect(result.types.at(-1)).toBe('ExecutionAborted');
    expect(result.events.at(-1)?.executionAbortedEventDetails).toEqual({ error: 'Warta.Withdrawn', cause: 'ditarik pengirim' });
    await expect(h.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' }))).rejects.toBeInstanceOf(TaskTimedOut);
  });
});
