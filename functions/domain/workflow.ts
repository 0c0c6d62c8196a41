/**
 * The contract between the state machine (compiled in `infra/workflow`) and the stage
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

/**
 * The Lambda handlers, by the file name under `functions/handlers/` (without `.ts`).
 * `infra/` makes one function per entry; the local cloud loads each from its bundle.
 */
export const HANDLERS = {
  // HTTP API
  'uploads-create': 'POST /api/uploads',
  'uploads-complete': 'POST /api/uploads/{uploadId}/complete',
  'releases-create': 'POST /api/releases',
  'releases-get': 'GET /api/releases/{id}',
  // The task page's own form first (the link id in a header); then the form of links mailed before.
  'tasks-get': 'GET /api/task, GET /api/tasks/{linkId}',
  'tasks-act': 'POST /api/task, POST /api/tasks/{linkId}',
  'audit-api': 'GET /api/audit/{proxy+}',
  'agenda-void': 'POST /api/agenda/void',
  // Workflow stages
  register: 'stage register',
  'human-task': 'stages dispose, accept, edit, review (waitForTaskToken)',
  publish: 'stage publish',
  notify: 'stage notify',
  archive: 'stage archive',
  report: 'stage report',
  'record-failure': 'the Catch path of every stage',
  // Events and schedules
  'history-snapshot': 'EventBridge: Step Functions execution status change',
  'sla-sweep': 'EventBridge schedule: reminders and escalations past Mutu Baku',
  'mail-events': 'SES bounce and complaint events: suppress the address',
  'periodic-report': 'EventBridge schedule: monthly and semester report to auditors',
} as const;
export type HandlerName = keyof typeof HANDLERS;

/**
 * Environment variables the stack sets on the functions (each only where needed).
 * Read once at cold start through `functions/aws/env.ts`; a missing one fails loudly.
 */
export const ENV = {
  table: 'TABLE_NAME',
  uploadsBucket: 'UPLOADS_BUCKET',
  archiveBucket: 'ARCHIVE_BUCKET',
  siteBucket: 'SITE_BUCKET',
  stateMachineArn: 'STATE_MACHINE_ARN',
  /** The validated office configuration as JSON. */
  config: 'WARTA_CONFIG',
  /** SHA-256 (hex) of WARTA_CONFIG as synth validated it. */
  configSha256: 'WARTA_CONFIG_SHA256',
  /** Origin of the web app and newsroom, e.g. https://d123.cloudfront.net. */
  webOrigin: 'WEB_ORIGIN',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  /** Name of the SSM/Secrets-free local audit key check; on AWS the route uses IAM auth. */
  auditKey: 'AUDIT_KEY',
} as const;
