/**
 * What each Lambda may touch, in one table: the stack turns every row into environment
 * variables and IAM statements through the constructs' bind helpers. A handler that needs
 * more asks here, so least privilege stays reviewable in one place.
 */
import type { HandlerName } from '#contract/handlers.js';
import type { BucketAccess, TableAccess } from './constructs/storage.js';

/**
 * respond: SendTask* with STATE_MACHINE_ARN (API handlers); answer: SendTask* for a token
 * the state machine itself handed over (a stage function, which the machine depends on).
 */
export type StateMachineRight = 'start' | 'respond' | 'answer' | 'history';

export interface FunctionNeeds {
  timeoutSeconds: number;
  memoryMb: number;
  table?: TableAccess;
  uploads?: BucketAccess;
  archive?: BucketAccess;
  site?: BucketAccess;
  /** Deletes unclaimed uploads (under incoming/): a move's second half, or a refused upload. */
  deletesIncomingUploads?: boolean;
  /** Sends mail as the office through the SES configuration set. */
  mail?: boolean;
  /** start: StartExecution; respond: SendTask*; history: read executions and histories. */
  stateMachine?: StateMachineRight[];
  /** Reads the HMAC key that signs captcha challenges. */
  captchaKey?: boolean;
  /** Needs the web origin to build links (/t/<id>, /s/<id>) and CORS answers. */
  webOrigin?: boolean;
}

// API handlers stay under API Gateway's 30-second integration limit.
const API = { timeoutSeconds: 29, memoryMb: 512 } as const;

export const FUNCTION_NEEDS: Record<HandlerName, FunctionNeeds> = {
  'uploads-create': { ...API, table: 'write', uploads: 'read-write', webOrigin: true },
  // A part list or a type the server refuses ends with the upload deleted.
  'uploads-complete': { ...API, table: 'write', uploads: 'read-write', deletesIncomingUploads: true, webOrigin: true },
  // An unconfirmed sender gets the confirmation link by mail.
  'releases-create': {
    ...API,
    table: 'write',
    uploads: 'read-write',
    mail: true,
    stateMachine: ['start'],
    captchaKey: true,
    webOrigin: true,
  },
  // Following the link receives the held release: the same path as a confirmed sender's submission.
  'confirmations-confirm': { ...API, table: 'write', uploads: 'read-write', stateMachine: ['start'], webOrigin: true },
  'releases-get': { ...API, table: 'read', uploads: 'read', webOrigin: true },
  'tasks-get': { ...API, table: 'read', uploads: 'read', webOrigin: true },
  'tasks-act': { ...API, table: 'write', uploads: 'read-write', stateMachine: ['respond'], webOrigin: true },
  // Mails a paraf code to the link's owner and keeps its hash.
  'tasks-code': { ...API, table: 'write', mail: true, webOrigin: true },
  'audit-api': { ...API, table: 'read', archive: 'read', stateMachine: ['history'], webOrigin: true },
  // Issues signed challenges and stores nothing.
  'challenge-get': { ...API, memoryMb: 256, captchaKey: true },
  'agenda-void': { ...API, table: 'write', webOrigin: true },
  // The desk reads tasks, releases, mails and the directory; opening a task stores a link of the caller's own.
  'desk-tasks': { ...API, table: 'read' },
  'desk-task-open': { ...API, table: 'write' },
  'desk-board': { ...API, table: 'read' },
  // Attachment links are signed for the uploads bucket.
  'desk-release': { ...API, table: 'read', uploads: 'read' },
  // The desk's agenda book reads the releases of a period; its void writes the release and the book.
  'desk-agenda': { ...API, table: 'read' },
  'desk-agenda-workbook': { ...API, table: 'read' },
  'desk-agenda-void': { ...API, table: 'write', webOrigin: true },
  // The auditors' desk door reads what the machine door reads.
  'desk-audit': { ...API, table: 'read', archive: 'read', stateMachine: ['history'] },
  // Public and unauthenticated (the QR code on the archive PDF): one GetItem of a release, nothing else.
  'verify-get': { timeoutSeconds: 10, memoryMb: 256, table: 'get-item' },
  // The rate limiter's counter and the link item are writes; the mail is the link.
  'session-link': { ...API, table: 'write', mail: true, webOrigin: true },
  // The cookie is Secure when the web origin is https.
  'session-create': { ...API, table: 'write', webOrigin: true },
  'session-end': { ...API, table: 'write', webOrigin: true },
  // Runs before every desk request: a session by key and the directory, nothing else.
  'desk-authorizer': { timeoutSeconds: 10, memoryMb: 512, table: 'read' },
  // Answers from the authorizer's context alone.
  'desk-me': { ...API, memoryMb: 256 },
  // Registering moves the attachments from incoming/ to the release's folder.
  // Registering hashes every attachment (sha256 of up to 20 files of 2 GB): Lambda's longest run, a whole vCPU.
  register: {
    timeoutSeconds: 900,
    memoryMb: 1769,
    table: 'write',
    uploads: 'read-write',
    deletesIncomingUploads: true,
    mail: true,
    webOrigin: true,
  },
  // A redelivered stage whose decision is already recorded hands it back (SendTaskSuccess).
  'human-task': { timeoutSeconds: 60, memoryMb: 512, table: 'write', mail: true, stateMachine: ['answer'], webOrigin: true },
  // Publishing renders pages and mails every outlet: the slowest fan-out of the workflow.
  publish: { timeoutSeconds: 300, memoryMb: 1024, table: 'write', uploads: 'read', site: 'read-write', mail: true, webOrigin: true },
  notify: { timeoutSeconds: 60, memoryMb: 512, table: 'write', mail: true, webOrigin: true },
  // Archiving copies media (up to 2 GB per file) and renders the signed PDF.
  // The PDF's QR code points at the verification page on the web origin.
  archive: { timeoutSeconds: 600, memoryMb: 1769, table: 'write', uploads: 'read', archive: 'read-write', webOrigin: true },
  report: { timeoutSeconds: 60, memoryMb: 512, table: 'write' },
  'record-failure': { timeoutSeconds: 30, memoryMb: 256, table: 'write' },
  'history-snapshot': { timeoutSeconds: 120, memoryMb: 512, table: 'write', archive: 'read-write', stateMachine: ['history'] },
  // The sweep also expires tasks left past their closing time (SendTaskFailure TaskExpired)
  // and starts the workflow of a release the API stored but could not start; it deletes the
  // uploads of submissions never confirmed.
  'sla-sweep': {
    timeoutSeconds: 120,
    memoryMb: 512,
    table: 'write',
    deletesIncomingUploads: true,
    mail: true,
    stateMachine: ['respond', 'start'],
    webOrigin: true,
  },
  'mail-events': { timeoutSeconds: 30, memoryMb: 256, table: 'write' },
  // The directory's edits and their history; both read the config's lists as the seed.
  'desk-directory': { ...API, table: 'write', webOrigin: true },
  'desk-digest': { ...API, table: 'write', webOrigin: true },
  // Writes the once-a-day mail mark of each digest; links to the desk on the web origin.
  'overdue-digest': { timeoutSeconds: 120, memoryMb: 512, table: 'write', mail: true, webOrigin: true },
  // Writes the table for the mailer's once-only mark on each report it mails.
  'periodic-report': { timeoutSeconds: 600, memoryMb: 1024, table: 'write', archive: 'read-write', mail: true, webOrigin: true },
};
