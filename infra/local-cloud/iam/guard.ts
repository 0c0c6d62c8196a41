/**
 * The front door of one local service: it names the caller from the request's access key,
 * asks the local IAM whether the caller may do what the request asks, answers a refusal in
 * the service's own error shape, and forwards what is allowed to the emulator behind it.
 * The emulators accept one key (the account's), so an allowed request is forwarded with the
 * role's key swapped for that one; signatures are not checked on either side.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listen, urlOf } from '../emulators/dynamodb.js';
import type { Authority, Check } from './authority.js';
import { accessKeyIdOf, type CallerRegistry, type Credentials } from './credentials.js';
import type { Refusal } from './json-actions.js';

export interface ServiceRules {
  /** Whether deciding needs the request body (JSON and query protocols; S3's DeleteObjects). */
  needsBody(request: IncomingMessage): boolean;
  checks(request: IncomingMessage, body: Buffer | undefined): Check[];
  refusal(message: string, request: IncomingMessage): Refusal;
}

export interface GuardOptions {
  upstream: string;
  host: string;
  port: number;
  accountId: string;
  callers: CallerRegistry;
  authority: Authority;
  rules: ServiceRules;
  /** The key the emulator behind accepts. */
  accountCredentials: Credentials;
}

export interface Guard {
  url: string;
  close(): Promise<void>;
}

export async function startGuard(options: GuardOptions): Promise<Guard> {
  const upstream = new URL(options.upstream);
  const server = createServer((request, response) => {
    handle(options, upstream, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`local IAM guard: ${String(error)}`);
    });
  });
  await listen(server, options.host, options.port);
  return {
    url: urlOf(server),
    close: () => closeServer(server),
  };
}

async function handle(options: GuardOptions, upstream: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const accessKeyId = accessKeyIdOf(request);
  const caller = options.callers.callerOf(accessKeyId, options.accountId);
  let body: Buffer | undefined;
  if (caller.kind !== 'admin' && options.rules.needsBody(request)) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    body = Buffer.concat(chunks);
  }
  if (caller.kind !== 'admin') {
    const verdict = options.authority.authorize(caller, options.rules.checks(request, body));
    if (!verdict.allowed) {
      const refusal = options.rules.refusal(verdict.message, request);
      request.resume();
      response.writeHead(refusal.status, { ...refusal.headers, 'content-length': String(Buffer.byteLength(refusal.body)) });
      response.end(refusal.body);
      return;
    }
  }
  const headers = { ...request.headers };
  let path = request.url ?? '/';
  if (options.callers.isRoleKey(accessKeyId)) {
    const key = options.accountCredentials.accessKeyId;
    if (typeof headers.authorization === 'string')
      headers.authorization = headers.authorization.replace(`Credential=${accessKeyId}/`, `Credential=${key}/`);
    path = path.replace(`X-Amz-Credential=${accessKeyId}`, `X-Amz-Credential=${key}`);
  }
  const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: request.method, path, headers });
  forwarded.on('response', (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
    answer.pipe(response);
  });
  forwarded.on('error', (error) => {
    if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
    response.end(`local IAM guard: ${options.upstream} did not answer: ${error.message}`);
  });
  response.on('close', () => {
    if (!response.writableFinished) forwarded.destroy();
  });
  if (body) forwarded.end(body);
  else request.pipe(forwarded);
}
