/**
 * Turns an SOP profile into Amazon States Language (JSONata query language), following the
 * contract in functions/domain/workflow.ts. Pure: Lambda ARNs come in as strings (CDK tokens
 * when the stack calls it, plain ARNs in unit tests), so the shape is testable without a synth.
 *
 * State names are the contract the handlers, the audit export and the local cloud read:
 * each stage's task state is named by its stage id; the other states use the names in
 * STATE_NAMES, which no stage id may take.
 */
import { isHumanStage, type SopProfile, type Stage } from '#domain/profiles.js';
import type { HandlerName } from '#contract/handlers.js';

/** The Lambda ARNs a state machine invokes, by handler name. */
export type WorkflowFunctionArns = Record<WorkflowHandler, string>;
export const WORKFLOW_HANDLERS = [
  'register',
  'human-task',
  'publish',
  'notify',
  'archive',
  'report',
  'record-failure',
] as const satisfies readonly HandlerName[];
export type WorkflowHandler = (typeof WORKFLOW_HANDLERS)[number];

export interface DefinitionOptions {
  /** How long a human stage may wait for its decision before the execution fails (config.sla.expireAfterDays). */
  humanTaskTimeoutSeconds: number;
  /**
   * The longest a mail can be held by the "sending" mark of a crashed invocation of a stage
   * function: the longest stage function timeout plus the mailer's margin.
   */
  mailHeldSeconds: number;
}

/** What a stage raises while a mail it must send is held by another invocation (functions/runtime/stage.ts MailHeld). */
export const MAIL_HELD_ERROR = 'Warta.MailInFlight';

export const STATE_NAMES = {
  start: 'start',
  notifyRejection: 'notify-rejection',
  /** The sender's publication mail, for a profile whose SOP has no notify step of its own. */
  notifyPublication: 'notify-publication',
  recordFailure: 'record-failure',
  published: 'published',
  rejected: 'rejected',
  failed: 'failed',
  /** Suffix of the Choice state that follows a review stage. */
  decisionSuffix: '-decision',
  /** Suffix of the Pass state a review's unknown decision falls into. */
  unknownDecisionSuffix: '-unknown-decision',
} as const;

/** Errors worth another attempt: Lambda's own throttling and service faults, and ours. */
export const TRANSIENT_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  'Warta.Transient',
];

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/** Variables (Assign) the machine keeps; everything else lives in the release record. */
const VAR = { releaseId: 'releaseId', decision: 'decision', failedStage: 'failedStage', error: 'failure' } as const;
const roundVar = (stage: Stage) => `round_${stage.id.replace(/[^A-Za-z0-9]/g, '_')}`;
const jsonata = (expr: string) => `{% ${expr} %}`;

export class WorkflowDefinitionError extends Error {
  override name = 'WorkflowDefinitionError';
}

type State = Record<string, unknown>;

export function profileToDefinition(profile: SopProfile, arns: WorkflowFunctionArns, options: DefinitionOptions): Record<string, unknown> {
  checkProfile(profile);
  const humanStages = profile.stages.filter((s) => isHumanStage(s.kind));
  const states: Record<string, State> = {};

  const first = profile.stages[0]!;
  states[STATE_NAMES.start] = {
    Type: 'Pass',
    Comment: 'Keep the release id and a revision counter per human stage; the release record holds the rest.',
    Assign: {
      [VAR.releaseId]: jsonata('$states.input.releaseId'),
      [VAR.decision]: null,
      [VAR.failedStage]: null,
      [VAR.error]: null,
      ...Object.fromEntries(humanStages.map((s) => [roundVar(s), 0])),
    },
    Next: first.id,
  };

  // Every profile tells the sender of the publication (sender-mails.ts promisedMails): where
  // the SOP has no notify step, the mail follows the publish stage.
  const notifyStage = profile.stages.find((s) => s.kind === 'notify');
  const senderNotice: Stage = notifyStage ?? {
    id: 'notify',
    kind: 'notify',
    sopStep: 0,
    role: 'petugas',
    mutuBakuMinutes: 0,
    label: { id: 'Pemberitahuan kepada pengirim', en: 'Notice to the sender' },
  };
  profile.stages.forEach((stage, index) => {
    const following = profile.stages[index + 1]?.id ?? STATE_NAMES.published;
    const next = stage.kind === 'publish' && !notifyStage ? STATE_NAMES.notifyPublication : following;
    if (isHumanStage(stage.kind)) {
      const afterTask = stage.kind === 'review' ? decisionState(stage) : next;
      states[stage.id] = humanTask(stage, arns['human-task'], options, afterTask);
      if (stage.kind === 'review') addReviewChoice(states, profile, stage, next);
    } else {
      const handler = stage.kind as WorkflowHandler;
      states[stage.id] = automatedTask(stage, arns[handler], options, next, stage.kind === 'notify' ? 'published' : undefined);
    }
    if (next !== following)
      states[STATE_NAMES.notifyPublication] = automatedTask(senderNotice, arns.notify, options, following, 'published');
  });

  if (profile.stages.some((s) => s.reviewActions?.includes('reject'))) {
    // The sender must hear of a rejection even when the SOP has no notify step of its own.
    states[STATE_NAMES.notifyRejection] = automatedTask(senderNotice, arns.notify, options, STATE_NAMES.rejected, 'rejected');
    states[STATE_NAMES.rejected] = { Type: 'Succeed', Output: jsonata(`{"releaseId": $${VAR.releaseId}, "outcome": "rejected"}`) };
  }

  states[STATE_NAMES.published] = { Type: 'Succeed', Output: jsonata(`{"releaseId": $${VAR.releaseId}, "outcome": "published"}`) };
  states[STATE_NAMES.recordFailure] = {
    Type: 'Task',
    Comment: 'Every failure is written on the release before the execution fails.',
    Resource: LAMBDA_INVOKE,
    Arguments: {
      FunctionName: arns['record-failure'],
      Payload: {
        releaseId: jsonata(`$${VAR.releaseId}`),
        executionId: jsonata('$states.context.Execution.Id'),
        error: jsonata(`$${VAR.error}`),
        stageId: jsonata(`$${VAR.failedStage}`),
      },
    },
    Retry: [transientRetry()],
    // Even when recording fails the execution must end failed, never hang or loop.
    Catch: [{ ErrorEquals: ['States.ALL'], Next: STATE_NAMES.failed }],
    Next: STATE_NAMES.failed,
  };
  states[STATE_NAMES.failed] = {
    Type: 'Fail',
    Error: 'Warta.StageFailed',
    Cause: jsonata(`'Stage ' & $${VAR.failedStage} & ' failed: ' & ($${VAR.error}.Error ? $${VAR.error}.Error : 'unknown error')`),
  };

  return {
    Comment: `${profile.title.en} (${profile.id}${profile.sopNumber ? `, SOP ${profile.sopNumber}` : ''})`,
    QueryLanguage: 'JSONata',
    StartAt: STATE_NAMES.start,
    States: states,
  };
}

function decisionState(stage: Stage): string {
  return `${stage.id}${STATE_NAMES.decisionSuffix}`;
}

function basePayload(stage: Stage): Record<string, unknown> {
  return {
    releaseId: jsonata(`$${VAR.releaseId}`),
    stageId: stage.id,
    kind: stage.kind,
    executionId: jsonata('$states.context.Execution.Id'),
    enteredAt: jsonata('$states.context.State.EnteredTime'),
  };
}

function automatedTask(
  stage: Stage,
  functionArn: string,
  options: DefinitionOptions,
  next: string,
  outcome?: 'published' | 'rejected',
): State {
  return {
    Type: 'Task',
    Comment: `${stage.label.en} (SOP step ${stage.sopStep})`,
    Resource: LAMBDA_INVOKE,
    Arguments: { FunctionName: functionArn, Payload: { ...basePayload(stage), ...(outcome ? { outcome } : {}) } },
    Output: jsonata(`{"releaseId": $${VAR.releaseId}}`),
    Retry: [mailHeldRetry(options.mailHeldSeconds), transientRetry()],
    Catch: [failureCatch(stage)],
    Next: next,
  };
}

function humanTask(stage: Stage, functionArn: string, options: DefinitionOptions, next: string): State {
  const round = roundVar(stage);
  return {
    Type: 'Task',
    Comment: `${stage.label.en} (SOP step ${stage.sopStep}, role ${stage.role}): waits for the person's decision`,
    Resource: LAMBDA_INVOKE_WAIT,
    Arguments: {
      FunctionName: functionArn,
      Payload: { ...basePayload(stage), taskToken: jsonata('$states.context.Task.Token'), round: jsonata(`$${round} + 1`) },
    },
    TimeoutSeconds: options.humanTaskTimeoutSeconds,
    // Arguments saw the old counter; Assign takes effect after the state, so both agree.
    Assign: { [round]: jsonata(`$${round} + 1`), [VAR.decision]: jsonata('$states.result') },
    Output: jsonata(`{"releaseId": $${VAR.releaseId}, "decision": $states.result}`),
    Retry: [mailHeldRetry(options.mailHeldSeconds), transientRetry()],
    Catch: [failureCatch(stage)],
    Next: next,
  };
}

function addReviewChoice(states: Record<string, State>, profile: SopProfile, stage: Stage, next: string): void {
  const actions = stage.reviewActions ?? ['approve', 'reject'];
  const choices: State[] = [];
  if (actions.includes('approve')) choices.push({ Condition: jsonata(`$${VAR.decision}.action = 'approve'`), Next: next });
  if (actions.includes('revise')) choices.push({ Condition: jsonata(`$${VAR.decision}.action = 'revise'`), Next: stage.revisesStage! });
  if (actions.includes('reject'))
    choices.push({ Condition: jsonata(`$${VAR.decision}.action = 'reject'`), Next: STATE_NAMES.notifyRejection });
  const unknown = `${stage.id}${STATE_NAMES.unknownDecisionSuffix}`;
  states[decisionState(stage)] = { Type: 'Choice', Comment: `Decision on ${stage.label.en}`, Choices: choices, Default: unknown };
  // A Choice cannot Catch, so a decision outside the stage's actions is routed to the failure path by hand.
  states[unknown] = {
    Type: 'Pass',
    Assign: {
      [VAR.failedStage]: stage.id,
      [VAR.error]: jsonata(
        `{"Error": "Warta.UnknownDecision", "Cause": "Stage ${stage.id} of ${profile.id} allows ${actions.join(', ')}, got " & $string($${VAR.decision}.action)}`,
      ),
    },
    Next: STATE_NAMES.recordFailure,
  };
}

/**
 * Passing failures are retried up to ten times, full jitter, backoff capped at a minute
 * (three minutes on average, six at most): long enough to ride out throttling, short
 * enough that a real outage reaches the failure path and the ops alarm.
 */
function transientRetry(): State {
  return {
    ErrorEquals: [...TRANSIENT_ERRORS],
    IntervalSeconds: 2,
    BackoffRate: 2,
    MaxAttempts: 10,
    MaxDelaySeconds: 60,
    JitterStrategy: 'FULL',
  };
}

/** The held-mail retrier's steps: 10 s, then half as long again each time, at most a minute. */
const MAIL_HELD_STEP = { IntervalSeconds: 10, BackoffRate: 1.5, MaxDelaySeconds: 60 } as const;

/**
 * A mail held by another invocation's "sending" mark: a concurrent send that ends in
 * seconds, or one that crashed mid-send, whose mark the mailer lets stand until that
 * invocation must have ended (its function's timeout and a margin). The retries must
 * outlast the longest such window every time, so the attempts are counted from the steps
 * and there is no jitter, which could shorten them. A retry after the mark goes stale
 * sends the mail, so a crash costs the wait, never the release.
 */
export function mailHeldRetry(windowSeconds: number): State {
  let attempts = 0;
  let waited = 0;
  for (let delay: number = MAIL_HELD_STEP.IntervalSeconds; waited <= windowSeconds; delay *= MAIL_HELD_STEP.BackoffRate) {
    waited += Math.min(MAIL_HELD_STEP.MaxDelaySeconds, delay);
    attempts++;
  }
  return { ErrorEquals: [MAIL_HELD_ERROR], ...MAIL_HELD_STEP, MaxAttempts: attempts };
}

function failureCatch(stage: Stage): State {
  return {
    ErrorEquals: ['States.ALL'],
    Assign: { [VAR.failedStage]: stage.id, [VAR.error]: jsonata('$states.errorOutput') },
    Next: STATE_NAMES.recordFailure,
  };
}

/** A profile the compiler cannot turn into a sound machine fails the synth, naming the stage. */
function checkProfile(profile: SopProfile): void {
  if (profile.stages.length === 0) throw new WorkflowDefinitionError(`profile ${profile.id} has no stages`);
  const reserved = new Set<string>([
    STATE_NAMES.start,
    STATE_NAMES.notifyRejection,
    STATE_NAMES.notifyPublication,
    STATE_NAMES.recordFailure,
    STATE_NAMES.published,
    STATE_NAMES.rejected,
    STATE_NAMES.failed,
  ]);
  const ids = new Set<string>();
  for (const stage of profile.stages) {
    if (reserved.has(stage.id) || stage.id.endsWith(STATE_NAMES.decisionSuffix) || stage.id.endsWith(STATE_NAMES.unknownDecisionSuffix)) {
      throw new WorkflowDefinitionError(`profile ${profile.id}: stage id "${stage.id}" is a reserved state name`);
    }
    if (ids.has(stage.id)) throw new WorkflowDefinitionError(`profile ${profile.id}: stage id "${stage.id}" appears twice`);
    ids.add(stage.id);
    if (stage.reviewActions?.length && stage.kind !== 'review') {
      throw new WorkflowDefinitionError(`profile ${profile.id}: stage "${stage.id}" offers review actions but is not a review`);
    }
    if (stage.reviewActions?.includes('revise')) {
      const target = profile.stages.find((s) => s.id === stage.revisesStage);
      if (!target || !isHumanStage(target.kind)) {
        throw new WorkflowDefinitionError(
          `profile ${profile.id}: stage "${stage.id}" revises to "${stage.revisesStage}", which is not a human stage of the profile`,
        );
      }
    }
  }
}
