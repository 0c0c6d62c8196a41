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
  'confirmations-confirm': 'POST /api/confirmations/{token}',
  // The task page's own form first (the link id in a header); then the form of links mailed before.
  'tasks-get': 'GET /api/task, GET /api/tasks/{linkId}',
  // And the same form from a signed-in desk (on the desk API, with the session cookie), so the decision records the session.
  'tasks-act': 'POST /api/task, POST /api/tasks/{linkId}, POST /api/desk/task',
  'audit-api': 'GET /api/audit/{proxy+}',
  'challenge-get': 'GET /api/challenge',
  'agenda-void': 'POST /api/agenda/void',
  // The paraf code is asked for from the task page (the link id in a header), or by the older path form.
  'tasks-code': 'POST /api/task/code, POST /api/tasks/{linkId}/code',
  'verify-get': 'GET /api/verify/{archiveId}',
  // The desk's sign-in, on the desk API (same origin as the web app, for the cookie).
  'session-link': 'POST /api/session/link',
  'session-create': 'POST /api/session',
  'session-end': 'DELETE /api/session',
  'desk-authorizer': "the desk API's Lambda authorizer: lets through a live session's cookie",
  // The desk (behind the authorizer; each handler checks its roles, DESK_ROLES).
  'desk-me': 'GET /api/desk/me',
  // The desk: the agenda book, its void, and the auditors' door
  'desk-agenda': 'GET /api/desk/agenda, GET /api/desk/agenda/export',
  'desk-agenda-workbook': 'GET /api/desk/agenda/workbook',
  'desk-agenda-void': 'POST /api/desk/agenda/void',
  'desk-audit': 'GET /api/desk/audit/{proxy+}',
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
 * The desk: routes under this prefix sit behind the session authorizer (a Lambda
 * authorizer on AWS, the same function run by the local cloud), which lets through only
 * a live session and hands the route who signed in. Each route then checks the role.
 */
export const DESK_ROUTE_PREFIX = '/api/desk/';

/**
 * The roles each desk handler admits ('signed-in': anyone with a live session). Every
 * handler with a route under DESK_ROUTE_PREFIX must have an entry: synth refuses one that
 * has none, and the route tests call each route signed out and as a role not listed.
 */
export const DESK_ROLES: Partial<Record<HandlerName, readonly string[] | 'signed-in'>> = {
  'desk-me': 'signed-in',
  // The link is the authority to act; the session only says who was signed in when it was used.
  'tasks-act': 'signed-in',
  // The book is the office's register: its people read it, and auditors receive it.
  'desk-agenda': ['kepala', 'sekretaris', 'kabid', 'koordinator', 'kasi', 'petugas', 'operator', 'auditor'],
  'desk-agenda-workbook': ['kepala', 'sekretaris', 'kabid', 'koordinator', 'kasi', 'petugas', 'operator', 'auditor'],
  // Voiding a number is the registering officer's act, or their superiors'; never an auditor's.
  'desk-agenda-void': ['kepala', 'sekretaris', 'kabid', 'kasi', 'petugas'],
  'desk-audit': ['auditor'],
};

/** Signing in and out: on the desk API too (the cookie is set and read there), but before any session exists. */
export const SESSION_ROUTE_PREFIX = '/api/session';

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
  /** ARN of the Secrets Manager secret whose value signs captcha challenges. */
  captchaSecretArn: 'CAPTCHA_SECRET_ARN',
  /** Name of the SSM/Secrets-free local audit key check; on AWS the route uses IAM auth. */
  auditKey: 'AUDIT_KEY',
} as const;
