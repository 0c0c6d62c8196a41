/**
 * The contract between the state machine (compiled in `infra/cdk/workflow`) and the stage
 * Lambdas: what each task is given and what it returns. The state machine keeps only
 * the release id and the last decision; the release record in DynamoDB is the truth.
 */
import type { HumanStageKind, StageKind } from './profiles.js';

/** StartExecution input. The execution name is the release id, so a retry cannot start a twin. */
export interface ExecutionInput {
  releaseId: string;
}

/** Payload of every automated stage task (`lambda:invoke`). */
export interface StagePayload {
  releaseId: string;
  stageId: string;
  kind: StageKind;
  /** `$states.context.Execution.Id` — for the audit trail and history snapshot. */
  executionId: string;
  /** `$states.context.State.EnteredTime` — when the stage began. */
  enteredAt: string;
  /** Set on the notify stage when the release was rejected: tell the sender why. */
  outcome?: 'published' | 'rejected';
}

/** Payload of a human stage (`lambda:invoke.waitForTaskToken`). */
export interface HumanStagePayload extends StagePayload {
  kind: HumanStageKind;
  /** `$states.context.Task.Token`: stored server-side only, never emailed or logged. */
  taskToken: string;
  /** How many times this stage has been entered for this release (revision loops). */
  round: number;
}

/** What SendTaskSuccess carries back to the state machine when a person acts. */
export interface Decision {
  action: 'dispose' | 'accept' | 'submit' | 'approve' | 'revise' | 'reject';
  actorId: string;
  decidedAt: string;
}

/** Payload of the failure path: every Catch leads here before the execution fails. */
export interface FailurePayload {
  releaseId: string;
  executionId: string;
  /** `$states.errorOutput`: {Error, Cause}. */
  error: { Error?: string; Cause?: string };
  stageId: string;
}
