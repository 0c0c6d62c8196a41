/**
 * The local cloud's Lambda REQUEST authorizer, as API Gateway runs one for an HTTP API
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html):
 * 401 without invoking when an identity source is absent, 403 for "not authorized", 500
 * for a failed or malformed answer, the TTL's cache, and the source ARN the function's
 * resource policy is checked against.
 */
import { describe, expect, it } from 'vitest';
import type { LocalAuthorizer } from '../../infra/local-cloud/deployer/model.js';
import { createAuthorizerRunner, identityValues } from '../../infra/local-cloud/http/authorizer.js';
import type { InvokeResult } from '../../infra/local-cloud/lambda/invoker.js';

const authorizer = (overrides: Partial<LocalAuthorizer> = {}): LocalAuthorizer => ({
  logicalId: 'DeskApiSessionAuthorizer1A2B',
  functionName: 'desk-authorizer',
  identitySource: ['$request.header.Cookie'],
  payloadFormatVersion: '2.0',
  simpleResponses: true,
  resultTtlSeconds: 0,
  ...overrides,
});

const event = (cookies?: string[]) => ({
  version: '2.0',
  routeKey: 'GET /api/desk/me',
  rawPath: '/api/desk/me',
  rawQueryString: '',
  headers: { accept: 'application/json' },
  ...(cookies ? { cookies } : {}),
  requestContext: { apiId: 'DeskApiHttpApi', stage: '$default', http: { method: 'GET' } },
  body: '{}',
  isBase64Encoded: false,
});

/** A function that answers as told and records each payload it was given with its source ARN. */
function fakeFunction(answer: InvokeResult) {
  const calls: { payload: any; sourceArn: string }[] = [];
  return {
    calls,
    invoke: (_name: string, payload: unknown, sourceArn: string) => {
      calls.push({ payload, sourceArn });
      return Promise.resolve(answer);
    },
  };
}

const run = (fn: ReturnType<typeof fakeFunction>, a: LocalAuthorizer, e: Record<string, unknown>, now?: () => number) =>
  createAuthorizerRunner(now)({ authorizer: a, event: e, region: 'ap-southeast-3', accountId: '111111111111', invoke: fn.invoke });

describe('the local Lambda authorizer', () => {
  it('answers 401 without invoking the function when the Cookie header is absent', async () => {
    const fn = fakeFunction({ ok: true, payload: { isAuthorized: true } });
    const verdict = await run(fn, authorizer(), event());
    expect(verdict).toMatchObject({ status: 401, message: 'Unauthorized' });
    expect(fn.calls).toHaveLength(0);
  });

  it('gives the function the 2.0 payload with the route ARN and the identity, under the authorizer source ARN', async () => {
    const fn = fakeFunction({ ok: true, payload: { isAuthorized: true, context: { personId: 'kabid-piks' } } });
    const verdict = await run(fn, authorizer(), event(['warta_meja=abc', 'theme=dark']));
    expect(verdict).toEqual({ status: 'allow', context: { personId: 'kabid-piks' } });
    expect(fn.calls[0]!.sourceArn).toBe(
      'arn:aws:execute-api:ap-southeast-3:111111111111:DeskApiHttpApi/authorizers/DeskApiSessionAuthorizer1A2B',
    );
    expect(fn.calls[0]!.payload).toMatchObject({
      version: '2.0',
      type: 'REQUEST',
      routeArn: 'arn:aws:execute-api:ap-southeast-3:111111111111:DeskApiHttpApi/$default/GET/api/desk/me',
      identitySource: ['warta_meja=abc; theme=dark'],
      cookies: ['warta_meja=abc', 'theme=dark'],
    });
    expect(fn.calls[0]!.payload).not.toHaveProperty('body');
  });

  it('answers 403 when the function says isAuthorized: false, and 500 when it fails or answers nonsense', async () => {
    const refused = await run(fakeFunction({ ok: true, payload: { isAuthorized: false } }), authorizer(), event(['a=b']));
    const failed = await run(fakeFunction({ ok: false, errorType: 'Error', errorMessage: 'boom' }), authorizer(), event(['a=b']));
    const nonsense = await run(fakeFunction({ ok: true, payload: { isAuthorized: 'yes' } }), authorizer(), event(['a=b']));
    expect(refused).toMatchObject({ status: 403, message: 'Forbidden' });
    expect(failed).toMatchObject({ status: 500 });
    expect(nonsense).toMatchObject({ status: 500 });
  });

  it('reads an IAM policy answer: Allow on the route lets it through, Deny wins', async () => {
    const policy = (effect: string, resource: string) => ({
      principalId: 'x',
      policyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: 'execute-api:Invoke', Resource: resource }] },
    });
    const plain = authorizer({ simpleResponses: false });
    const allowed = await run(
      fakeFunction({ ok: true, payload: policy('Allow', 'arn:aws:execute-api:*:*:DeskApiHttpApi/*') }),
      plain,
      event(['a=b']),
    );
    const other = await run(
      fakeFunction({ ok: true, payload: policy('Allow', 'arn:aws:execute-api:*:*:OtherApi/*') }),
      plain,
      event(['a=b']),
    );
    const denied = await run(fakeFunction({ ok: true, payload: policy('Deny', '*') }), plain, event(['a=b']));
    expect(allowed.status).toBe('allow');
    expect(other.status).toBe(403);
    expect(denied.status).toBe(403);
  });

  it('asks the function every time at TTL 0, and caches by identity for a positive TTL', async () => {
    // Prepare
    let clock = 0;
    const now = () => clock;
    const uncached = fakeFunction({ ok: true, payload: { isAuthorized: true } });
    const cached = fakeFunction({ ok: true, payload: { isAuthorized: true } });
    const runUncached = createAuthorizerRunner(now);
    const runCached = createAuthorizerRunner(now);
    const request = (fn: ReturnType<typeof fakeFunction>, a: LocalAuthorizer, cookie: string) => ({
      authorizer: a,
      event: event([cookie]),
      region: 'ap-southeast-3',
      accountId: '111111111111',
      invoke: fn.invoke,
    });

    // Act
    await runUncached(request(uncached, authorizer(), 'a=1'));
    await runUncached(request(uncached, authorizer(), 'a=1'));
    await runCached(request(cached, authorizer({ resultTtlSeconds: 60 }), 'a=1'));
    await runCached(request(cached, authorizer({ resultTtlSeconds: 60 }), 'a=1'));
    await runCached(request(cached, authorizer({ resultTtlSeconds: 60 }), 'a=2'));
    clock += 61_000;
    await runCached(request(cached, authorizer({ resultTtlSeconds: 60 }), 'a=1'));

    // Assert
    expect(uncached.calls).toHaveLength(2);
    expect(cached.calls).toHaveLength(3);
  });

  it('finds header, query string and context identity sources, and treats an empty one as absent', () => {
    const e = {
      headers: { authorization: 'Bearer x', empty: '' },
      queryStringParameters: { key: 'k' },
      requestContext: { stage: '$default' },
    };
    expect(identityValues(['$request.header.Authorization', '$request.querystring.key', '$context.stage'], e)).toEqual([
      'Bearer x',
      'k',
      '$default',
    ]);
    expect(identityValues(['$request.header.empty'], e)).toBeUndefined();
    expect(identityValues(['$request.querystring.missing'], e)).toBeUndefined();
  });
});
