/**
 * The event each function gets for its first invocation in `npm run bench:lambda`: a valid
 * one, shaped as its real trigger sends it (HTTP API v2 request, state machine payload,
 * EventBridge event), so the handler gets past its validation to its first AWS call. The
 * endpoints refuse connections at once, so that call fails fast: the cold start measured
 * is module load plus the first real pass through the handler and its AWS client
 * (marshalling, signing, the HTTP request), without a network round trip.
 */
import type { HandlerName } from '../../functions/contract/handlers.js';
import { submission } from './release.js';

const RELEASE_ID = '01KAQ8Z7R4YV0M3S5T6W8X9Y0Z';
const SECRET = 'AbCdEfGhIjKlMnOpQrStUv';
const EXECUTION_ID = `arn:aws:states:ap-southeast-3:111111111111:execution:Warta:${RELEASE_ID}`;
const AT = '2026-11-20T02:00:00.000Z';

function http(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  opts: { body?: unknown; pathParameters?: Record<string, string>; query?: Record<string, string> } = {},
) {
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(opts.query ? { queryStringParameters: opts.query } : {}),
    ...(body === undefined ? {} : { body, isBase64Encoded: false }),
    pathParameters: opts.pathParameters ?? {},
    requestContext: { http: { method, path, sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench', timeEpoch: Date.parse(AT) },
  };
}

/** A desk request as the session authorizer hands it on: the signed-in person in its context. */
function signedIn<E extends ReturnType<typeof http>>(event: E, roles: string) {
  const context = { sessionId: 'bench-session', personId: 'bench', email: 'bench@example.go.id', name: 'Bench', roles };
  return { ...event, requestContext: { ...event.requestContext, authorizer: { lambda: context } } };
}

const BENCH_CAPTCHA = Buffer.from(
  JSON.stringify({
    challenge: {
      parameters: {
        algorithm: 'PBKDF2/SHA-256',
        nonce: '00',
        salt: '00',
        cost: 1,
        keyLength: 32,
        keyPrefix: '00',
        expiresAt: Math.floor(Date.parse(AT) / 1000) + 600,
      },
      signature: '00',
    },
    solution: { counter: 1, derivedKey: '00' },
  }),
).toString('base64');

const stage = (stageId: string, kind: string) => ({ releaseId: RELEASE_ID, stageId, kind, executionId: EXECUTION_ID, enteredAt: AT });

export const FIRST_INVOCATION: Record<HandlerName, unknown> = {
  'uploads-create': http('POST', '/api/uploads', { body: { filename: 'foto-peresmian.jpg', contentType: 'image/jpeg', size: 2_400_000 } }),
  'uploads-complete': http('POST', `/api/uploads/${RELEASE_ID}/complete`, {
    pathParameters: { uploadId: RELEASE_ID },
    body: { parts: [{ partNumber: 1, etag: '"9b2cf535f27731c974343645a3985328"' }] },
  }),
  // A well-formed captcha payload, so the pass reaches its first AWS call (the key from Secrets Manager).
  'releases-create': http('POST', '/api/releases', { body: { ...submission('bench', 1), altcha: BENCH_CAPTCHA } }),
  'confirmations-confirm': http('POST', `/api/confirmations/${SECRET}`, { pathParameters: { token: SECRET }, body: {} }),
  'releases-get': http('GET', `/api/releases/${RELEASE_ID}`, { pathParameters: { id: RELEASE_ID }, query: { key: SECRET } }),
  'tasks-get': http('GET', `/api/tasks/${SECRET}`, { pathParameters: { linkId: SECRET } }),
  'tasks-act': http('POST', `/api/tasks/${SECRET}`, {
    pathParameters: { linkId: SECRET },
    body: { action: 'approve', note: 'Layak terbit.' },
  }),
  'audit-api': http('GET', '/api/audit/agenda', { pathParameters: { proxy: 'agenda' }, query: { from: '2026-10-01', to: '2026-10-31' } }),
  'challenge-get': http('GET', '/api/challenge'),
  'agenda-void': http('POST', '/api/agenda/void', { body: { agendaNumber: '001/PR/DKIP-MU/2026', reason: 'Kiriman ganda.' } }),
  'tasks-code': http('POST', `/api/tasks/${SECRET}/code`, { pathParameters: { linkId: SECRET }, body: {} }),
  'verify-get': http('GET', `/api/verify/${RELEASE_ID}`, { pathParameters: { archiveId: RELEASE_ID } }),
  'desk-directory': signedIn(http('GET', '/api/desk/directory'), 'admin'),
  'desk-digest': signedIn(http('GET', '/api/desk/digest'), 'kepala'),
  'session-link': http('POST', '/api/session/link', { body: { email: 'kabid@dkip.example.go.id' } }),
  'session-create': http('POST', '/api/session', { body: { token: SECRET } }),
  'session-end': { ...http('DELETE', '/api/session'), cookies: [`warta_meja=${SECRET}`] },
  'desk-authorizer': {
    ...http('GET', '/api/desk/me'),
    type: 'REQUEST',
    routeArn: 'arn:aws:execute-api:ap-southeast-3:111111111111:abc123/$default/GET/api/desk/me',
    identitySource: [`warta_meja=${SECRET}`],
    cookies: [`warta_meja=${SECRET}`],
  },
  // Answers from the authorizer's context alone: its first pass makes no AWS call.
  'desk-me': {
    ...http('GET', '/api/desk/me'),
    requestContext: {
      ...http('GET', '/api/desk/me').requestContext,
      authorizer: { lambda: { sessionId: 'bench', personId: 'kabid', email: 'kabid@dkip.example.go.id', name: 'Kabid', roles: 'kabid' } },
    },
  },
  'desk-tasks': signedIn(http('GET', '/api/desk/tasks'), 'kabid'),
  'desk-task-open': signedIn(
    http('POST', `/api/desk/tasks/${'0'.repeat(64)}/open`, { pathParameters: { taskId: '0'.repeat(64) } }),
    'kabid',
  ),
  'desk-board': signedIn(http('GET', '/api/desk/board', { query: { overdue: 'true' } }), 'kabid'),
  'desk-release': signedIn(http('GET', `/api/desk/releases/${RELEASE_ID}`, { pathParameters: { id: RELEASE_ID } }), 'kabid'),
  'desk-agenda': signedIn(http('GET', '/api/desk/agenda', { query: { from: '2026-10-01', to: '2026-10-31', q: 'bappeda' } }), 'petugas'),
  'desk-agenda-workbook': signedIn(http('GET', '/api/desk/agenda/workbook', { query: { from: '2026-10-01', to: '2026-10-31' } }), 'kasi'),
  'desk-agenda-void': signedIn(
    http('POST', '/api/desk/agenda/void', { body: { agendaNumber: '001/PR/DKIP-MU/2026', reason: 'Kiriman ganda.' } }),
    'petugas',
  ),
  'desk-audit': signedIn(
    http('GET', '/api/desk/audit/steps', { pathParameters: { proxy: 'steps' }, query: { from: '2026-10-01', to: '2026-10-31' } }),
    'auditor',
  ),
  register: stage('register', 'register'),
  'human-task': { ...stage('dispose', 'dispose'), taskToken: 'bench-task-token', round: 1 },
  publish: stage('publish', 'publish'),
  notify: { ...stage('notify', 'notify'), outcome: 'published' },
  archive: stage('archive', 'archive'),
  report: stage('report', 'report'),
  'record-failure': {
    releaseId: RELEASE_ID,
    executionId: EXECUTION_ID,
    stageId: 'publish',
    error: { Error: 'Warta.Transient', Cause: 'bench' },
  },
  'history-snapshot': {
    'detail-type': 'Step Functions Execution Status Change',
    source: 'aws.states',
    time: AT,
    detail: {
      executionArn: EXECUTION_ID,
      stateMachineArn: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:Warta',
      name: RELEASE_ID,
      status: 'SUCCEEDED',
    },
  },
  'sla-sweep': { 'detail-type': 'Scheduled Event', source: 'aws.events', time: AT },
  'mail-events': {
    'detail-type': 'Email Bounced',
    source: 'aws.ses',
    time: AT,
    detail: {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'redaksi@outlet.example.com' }] },
      mail: { messageId: 'bench' },
    },
  },
  // 02:00 UTC is 11:00 in Asia/Jayapura on a Friday: a working morning, so it reaches the table.
  'overdue-digest': { 'detail-type': 'Scheduled Event', source: 'aws.events', time: AT },
  'periodic-report': { 'detail-type': 'Scheduled Event', source: 'aws.events', time: AT, period: '2026-10' },
};
