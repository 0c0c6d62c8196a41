/**
 * The contract between the CDK app and the Lambda code: which handlers exist (by file name
 * under `functions/handlers/`), what calls each, and the environment variables the stack
 * sets on them. infra/cdk builds from it, the functions read their environment by it, and
 * the local cloud loads what the template built from it; none of it is domain logic.
 */

/**
 * The Lambda handlers, by the file name under `functions/handlers/` (without `.ts`).
 * `infra/cdk` makes one function per entry; the local cloud loads each from its bundle.
 */
export const HANDLERS = {
  // HTTP API
  'uploads-create': 'POST /api/uploads',
  'uploads-complete': 'POST /api/uploads/{uploadId}/complete',
  'releases-create': 'POST /api/releases',
  'releases-get': 'GET /api/releases/{id}',
  'tasks-get': 'GET /api/tasks/{linkId}',
  'tasks-act': 'POST /api/tasks/{linkId}',
  'tasks-code': 'POST /api/tasks/{linkId}/code',
  'audit-api': 'GET /api/audit/{proxy+}',
  'verify-get': 'GET /api/verify/{archiveId}',
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
 * Read once at cold start through `functions/runtime/env.ts`; a missing one fails loudly.
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
