/**
 * Held executions (Engine.holdExecutions, for benchmarks of the API that starts them):
 * StartExecution answers and records as always, but no state is entered until released;
 * then each held execution runs as any other, and one stopped meanwhile stays stopped.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DescribeExecutionCommand, GetExecutionHistoryCommand, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { createMachine, fnArn, readResult, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ functions: { Work: (payload: { n: number }) => ({ doubled: payload.n * 2 }) } });
});
afterEach(() => h.close());

const definition = {
  QueryLanguage: 'JSONata',
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { FunctionName: fnArn('Work'), Payload: '{% $states.input %}' },
      Output: '{% $states.result.Payload %}',
      End: true,
    },
  },
};

describe('held executions', () => {
  it('are started and recorded but enter no state until released, then run in order', async () => {
    // Prepare
    const machine = await createMachine(h, definition);
    const release = h.service.engine.holdExecutions();
    // Act
    const started = [];
    for (const n of [1, 2, 3])
      started.push((await h.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ n }) }))).executionArn!);
    await new Promise((r) => setTimeout(r, 50));
    const whileHeld = await h.sfn.send(new DescribeExecutionCommand({ executionArn: started[0] }));
    const historyWhileHeld = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn: started[0] }));
    const callsWhileHeld = h.calls.length;
    const released = release();
    for (const arn of started) await h.service.engine.waitForExecution(arn);
    // Assert
    expect(whileHeld.status).toBe('RUNNING');
    expect(historyWhileHeld.events?.map((e) => e.type)).toEqual(['ExecutionStarted']);
    expect(callsWhileHeld).toBe(0);
    expect(released).toBe(3);
    expect(h.calls.map((c) => (c.payload as { n: number }).n)).toEqual([1, 2, 3]);
    for (const [i, arn] of started.entries())
      expect(await readResult(h, arn)).toMatchObject({ status: 'SUCCEEDED', output: { doubled: (i + 1) * 2 } });
  });

  it('leave an execution stopped while held stopped, and start the next ones at once after release', async () => {
    // Prepare
    const machine = await createMachine(h, definition);
    const release = h.service.engine.holdExecutions();
    const stopped = (await h.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"n":1}' }))).executionArn!;
    await h.sfn.send(new StopExecutionCommand({ executionArn: stopped }));
    // Act
    release();
    const after = (await h.sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"n":5}' }))).executionArn!;
    await h.service.engine.waitForExecution(after);
    // Assert
    expect((await h.sfn.send(new DescribeExecutionCommand({ executionArn: stopped }))).status).toBe('ABORTED');
    expect(h.calls.map((c) => (c.payload as { n: number }).n)).toEqual([5]);
    expect(await readResult(h, after)).toMatchObject({ status: 'SUCCEEDED', output: { doubled: 10 } });
  });
});
