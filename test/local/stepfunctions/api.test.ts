/**
 * The Step Functions JSON API as the SDK sees it
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_Operations.html):
 * state machine lifecycle, StartExecution name rules, listing and paging, history paging
 * and order, refusal of unsupported definitions with the state and field named, and the
 * EventBridge status-change events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  InvalidDefinition,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from '@aws-sdk/client-sfn';
import { ACCOUNT, createMachine, REGION, ROLE, runMachine, startHarness, uniqueName, type Harness } from './harness.js';

let h: Harness;

const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input %}', End: true } } };
const WAIT = { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } };

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h.close();
});

function refusal(definition: object): Promise<unknown> {
  return h.sfn.send(new CreateStateMachineCommand({ name: uniqueName('bad'), definition: JSON.stringify(definition), roleArn: ROLE }));
}

describe('definitions the engine does not run are refused at create time', () => {
  it.each([
    [
      'JSONPath (the default query language)',
      { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      /state 'P': field 'QueryLanguage'/,
    ],
    [
      'another resource',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Arguments: { FunctionName: 'x' }, End: true } },
      },
      /state 'T': field 'Resource'/,
    ],
    [
      'a JSONPath field in a JSONata state',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', ResultPath: '$.x', End: true } } },
      /state 'P': field 'ResultPath'/,
    ],
    [
      'ItemReader in a Map',
      { QueryLanguage: 'JSONata', StartAt: 'M', States: { M: { Type: 'Map', ItemReader: {}, ItemProcessor: PASS, End: true } } },
      /state 'M': field 'ItemReader'/,
    ],
    [
      'a distributed Map',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: { M: { Type: 'Map', ItemProcessor: { ...PASS, ProcessorConfig: { Mode: 'DISTRIBUTED' } }, End: true } },
      },
      /state 'M': field 'ItemProcessor.ProcessorConfig'/,
    ],
    [
      'a nested unsupported state',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'B',
        States: {
          B: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'X', States: { X: { Type: 'Task', Resource: 'arn:aws:lambda:ap-southeast-3:1:function:f', End: true } } },
            ],
            End: true,
          },
        },
      },
      /state 'B\/Branches\[0\]\/X': field 'Resource'/,
    ],
    [
      'a JSONata syntax error',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% $states.input.( %}', End: true } } },
      /state 'P': field 'Output' has an invalid JSONata expression/,
    ],
    [
      'a waitForTaskToken task that does not pass the token',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Arguments: { FunctionName: 'f', Payload: {} },
            End: true,
          },
        },
      },
      /state 'T': field 'Arguments.Payload' must pass \$states.context.Task.Token/,
    ],
    [
      'a reserved variable name',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Assign: { states: 1 }, End: true } } },
      /state 'P': field 'Assign' has an invalid variable name 'states'/,
    ],
    [
      'a Next to nowhere',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Next: 'Nowhere' } } },
      /state 'P': field 'Next' names unknown state 'Nowhere'/,
    ],
  ])('%s', async (_label, definition, message) => {
    // Act
    const attempt = refusal(definition);

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(InvalidDefinition);
    await expect(attempt).rejects.toThrow(message);
  });

  it('validateDefinition lists every problem for the deployer', () => {
    // Act
    const problems = h.service.engine.validateDefinition(
      JSON.stringify({
        StartAt: 'A',
        States: { A: { Type: 'Activity', End: true }, B: { Type: 'Pass', QueryLanguage: 'JSONata', Parameters: {}, End: true } },
      }),
    );

    // Assert
    expect(problems).toEqual([
      "state 'A': field 'Type' value 'Activity' is not supported",
      "state 'B': field 'Parameters' is not supported for a Pass state",
    ]);
  });
});

describe('the wire protocol', () => {
  it('answers ValidateStateMachineDefinition with the same problems as CreateStateMachine', async () => {
    // Act
    const ok = await h.sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify({ QueryLanguage: 'JSONata', ...PASS }) }),
    );
    const bad = await h.sfn.send(new ValidateStateMachineDefinitionCommand({ definition: JSON.stringify(PASS) }));

    // Assert
    expect(ok.result).toBe('OK');
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.[0]?.message).toMatch(/state 'P': field 'QueryLanguage'/);
  });

  it('answers an unknown operation in the awsJson error shape', async () => {
    // Act
    const res = await fetch(h.service.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.DescribeActivity', 'content-type': 'application/x-amz-json-1.0' },
      body: '{}',
    });

    // Assert
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: expect.stringMatching(/#UnknownOperationException$/) });
  });
});

describe('state machines', () => {
  it('creates idempotently, conflicts on a different definition, updates, lists, deletes', async () => {
    // Prepare
    const name = uniqueName('lifecycle');
    const definition = JSON.stringify({ QueryLanguage: 'JSONata', ...PASS });

    // Act
    const first = await h.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
    const again = await h.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn: ROLE }));
    const conflict = h.sfn.send(
      new CreateStateMachineCommand({ name, definition: JSON.stringify({ QueryLanguage: 'JSONata', ...WAIT }), roleArn: ROLE }),
    );
    await expect(conflict).rejects.toBeInstanceOf(StateMachineAlreadyExists);
    await h.sfn.send(
      new UpdateStateMachineCommand({
        stateMachineArn: first.stateMachineArn,
        definition: JSON.stringify({ QueryLanguage: 'JSONata', ...WAIT }),
      }),
    );
    const described = await h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));
    const listed = await h.sfn.send(new ListStateMachinesCommand({}));
    await h.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: first.stateMachineArn }));
    const gone = h.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: first.stateMachineArn }));

    // Assert
    expect(first.stateMachineArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${name}`);
    expect(again.stateMachineArn).toBe(first.stateMachineArn);
    expect(first.creationDate).toBeInstanceOf(Date);
    expect(JSON.parse(described.definition!).States.W.Type).toBe('Wait');
    expect(described).toMatchObject({ name, status: 'ACTIVE', type: 'STANDARD', roleArn: ROLE });
    expect(listed.stateMachines?.map((m) => m.name)).toContain(name);
    await expect(gone).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });
});

describe('executions', () => {
  // https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html: open + same
  // input → success (the same execution); open + different input, or closed → ExecutionAlreadyExists.
  it('StartExecution with the same name and input while running returns the same execution; otherwise ExecutionAlreadyExists', async () => {
    // Prepare
    const arn = await createMachine(h, WAIT);
    const name = uniqueName('exec');

    // Act
    const first = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' }));
    const same = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":1}' }));
    const different = h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{"a":2}' }));

    // Assert
    expect(first.executionArn).toBe(`arn:aws:states:${REGION}:${ACCOUNT}:execution:${arn.split(':').at(-1)}:${name}`);
    expect(same.executionArn).toBe(first.executionArn);
    expect(same.startDate?.getTime()).toBe(first.startDate?.getTime());
    await expect(different).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('a closed execution name cannot be reused', async () => {
    // Prepare
    const arn = await createMachine(h, PASS);
    const name = uniqueName('closed');
    const { executionArn } = await h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{}' }));
    await h.service.engine.waitForExecution(executionArn!);

    // Act
    const reuse = h.sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name, input: '{}' }));

    // Assert
    await expect(reuse).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('ListExecutions filters by status and pages with nextToken', async () => {
    // Prepare
    const arn = await createMachine(h, PASS);
    for (let i = 0; i < 5; i++) await runMachine(h, arn, { i });
    const waiting = await createMachine(h, WAIT);
    await h.sfn.send(new StartExecutionCommand({ stateMachineArn: waiting }));

    // Act
    const page1 = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 3 }));
    const page2 = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, maxResults: 3, nextToken: page1.nextToken }));
    const running = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'RUNNING' }));
    const succeeded = await h.sfn.send(new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'SUCCEEDED' }));

    // Assert
    expect(page1.executions).toHaveLength(3);
    expect(page2.executions).toHaveLength(2);
    expect(page2.nextToken).toBeUndefined();
    const names = [...page1.executions!, ...page2.executions!].map((e) => e.name);
    expect(new Set(names).size).toBe(5);
    expect(running.executions).toHaveLength(1);
    expect(succeeded.executions).toHaveLength(0);
  });

  it('GetExecutionHistory pages, reverses, and leaves data out on request', async () => {
    // Prepare
    const arn = await createMachine(h, {
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Output: { secret: 'x' }, End: true } },
    });
    const { executionArn, events } = await runMachine(h, arn, { hello: 'world' });

    // Act
    const first = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4 }));
    const rest = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken: first.nextToken }));
    const reversed = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true }));
    const noData = await h.sfn.send(new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }));

    // Assert
    expect(events).toHaveLength(6);
    expect(first.events?.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    expect(rest.events?.map((e) => e.id)).toEqual([5, 6]);
    expect(reversed.events?.map((e) => e.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(reversed.events?.[0]?.timestamp).toBeInstanceOf(Date);
    expect(noData.events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(events[0]?.executionStartedEventDetails?.input).toBe('{"hello":"world"}');
  });

  it('DescribeExecution of an unknown execution is ExecutionDoesNotExist', async () => {
    // Act
    const attempt = h.sfn.send(
      new DescribeExecutionCommand({ executionArn: `arn:aws:states:${REGION}:${ACCOUNT}:execution:nope:${uniqueName('x')}` }),
    );

    // Assert
    await expect(attempt).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('reports status changes as EventBridge events when an execution starts and ends', async () => {
    // Prepare
    const arn = await createMachine(h, PASS);

    // Act
    const { executionArn } = await runMachine(h, arn, { n: 1 });

    // Assert
    const mine = h.statusEvents.filter((e) => e.detail.executionArn === executionArn);
    expect(mine.map((e) => e.detail.status)).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(mine[1]).toMatchObject({
      source: 'aws.states',
      'detail-type': 'Step Functions Execution Status Change',
      region: REGION,
      account: ACCOUNT,
      resources: [executionArn],
    });
    expect(mine[1]?.detail).toMatchObject({ stateMachineArn: arn, input: '{"n":1}', output: '{"n":1}', error: null });
    expect(typeof mine[1]?.detail.stopDate).toBe('number');
  });
});
