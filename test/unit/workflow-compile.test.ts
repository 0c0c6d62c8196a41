import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { DKIP_MALUT, ESDM_BABEL, isHumanStage, type SopProfile } from '#domain/profiles.js';
import {
  MAIL_HELD_ERROR,
  profileToDefinition,
  STATE_NAMES,
  TRANSIENT_ERRORS,
  WORKFLOW_HANDLERS,
  WorkflowDefinitionError,
  type WorkflowFunctionArns,
} from '../../infra/cdk/workflow/definition.js';

type State = Record<string, any>;
type Definition = { QueryLanguage: string; StartAt: string; States: Record<string, State> };

const arnOf = (name: string) => `arn:aws:lambda:ap-southeast-3:111111111111:function:warta-${name}`;
const ARNS = Object.fromEntries(WORKFLOW_HANDLERS.map((h) => [h, arnOf(h)])) as WorkflowFunctionArns;
const TIMEOUT = 30 * 86_400;
/** register's 900 s timeout and the mailer's 10 s margin. */
const MAIL_HELD_SECONDS = 910;

function compile(profile: SopProfile): Definition {
  return profileToDefinition(profile, ARNS, {
    humanTaskTimeoutSeconds: TIMEOUT,
    mailHeldSeconds: MAIL_HELD_SECONDS,
  }) as unknown as Definition;
}

/** The seconds a retrier waits in all before its last attempt, as Step Functions spaces them. */
function totalWait(retrier: State): number {
  let total = 0;
  for (let n = 0; n < retrier.MaxAttempts; n++)
    total += Math.min(retrier.MaxDelaySeconds ?? Infinity, retrier.IntervalSeconds * retrier.BackoffRate ** n);
  return total;
}

/** Follows the happy path (every review approved) from StartAt to its end, listing the states passed. */
function happyPath(def: Definition): string[] {
  const path: string[] = [];
  let name: string | undefined = def.StartAt;
  while (name && path.length < 100) {
    path.push(name);
    const state: State = def.States[name]!;
    if (state.Type === 'Choice') name = state.Choices.find((c: State) => c.Condition.includes("'approve'"))?.Next;
    else name = state.Next;
  }
  return path;
}

function expressionsOf(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(/^\{%(.*)%\}$/gs)].map((m) => m[1]!);
  if (Array.isArray(value)) return value.flatMap(expressionsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(expressionsOf);
  return [];
}

describe.each([
  ['dkip-malut', DKIP_MALUT],
  ['esdm-babel', ESDM_BABEL],
])('the %s profile compiles', (_id, profile) => {
  const def = compile(profile);

  it('to a JSONata machine whose approved path runs every stage in order and succeeds as published', () => {
    const path = happyPath(def);
    expect(def.QueryLanguage).toBe('JSONata');
    // A profile without a notify step still mails the sender right after publishing.
    const stages = profile.stages.map((s) => s.id);
    const expected = profile.stages.some((s) => s.kind === 'notify')
      ? stages
      : stages.flatMap((id) => (id === 'publish' ? [id, STATE_NAMES.notifyPublication] : [id]));
    expect(path.filter((n) => def.States[n]!.Type === 'Task')).toEqual(expected);
    expect(path.at(-1)).toBe(STATE_NAMES.published);
    expect(def.States[STATE_NAMES.published]!.Type).toBe('Succeed');
  });

  it('with waitForTaskToken for human stages and a plain invoke of the stage handler otherwise', () => {
    for (const stage of profile.stages) {
      const state = def.States[stage.id]!;
      const payload = state.Arguments.Payload;
      expect(payload).toMatchObject({ stageId: stage.id, kind: stage.kind });
      if (isHumanStage(stage.kind)) {
        expect(state.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
        expect(state.Arguments.FunctionName).toBe(ARNS['human-task']);
        expect(payload.taskToken).toBe('{% $states.context.Task.Token %}');
        expect(state.TimeoutSeconds).toBe(TIMEOUT);
      } else {
        expect(state.Resource).toBe('arn:aws:states:::lambda:invoke');
        expect(state.Arguments.FunctionName).toBe(ARNS[stage.kind as keyof WorkflowFunctionArns]);
        expect(payload.taskToken).toBeUndefined();
      }
    }
  });

  it('uses only the state types and fields the local engine supports, with valid JSONata', () => {
    for (const [name, state] of Object.entries(def.States)) {
      expect(['Task', 'Choice', 'Pass', 'Succeed', 'Fail'], name).toContain(state.Type);
      expect(state.Parameters ?? state.InputPath ?? state.ResultPath ?? state.ResultSelector, name).toBeUndefined();
    }
    for (const expr of expressionsOf(def.States)) expect(() => jsonata(expr), expr).not.toThrow();
  });

  it('retries transient errors with backoff and full jitter on every Lambda task', () => {
    const tasks = Object.entries(def.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(profile.stages.length);
    for (const [name, task] of tasks) {
      expect(task.Retry.at(-1), name).toEqual({
        ErrorEquals: TRANSIENT_ERRORS,
        IntervalSeconds: 2,
        BackoffRate: 2,
        MaxAttempts: 10,
        MaxDelaySeconds: 60,
        JitterStrategy: 'FULL',
      });
      expect(TRANSIENT_ERRORS).toEqual(expect.arrayContaining(['Lambda.TooManyRequestsException', 'Warta.Transient']));
    }
  });

  it('retries a mail held by a crashed invocation on every stage until its mark must be stale, without jitter', () => {
    const stages = Object.entries(def.States).filter(([name, s]) => s.Type === 'Task' && name !== STATE_NAMES.recordFailure);
    expect(stages.length).toBeGreaterThanOrEqual(profile.stages.length);
    for (const [name, task] of stages) {
      const [held] = task.Retry;
      expect(held.ErrorEquals, name).toEqual([MAIL_HELD_ERROR]);
      expect(held.JitterStrategy, name).toBeUndefined();
      // Past the window, with at most one step to spare.
      expect(totalWait(held), name).toBeGreaterThan(MAIL_HELD_SECONDS);
      expect(totalWait(held) - held.MaxDelaySeconds, name).toBeLessThanOrEqual(MAIL_HELD_SECONDS);
    }
  });

  it('catches every failure of a task into record-failure, which ends in a Fail state', () => {
    for (const [name, state] of Object.entries(def.States)) {
      if (state.Type !== 'Task' || name === STATE_NAMES.recordFailure) continue;
      expect(state.Catch, name).toHaveLength(1);
      expect(state.Catch[0], name).toMatchObject({ ErrorEquals: ['States.ALL'], Next: STATE_NAMES.recordFailure });
      expect(state.Catch[0].Assign.failure).toBe('{% $states.errorOutput %}');
    }
    const recordFailure = def.States[STATE_NAMES.recordFailure]!;
    expect(recordFailure.Arguments.FunctionName).toBe(ARNS['record-failure']);
    expect(Object.keys(recordFailure.Arguments.Payload).sort()).toEqual(['error', 'executionId', 'releaseId', 'stageId']);
    expect(recordFailure.Next).toBe(STATE_NAMES.failed);
    expect(recordFailure.Catch[0].Next).toBe(STATE_NAMES.failed);
    expect(def.States[STATE_NAMES.failed]!.Type).toBe('Fail');
  });

  it('ends a rejection cleanly: the notify handler tells the sender, then Succeed "rejected"', () => {
    const notifyRejection = def.States[STATE_NAMES.notifyRejection]!;
    expect(notifyRejection.Arguments.FunctionName).toBe(ARNS.notify);
    expect(notifyRejection.Arguments.Payload).toMatchObject({ kind: 'notify', outcome: 'rejected' });
    expect(notifyRejection.Next).toBe(STATE_NAMES.rejected);
    expect(def.States[STATE_NAMES.rejected]!.Type).toBe('Succeed');
    for (const review of profile.stages.filter((s) => s.kind === 'review')) {
      const choice = def.States[def.States[review.id]!.Next]!;
      expect(choice.Type).toBe('Choice');
      expect(choice.Choices.find((c: State) => c.Condition.includes("'reject'")).Next).toBe(STATE_NAMES.notifyRejection);
      expect(def.States[choice.Default]!.Next).toBe(STATE_NAMES.recordFailure);
    }
  });
});

describe('review decisions', () => {
  it('send a dkip-malut release back to edit on revise and count the round', () => {
    const def = compile(DKIP_MALUT);

    const choice = def.States['review-decision']!;
    const revise = choice.Choices.find((c: State) => c.Condition.includes("'revise'"));

    expect(revise.Next).toBe('edit');
    expect(def.States.edit!.Arguments.Payload.round).toBe('{% $round_edit + 1 %}');
    expect(def.States.edit!.Assign.round_edit).toBe('{% $round_edit + 1 %}');
    expect(def.States[STATE_NAMES.start]!.Assign.round_edit).toBe(0);
  });

  it('offer esdm-babel only approve and reject, on both of its reviews', async () => {
    const def = compile(ESDM_BABEL);

    for (const id of ['review', 'approve']) {
      const choice = def.States[`${id}-decision`]!;
      const conditions = choice.Choices.map((c: State) => c.Condition);
      expect(conditions).toHaveLength(2);
      expect(conditions.join(' ')).not.toContain('revise');
      // The condition is real JSONata over the decision variable the human task assigned.
      const approve = jsonata(conditions[0].slice(2, -2));
      expect(await approve.evaluate({}, { decision: { action: 'approve' } })).toBe(true);
      expect(await approve.evaluate({}, { decision: { action: 'reject' } })).toBe(false);
    }
  });

  it('keeps the decision and the round the person acted in', () => {
    const def = compile(ESDM_BABEL);

    expect(def.States.review!.Assign).toEqual({ round_review: '{% $round_review + 1 %}', decision: '{% $states.result %}' });
  });
});

describe('profiles the compiler refuses', () => {
  it('a revise that returns to a stage the profile does not have', () => {
    const broken: SopProfile = {
      ...DKIP_MALUT,
      stages: DKIP_MALUT.stages.map((s) => (s.id === 'review' ? { ...s, revisesStage: 'missing-stage' } : s)),
    };

    expect(() => compile(broken)).toThrow(WorkflowDefinitionError);
    expect(() => compile(broken)).toThrow(/review.*missing-stage/);
  });

  it('a stage id that collides with a state of the machine', () => {
    const broken: SopProfile = { ...ESDM_BABEL, stages: [{ ...ESDM_BABEL.stages[0]!, id: STATE_NAMES.recordFailure }] };

    expect(() => compile(broken)).toThrow(/reserved state name/);
  });
});

describe('a profile without a notify step (esdm-babel)', () => {
  it('still tells the sender of the publication, with the notify handler, right after the publish stage', () => {
    const def = compile(ESDM_BABEL);
    const notice = def.States[STATE_NAMES.notifyPublication]!;
    expect(def.States.publish!.Next).toBe(STATE_NAMES.notifyPublication);
    expect(notice.Arguments).toMatchObject({
      FunctionName: ARNS.notify,
      Payload: { stageId: 'notify', kind: 'notify', outcome: 'published' },
    });
    expect(notice.Next).toBe('archive');
  });
});
