import type { LocalAuthorizer } from '../deployer/model.js';
import type { InvokeResult } from '../lambda/invoker.js';

/**
 * A route's Lambda REQUEST authorizer, run as API Gateway runs it for an HTTP API
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html):
 * - every identity source must be in the request and non-empty, else 401 and the function
 *   is not invoked;
 * - the function gets the payload of its format version (2.0: the route's request with
 *   `type: REQUEST`, `routeArn` and `identitySource`), invoked as API Gateway under the
 *   function's resource policy, whose source ARN is `<api>/authorizers/<authorizer id>`;
 * - a simple response `{isAuthorized, context}`, or an IAM policy that must Allow the route's
 *   ARN; not authorized is 403, a failed or malformed answer 500;
 * - the integration then sees the context as `requestContext.authorizer.lambda`;
 * - a result is cached for the authorizer's TTL by the identity sources' values (0: never).
 */

export type AuthorizerVerdict =
  { status: 'allow'; context: Record<string, unknown> } | { status: 401 | 403 | 500; message: string; reason: string };

export interface AuthorizerRun {
  authorizer: LocalAuthorizer;
  /** The route's payload 2.0 event, as the integration would receive it. */
  event: Record<string, unknown>;
  region: string;
  accountId: string;
  invoke(functionName: string, payload: unknown, sourceArn: string): Promise<InvokeResult>;
}

interface CacheEntry {
  until: number;
  verdict: AuthorizerVerdict;
}

export function createAuthorizerRunner(now: () => number = Date.now): (run: AuthorizerRun) => Promise<AuthorizerVerdict> {
  const cache = new Map<string, CacheEntry>();
  return async (run) => {
    const { authorizer, event } = run;
    const identity = identityValues(authorizer.identitySource, event);
    if (!identity) return { status: 401, message: 'Unauthorized', reason: 'an identity source is missing' };
    const cacheKey = `${authorizer.logicalId}\n${identity.join('\n')}`;
    const cached = authorizer.resultTtlSeconds > 0 ? cache.get(cacheKey) : undefined;
    if (cached && cached.until > now()) return cached.verdict;

    const context = event.requestContext as { apiId: string; stage?: string; http: { method: string } };
    const routeArn = `arn:aws:execute-api:${run.region}:${run.accountId}:${context.apiId}/${context.stage ?? '$default'}/${context.http.method}${String(event.rawPath)}`;
    const sourceArn = `arn:aws:execute-api:${run.region}:${run.accountId}:${context.apiId}/authorizers/${authorizer.logicalId}`;
    const payload = authorizerPayload(authorizer, event, routeArn, identity);
    const result = await run.invoke(authorizer.functionName, payload, sourceArn);
    const verdict = result.ok
      ? verdictOf(authorizer, result.payload, routeArn)
      : ({ status: 500, message: 'Internal Server Error', reason: `${result.errorType}: ${result.errorMessage}` } as const);
    // API Gateway caches an answer, yes or no, but not a failure.
    if (authorizer.resultTtlSeconds > 0 && verdict.status !== 500) {
      cache.set(cacheKey, { until: now() + authorizer.resultTtlSeconds * 1000, verdict });
    }
    return verdict;
  };
}

/** The values of the identity sources, or undefined when one is absent or empty. */
export function identityValues(sources: readonly string[], event: Record<string, unknown>): string[] | undefined {
  const headers = (event.headers ?? {}) as Record<string, string>;
  const query = (event.queryStringParameters ?? {}) as Record<string, string>;
  const cookies = event.cookies as string[] | undefined;
  const values: string[] = [];
  for (const source of sources) {
    let value: string | undefined;
    const header = /^\$request\.header\.(.+)$/i.exec(source);
    const querystring = /^\$request\.querystring\.(.+)$/i.exec(source);
    const contextVariable = /^\$context\.(.+)$/.exec(source);
    if (header) {
      const name = header[1]!.toLowerCase();
      // Payload 2.0 moves the Cookie header into `cookies`.
      value = name === 'cookie' ? cookies?.join('; ') : headers[name];
    } else if (querystring) value = query[querystring[1]!];
    else if (contextVariable) value = pathValue(event.requestContext, contextVariable[1]!);
    if (value === undefined || value === '') return undefined;
    values.push(value);
  }
  return values;
}

function pathValue(root: unknown, path: string): string | undefined {
  let at: unknown = root;
  for (const part of path.split('.')) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
  return typeof at === 'string' || typeof at === 'number' ? String(at) : undefined;
}

function authorizerPayload(authorizer: LocalAuthorizer, event: Record<string, unknown>, routeArn: string, identity: string[]): unknown {
  if (authorizer.payloadFormatVersion === '2.0') {
    const { body: _body, isBase64Encoded: _encoded, ...request } = event;
    return { ...request, version: '2.0', type: 'REQUEST', routeArn, identitySource: identity };
  }
  const headers = (event.headers ?? {}) as Record<string, string>;
  const cookies = event.cookies as string[] | undefined;
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: routeArn,
    identitySource: identity.join(','),
    authorizationToken: identity.join(','),
    resource: String(event.routeKey).split(' ')[1],
    path: event.rawPath,
    httpMethod: (event.requestContext as { http: { method: string } }).http.method,
    headers: cookies ? { ...headers, cookie: cookies.join('; ') } : headers,
    queryStringParameters: event.queryStringParameters ?? null,
    pathParameters: event.pathParameters ?? null,
    requestContext: event.requestContext,
  };
}

function verdictOf(authorizer: LocalAuthorizer, answer: unknown, routeArn: string): AuthorizerVerdict {
  const refused = { status: 403, message: 'Forbidden' } as const;
  const malformed = (reason: string) => ({ status: 500, message: 'Internal Server Error', reason }) as const;
  if (!answer || typeof answer !== 'object') return malformed('the authorizer answered no object');
  const a = answer as { isAuthorized?: unknown; context?: unknown; policyDocument?: unknown };
  const context = a.context && typeof a.context === 'object' ? (a.context as Record<string, unknown>) : {};
  if (authorizer.simpleResponses && 'isAuthorized' in a) {
    if (typeof a.isAuthorized !== 'boolean') return malformed('isAuthorized is not a boolean');
    return a.isAuthorized ? { status: 'allow', context } : { ...refused, reason: 'isAuthorized: false' };
  }
  const statements = (a.policyDocument as { Statement?: unknown } | undefined)?.Statement;
  if (!Array.isArray(statements)) return malformed('neither a simple response nor a policy document');
  const covers = (s: { Action?: unknown; Resource?: unknown }) =>
    asList(s.Action).some((action) => action === 'execute-api:Invoke' || action === 'execute-api:*' || action === '*') &&
    asList(s.Resource).some((resource) => wildcardMatches(resource, routeArn));
  const applying = (statements as { Effect?: unknown; Action?: unknown; Resource?: unknown }[]).filter(covers);
  if (applying.some((s) => s.Effect === 'Deny')) return { ...refused, reason: 'the policy denies the route' };
  if (applying.some((s) => s.Effect === 'Allow')) return { status: 'allow', context };
  return { ...refused, reason: 'the policy does not allow the route' };
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

function wildcardMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(value);
}
