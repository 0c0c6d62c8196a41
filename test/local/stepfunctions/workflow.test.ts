/**
 * The project's own state machines (infra/cdk/workflow/definition.ts, compiled from each SOP
 * profile exactly as the stack does) run on the engine end to end, with fake handlers
 * standing in for the Lambdas: approvals publish, a rejection notifies and ends
 * "rejected", a revision goes back to the edit stage with the next round, a failing
 * stage is recorded and fails the execution, a transient error is retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateStateMachineCommand, SendTaskSuccessCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PROFILES, type SopProfile } from '../../../functions/domain/profiles.js';
import { profileToDefinition, WORKFLOW_HANDLERS, type WorkflowHandler } from '../../../infra/cdk/workflow/definition.js';
import { fnArn, LambdaError, readResult, ROLE, startHarness, uniqueName, type Harness, type RunResult } from './harness.js';

interface HumanCall {
  releaseId: string;
  stageId: string;
  round: number;
  taskToken: string;
}
type Decide = (call: HumanCall) => { action: string; note?: string };

let h: Harness;
const humanCalls: HumanCall[] = [];
/** Per release: a stage id whose automated handler throws, and with which error, how often. */
const failures = new Map<string, { stageId: string; errorType: string; times: number }>();

beforeAll(async () => {
  h = await startHarness();
  for (const handler of WORKFLOW_HANDLERS) {
    h.functions.set(`warta-${handler}`, (payload: { releaseId: string; stageId?: string }) => {
      if (handler === 'human-task') {
        humanCalls.push(payload as HumanCall);
        return { sent: true };
      }
      const failure = failures.get(payload.releaseId);
      if (failure && failure.stageId === payload.stageId && failure.times > 0) {
        failure.times -= 1;
        throw new LambdaError(failure.errorType, `${payload.stageId} broke`);
      }
      return { ok: true };
    });
  }
});

afterAll(async () => {
  await h.close();
});

async function createWorkflow(profile: SopProfile): Promise<string> {
  const arns = Object.fromEntries(WORKFLOW_HANDLERS.map((name) => [name, fnArn(`warta-${name}`)])) as Record<WorkflowHandler, string>;
  const definition = profileToDefinition(profile, arns, { humanTaskTimeoutSeconds: 86_400, mailHeldSeconds: 910 });
  const out = await h.sfn.send(
    new CreateStateMachineCommand({ name: uniqueName(profile.id), definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return out.stateMachineArn!;
}

/** Runs a release through the machine, answering every human task with `decide`. */
async function runRelease(arn: string, releaseId: string, decide: Decide): Promise<{ result: RunResult; stages: string[] }> {
  const { executionArn } = await h.sfn.send(
    new StartExecutionCommand({ stateMachineArn: arn, name: releaseId, input: JSON.stringify({ releaseId }) }),
  );
  const answered = new Set<string>();
  const engine = h.service.engine;
  while (engine.executions.get(executionArn!)?.status === 'RUNNING') {
    const call = humanCalls.find((c) => c.releaseId === releaseId && !answered.has(c.taskToken));
    if (call) {
      answered.add(call.taskToken);
      await h.sfn.send(new SendTaskSuccessCommand({ taskToken: call.taskToken, output: JSON.stringify(decide(call)) }));
    } else {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const result = await readResult(h, executionArn!);
  const stages = result.events.filter((e) => e.type === 'TaskStateEntered').map((e) => e.stateEnteredEventDetails!.name!);
  return { result, stages };
}

describe.each(Object.values(PROFILES))('profile $id', (profile) => {
  // A profile without a notify step mails the sender of the publication right after publishing.
  const taskStages = profile.stages.some((s) => s.kind === 'notify')
    ? profile.stages.map((s) => s.id)
    : profile.stages.flatMap((s) => (s.kind === 'publish' ? [s.id, 'notify-publication'] : [s.id]));
  const review = profile.stages.find((s) => s.kind === 'review')!;

  it('publishes when every human stage approves', async () => {
    // Prepare
    const arn = await createWorkflow(profile);
    const releaseId = uniqueName('rel');

    // Act
    const { result, stages } = await runRelease(arn, releaseId, () => ({ action: 'approve' }));

    // Assert
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toEqual({ releaseId, outcome: 'published' });
    expect(stages).toEqual(taskStages);
  });

  it('notifies the sender and ends "rejected" when the review rejects', async () => {
    // Prepare
    const arn = await createWorkflow(profile);
    const releaseId = uniqueName('rel');

    // Act
    const { result, stages } = await runRelease(arn, releaseId, (c) => ({ action: c.stageId === review.id ? 'reject' : 'approve' }));

    // Assert
    expect(result.output).toEqual({ releaseId, outcome: 'rejected' });
    expect(stages.at(-1)).toBe('notify-rejection');
    expect(stages).not.toContain('publish');
  });

  it('records a failing stage and fails the execution with Warta.StageFailed', async () => {
    // Prepare
    const arn = await createWorkflow(profile);
    const releaseId = uniqueName('rel');
    failures.set(releaseId, { stageId: 'publish', errorType: 'Warta.SiteBroken', times: 99 });

    // Act
    const { result, stages } = await runRelease(arn, releaseId, () => ({ action: 'approve' }));

    // Assert
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Warta.StageFailed');
    expect(result.cause).toBe('Stage publish failed: Warta.SiteBroken');
    expect(stages.slice(-2)).toEqual(['publish', 'record-failure']);
    const recorded = h.calls.filter(
      (c) => c.name === 'warta-record-failure' && (c.payload as { releaseId: string }).releaseId === releaseId,
    );
    expect(recorded).toHaveLength(1);
    expect(recorded[0]!.payload).toMatchObject({ stageId: 'publish', error: { Error: 'Warta.SiteBroken' } });
  });

  it('retries a transient error of a stage and goes on', async () => {
    // Prepare
    const arn = await createWorkflow(profile);
    const releaseId = uniqueName('rel');
    failures.set(releaseId, { stageId: 'archive', errorType: 'Warta.Transient', times: 2 });

    // Act
    const { result } = await runRelease(arn, releaseId, () => ({ action: 'approve' }));

    // Assert
    expect(result.output).toEqual({ releaseId, outcome: 'published' });
    const archiveEvents = result.events.filter(
      (e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails!.parameters!.includes('"stageId":"archive"'),
    );
    expect(archiveEvents).toHaveLength(3);
  });
});

describe('a review that asks for revision', () => {
  it('goes back to the stage it revises, with the next round, then publishes', async () => {
    // Prepare
    const profile = Object.values(PROFILES).find((p) => p.stages.some((s) => s.reviewActions?.includes('revise')))!;
    const review = profile.stages.find((s) => s.reviewActions?.includes('revise'))!;
    const arn = await createWorkflow(profile);
    const releaseId = uniqueName('rel');

    // Act
    const { result } = await runRelease(arn, releaseId, (c) => ({
      action: c.stageId === review.id && c.round === 1 ? 'revise' : 'approve',
    }));

    // Assert
    expect(result.output).toEqual({ releaseId, outcome: 'published' });
    const rounds = humanCalls.filter((c) => c.releaseId === releaseId && c.stageId === review.revisesStage).map((c) => c.round);
    expect(rounds).toEqual([1, 2]);
  });
});
