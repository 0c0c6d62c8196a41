import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiCors, LocalApi } from '../deployer/model.js';
import type { InvokeResult } from '../lambda/invoker.js';
import { accessLogLine, type AccessFacts } from './access-log.js';
import { createAuthorizerRunner } from './authorizer.js';
import { factsFrom, fromResult, toEvent } from './payload.js';
import { compileRoutes, type RouteMatch } from './routes.js';

/**
 * The local API Gateway (HTTP API): CORS as the template's CorsConfiguration says (API
 * Gateway answers preflights itself and puts its own CORS headers on every response),
 * routes to Lambda integrations with payload format 2.0, and, for routes that AWS
 * authorizes with IAM (the auditor routes), a local key instead of SigV4: the request must
 * carry the header `x-warta-audit-key` with the value kept in `.warta/audit-key`.
 */

export const AUDIT_KEY_HEADER = 'x-warta-audit-key';
/** API Gateway's payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** HTTP APIs give up on an integration after 30 s and answer 503, whatever the function does. */
const INTEGRATION_TIMEOUT_MS = 30_000;

function withIntegrationTimeout(invocation: Promise<InvokeResult>): Promise<InvokeResult | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), INTEGRATION_TIMEOUT_MS)));
  return Promise.race([invocation, timeout]).finally(() => clearTimeout(timer));
}

export interface ApiHandlerOptions {
  /** The deployed APIs, or undefined while the template is still being deployed. */
  apis(): LocalApi[] | undefined;
  invoke(functionName: string, payload: unknown): Promise<InvokeResult>;
  /** Invokes a route's Lambda authorizer as API Gateway, under the function's resource policy for this source ARN. */
  invokeAuthorizer?(functionName: string, payload: unknown, sourceArn: string): Promise<InvokeResult>;
  auditKey: string;
  accountId: string;
  /** The Region in the ARNs an authorizer sees (routeArn). */
  region?: string;
  log(line: string): void;
  /** One line per routed request (npm start --verbose). */
  accessLog?(line: string): void;
  /** The stage's access log: one line per request in the template's own format. */
  stageLog?(line: string): void;
}

const MESSAGES = {
  NotFound: { id: 'Alamat API ini tidak ada.', en: 'No API route matches this request.' },
  Forbidden: {
    id: `Rute audit memerlukan kunci audit lokal di header ${AUDIT_KEY_HEADER} (lihat .warta/audit-key).`,
    en: `Audit routes need the local audit key in the ${AUDIT_KEY_HEADER} header (see .warta/audit-key).`,
  },
  PayloadTooLarge: { id: 'Isi permintaan melebihi 10 MB.', en: 'The request body exceeds 10 MB.' },
  NotReady: { id: 'Cloud lokal masih bersiap; coba lagi sebentar lagi.', en: 'The local cloud is still starting; try again shortly.' },
  InternalServerError: { id: 'Terjadi kesalahan pada server.', en: 'Internal Server Error' },
} as const;

export function createApiHandler(options: ApiHandlerOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const runAuthorizer = createAuthorizerRunner();
  let cachedFor: LocalApi[] | undefined;
  let router: ((method: string, path: string) => RouteMatch | undefined) | undefined;
  const routerFor = (apis: LocalApi[]) => {
    if (cachedFor !== apis) {
      cachedFor = apis;
      router = compileRoutes(apis.flatMap((api) => api.routes));
    }
    return router!;
  };

  return (request, response) => {
    void handle(request, response).catch((error: unknown) => {
      // Not the URL: an older task link's path carries its secret.
      options.log(`api: ${request.method} request failed: ${String(error)}`);
      if (!response.headersSent) send(response, 500, { message: 'Internal Server Error' });
      else response.destroy();
    });
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const english = /^en\b/i.test(request.headers['accept-language'] ?? '');
    const fail = (status: number, code: keyof typeof MESSAGES, headers: Record<string, string> = {}) =>
      send(response, status, { error: { code, message: english ? MESSAGES[code].en : MESSAGES[code].id } }, headers);

    const apis = options.apis();
    if (!apis) return fail(503, 'NotReady');
    const arrived = new Date();
    // Read now: a request refused mid-body may have lost its socket by the time it is logged.
    const sourceIp = (request.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
    const requestId = randomBytes(12).toString('base64').replace(/[+/]/g, 'A').slice(0, 16);
    // API Gateway logs every request the stage answers, refusals too; `routeKey` is "-" until a route matched.
    const format = apis.find((api) => api.accessLogFormat)?.accessLogFormat;
    const logStage = (facts: AccessFacts) => {
      if (!format || !options.stageLog) return;
      options.stageLog(
        `${accessLogLine(format, {
          requestId,
          extendedRequestId: requestId,
          requestTime: arrived.toISOString(),
          requestTimeEpoch: arrived.getTime(),
          'identity.sourceIp': sourceIp,
          'identity.userAgent': request.headers['user-agent'],
          httpMethod: request.method,
          path: request.url?.split('?')[0],
          protocol: `HTTP/${request.httpVersion}`,
          stage: '$default',
          apiId: apis[0]?.logicalId,
          accountId: options.accountId,
          domainName: request.headers.host,
          responseLatency: Date.now() - arrived.getTime(),
          ...facts,
        })}\n`,
      );
    };
    const refuse = (status: number, code: keyof typeof MESSAGES, headers: Record<string, string> = {}, routeKey?: string) => {
      logStage({ status, routeKey, 'error.message': english ? MESSAGES[code].en : MESSAGES[code].id });
      fail(status, code, headers);
    };
    const origin = request.headers.origin;
    // Each API answers with its own CORS configuration (the desk's has none). The API a
    // request is for is the one with a route for its path, whatever the method (a preflight's
    // OPTIONS or a method the path lacks included); the first API with CORS when none has.
    const path = (request.url ?? '/').split('?')[0]!;
    const apiOfPath = () =>
      ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']
        .map((m) => routerFor(apis)(m, path))
        .find((m) => m && m.route.routeKey !== '$default')?.route.apiId;
    const forApi = apiOfPath();
    const cors = (forApi ? apis.find((api) => api.logicalId === forApi) : apis.find((api) => api.cors))?.cors;
    if (cors && request.method === 'OPTIONS' && origin && request.headers['access-control-request-method']) {
      response.writeHead(204, preflightHeaders(cors, origin, request)).end();
      return;
    }
    const corsHeaders = cors && origin ? responseCorsHeaders(cors, origin) : {};

    const body = await readBody(request);
    if (!body) return refuse(413, 'PayloadTooLarge', corsHeaders);
    const facts = factsFrom(request, body);
    const match = routerFor(apis)(facts.method, facts.rawPath);
    if (!match?.route.functionName) return refuse(404, 'NotFound', corsHeaders);

    let authorizer: Record<string, unknown> | undefined;
    if (match.route.authorizationType === 'AWS_IAM') {
      if (!keyMatches(request.headers[AUDIT_KEY_HEADER], options.auditKey))
        return refuse(403, 'Forbidden', corsHeaders, match.route.routeKey);
      authorizer = {
        iam: {
          accessKey: 'LOCALAUDITKEY',
          accountId: options.accountId,
          callerId: 'local-auditor',
          principalOrgId: null,
          userArn: `arn:aws:iam::${options.accountId}:user/local-auditor`,
          userId: 'local-auditor',
        },
      };
    }

    const host = request.headers.host ?? '127.0.0.1';
    const event = toEvent({
      ...facts,
      apiId: match.route.apiId ?? apis[0]!.logicalId,
      accountId: options.accountId,
      domainName: host,
      routeKey: match.route.routeKey,
      pathParameters: match.pathParameters,
      authorizer,
    });
    if (match.route.authorizer) {
      const invokeAuthorizer = options.invokeAuthorizer;
      if (!invokeAuthorizer) throw new Error(`${match.route.routeKey} has a Lambda authorizer, and this API handler cannot invoke one`);
      const verdict = await runAuthorizer({
        authorizer: match.route.authorizer,
        event,
        region: options.region ?? 'ap-southeast-3',
        accountId: options.accountId,
        invoke: invokeAuthorizer,
      });
      if (verdict.status !== 'allow') {
        options.accessLog?.(
          `api: ${match.route.routeKey} refused by ${match.route.authorizer.logicalId}: ${verdict.status} (${verdict.reason})`,
        );
        if (verdict.status === 500)
          options.log(`api: ${match.route.routeKey}: authorizer ${match.route.authorizer.logicalId} failed: ${verdict.reason}`);
        logStage({ status: verdict.status, routeKey: match.route.routeKey, 'error.message': verdict.message });
        // API Gateway's own bodies for these refusals.
        return send(response, verdict.status, { message: verdict.message }, corsHeaders);
      }
      (event.requestContext as Record<string, unknown>).authorizer = { lambda: verdict.context };
    }

    const started = performance.now();
    const result = await withIntegrationTimeout(options.invoke(match.route.functionName, event));
    const latency = performance.now() - started;
    const status = result === 'timeout' ? 503 : result.ok ? fromResult(result.payload).statusCode : 500;
    // The route key, not the path, as the stage's own format does: an older link's path holds its secret.
    options.accessLog?.(
      `api: ${match.route.routeKey} -> ${match.route.functionName} ${result === 'timeout' ? 'timeout' : result.ok ? status : result.errorType} ${latency.toFixed(0)} ms`,
    );
    const forwarded = (event.requestContext as { requestId: string }).requestId;
    logStage({
      requestId: forwarded,
      extendedRequestId: forwarded,
      routeKey: match.route.routeKey,
      status,
      integrationLatency: Math.round(latency),
      responseLength: result !== 'timeout' && result.ok ? Buffer.byteLength(fromResult(result.payload).body) : undefined,
      integrationStatus: result !== 'timeout' && result.ok ? 200 : undefined,
      integrationErrorMessage: result !== 'timeout' && !result.ok ? result.errorType : undefined,
    });
    if (result === 'timeout') {
      options.log(`api: ${match.route.routeKey} -> ${match.route.functionName}: no answer within ${INTEGRATION_TIMEOUT_MS / 1000} s`);
      return send(response, 503, { message: 'Service Unavailable' }, corsHeaders);
    }
    if (!result.ok) {
      // API Gateway hides the function's error from the caller, as here; the log keeps it.
      options.log(`api: ${match.route.routeKey} -> ${match.route.functionName}: ${result.errorType}: ${result.errorMessage}`);
      return send(response, 500, { message: 'Internal Server Error' }, corsHeaders);
    }
    const http = fromResult(result.payload);
    const headers: Record<string, string | string[]> = { ...http.headers, ...corsHeaders };
    if (http.cookies.length) headers['set-cookie'] = http.cookies;
    const bodyless = http.statusCode === 204 || http.statusCode === 304 || request.method === 'HEAD';
    if (!bodyless) headers['content-length'] = String(http.body.length);
    response.writeHead(http.statusCode, headers);
    response.end(bodyless ? undefined : http.body);
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers })
    .end(text);
}

function keyMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string' || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function originAllowed(cors: ApiCors, origin: string): string | undefined {
  const allowed = cors.AllowOrigins ?? [];
  if (allowed.includes(origin)) return origin;
  if (allowed.includes('*')) return cors.AllowCredentials ? origin : '*';
  return undefined;
}

function responseCorsHeaders(cors: ApiCors, origin: string): Record<string, string> {
  const allowOrigin = originAllowed(cors, origin);
  if (!allowOrigin) return {};
  return {
    'access-control-allow-origin': allowOrigin,
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    ...(cors.ExposeHeaders?.length ? { 'access-control-expose-headers': cors.ExposeHeaders.join(',') } : {}),
    vary: 'origin',
  };
}

function preflightHeaders(cors: ApiCors, origin: string, request: IncomingMessage): Record<string, string> {
  const allowOrigin = originAllowed(cors, origin);
  if (!allowOrigin) return {};
  const requestedMethod = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
  const methods = cors.AllowMethods ?? [];
  if (!methods.includes('*') && !methods.map((m) => m.toUpperCase()).includes(requestedMethod)) return {};
  const requestedHeaders = String(request.headers['access-control-request-headers'] ?? '');
  const allowHeaders = cors.AllowHeaders ?? [];
  return {
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': methods.includes('*') ? requestedMethod : methods.join(','),
    ...(allowHeaders.length
      ? { 'access-control-allow-headers': allowHeaders.includes('*') ? requestedHeaders : allowHeaders.join(',') }
      : {}),
    ...(cors.MaxAge !== undefined ? { 'access-control-max-age': String(cors.MaxAge) } : {}),
    ...(cors.AllowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'origin',
  };
}
