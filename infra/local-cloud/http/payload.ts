import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * API Gateway HTTP API payload format 2.0: the event a Lambda integration receives and
 * how its result becomes the HTTP response ("Working with AWS Lambda proxy integrations
 * for HTTP APIs").
 */

export interface RequestFacts {
  method: string;
  rawPath: string;
  rawQueryString: string;
  rawHeaders: string[];
  body: Buffer;
  sourceIp: string;
  apiId: string;
  accountId: string;
  domainName: string;
  routeKey: string;
  pathParameters: Record<string, string> | undefined;
  authorizer?: Record<string, unknown>;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function factsFrom(
  request: IncomingMessage,
  body: Buffer,
): Pick<RequestFacts, 'method' | 'rawPath' | 'rawQueryString' | 'rawHeaders' | 'body' | 'sourceIp'> {
  const url = request.url ?? '/';
  const q = url.indexOf('?');
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    rawPath: q >= 0 ? url.slice(0, q) : url,
    rawQueryString: q >= 0 ? url.slice(q + 1) : '',
    rawHeaders: request.rawHeaders,
    body,
    sourceIp: (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
  };
}

export function toEvent(facts: RequestFacts, now = new Date()): Record<string, unknown> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < facts.rawHeaders.length; i += 2) {
    const name = facts.rawHeaders[i]!.toLowerCase();
    const value = facts.rawHeaders[i + 1]!;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  // API Gateway adds these on every request it forwards.
  headers['x-forwarded-for'] ??= facts.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  headers['x-forwarded-port'] ??= facts.domainName.split(':')[1] ?? '80';
  let cookies: string[] | undefined;
  if (headers.cookie !== undefined) {
    cookies = headers.cookie
      .split(/;\s*|,/)
      .map((c) => c.trim())
      .filter(Boolean);
    delete headers.cookie;
  }
  const query: Record<string, string> = {};
  for (const pair of facts.rawQueryString.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decodeQuery(eq >= 0 ? pair.slice(0, eq) : pair);
    const value = decodeQuery(eq >= 0 ? pair.slice(eq + 1) : '');
    query[key] = key in query ? `${query[key]},${value}` : value;
  }
  const binary = facts.body.length > 0 && !TEXT_TYPES.test(headers['content-type'] ?? 'text/plain');
  const requestId = randomBytes(12).toString('base64').replace(/[+/]/g, 'A').slice(0, 16);
  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath: facts.rawPath,
    rawQueryString: facts.rawQueryString,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: facts.accountId,
      apiId: facts.apiId,
      ...(facts.authorizer ? { authorizer: facts.authorizer } : {}),
      domainName: facts.domainName,
      domainPrefix: facts.domainName.split('.')[0],
      http: {
        method: facts.method,
        path: decodeQuery(facts.rawPath),
        protocol: 'HTTP/1.1',
        sourceIp: facts.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: facts.routeKey,
      stage: '$default',
      time: clfTime(now),
      timeEpoch: now.getTime(),
    },
    ...(facts.body.length ? { body: binary ? facts.body.toString('base64') : facts.body.toString('utf8') } : {}),
    ...(facts.pathParameters ? { pathParameters: facts.pathParameters } : {}),
    isBase64Encoded: binary,
  };
  return event;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies: string[];
  body: Buffer;
}

/** A result with a statusCode is taken as given; any other JSON is a 200 application/json body. */
export function fromResult(result: unknown): HttpResult {
  if (result && typeof result === 'object' && 'statusCode' in result) {
    const r = result as {
      statusCode: unknown;
      headers?: Record<string, unknown>;
      cookies?: unknown[];
      body?: unknown;
      isBase64Encoded?: boolean;
    };
    const headers = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const text = r.body === undefined || r.body === null ? '' : typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    return {
      statusCode: Number(r.statusCode),
      headers,
      cookies: (r.cookies ?? []).map(String),
      body: r.isBase64Encoded ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    };
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(JSON.stringify(result ?? null)),
  };
}

function decodeQuery(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function clfTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
