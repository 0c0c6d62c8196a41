/**
 * `$states.context` (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html)
 * and Lambda service errors (https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html:
 * errors of the Lambda service itself surface as `Lambda.*` names, e.g. Lambda.ServiceException).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { startStepFunctions } from '../../../infra/local-cloud/stepfunctions/index.js';
import { createMachine, fnArn, readResult, ROLE, runMachine, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.functions.set('Echo', (p) => p);
});
afterAll(async () => {
  await h.close();
});

describe('$states.context', () => {
  it('names the execution, the state machine, the state and its entry time', async () => {
    // Prepare
    const arn = await createMachine(h, { StartAt: 'Look', States: { Look: { Type: 'Pass', Output: '{% $states.context %}', End: true } } });
    const name = `ctx-${Date.now()}`;

    // Act
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"release":"r1"}' }));
    await h.service.engine.waitForExecution(executionArn!);
    const result = await readResult(h, executionArn!);

    // Assert
    const context = result.output as Record<string, any>;
    expect(context.Execution).toMatchObject({ Id: executionArn, Name: name, Input: { release: 'r1' }, RoleArn: ROLE });
    expect(Date.parse(context.Execution.StartTime)).not.toBeNaN();
    expect(context.StateMachine).toEqual({ Id: arn, Name: arn.split(':').at(-1) });
    expect(context.State).toMatchObject({ Name: 'Look', RetryCount: 0 });
    expect(Date.parse(context.State.EnteredTime)).toBeGreaterThanOrEqual(Date.parse(context.Execution.StartTime));
    expect(context.Task).toBeUndefined();
  });

  it('gives a waitForTaskToken task its token in Task.Token', async () => {
    // Prepare
    let seen: unknown;
    h.functions.set('Keep', (p: { ctx: unknown }) => {
      seen = p.ctx;
      return {};
    });
    const arn = await createMachine(h, {
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          Arguments: { FunctionName: fnArn('Keep'), Payload: { ctx: '{% $states.context.Task %}', t: '{% $states.context.Task.Token %}' } },
          TimeoutSeconds: 1,
          End: true,
        },
      },
    });

    // Act
    await runMachine(h, arn);

    // Assert
    expect(seen).toEqual({ Token: expect.any(String) });
  });
});

describe('Lambda service errors', () => {
  it('a host invoke that throws fails the task with Lambda.ServiceException', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'warta-sfn-svc-'));
    const service = await startStepFunctions({
      dataDir,
      invoke: async () => {
        throw new Error('socket hang up');
      },
    });
    const { stateMachineArn } = service.engine.createStateMachine({
      name: 'svc',
      roleArn: ROLE,
      definition: JSON.stringify({
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Arguments: { FunctionName: fnArn('Any') }, End: true } },
      }),
    });

    // Act
    const { executionArn } = service.engine.startExecution({ stateMachineArn, input: '{}' });
    const status = await service.engine.waitForExecution(executionArn);

    // Assert
    expect(status).toBe('FAILED');
    expect(service.engine.describeExecution({ executionArn })).toMatchObject({ error: 'Lambda.ServiceException' });
    await service.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
