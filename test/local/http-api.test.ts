import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_LOG_FORMAT } from '../../infra/cdk/constructs/api.js';
import { accessLogLine } from '../../infra/local-cloud/http/access-log.js';
import { createApiHandler } from '../../infra/local-cloud/http/api.js';
import { compileRoutes } from '../../infra/local-cloud/http/routes.js';
import { createInvoker, type LambdaInvoker } from '../../infra/local-cloud/lambda/invoker.js';
import { FIXTURE_URLS, fixtureModel } from './fixture.js';

describe('HTTP API route selection', () => {
  const route = (routeKey: string) => ({ routeKey, functionName: routeKey, authorizationType: 'NONE' });
  const select = compileRoutes([
    route('ANY /api/{proxy+}'),
    route('GET /api/tasks/{linkId}'),
    route('POST /api/tasks/{linkId}'),
    route('GET /api/tasks/open'),
    route('$default'),
  ]);

  it('prefers literal paths, then variables, then greedy paths, then $default', () => {
    expect(select('GET', '/api/tasks/open')?.route.routeKey).toBe('GET /api/tasks/open');
    expect(select('GET', '/api/tasks/abc')).toEqual({ route: route('GET /api/tasks/{linkId}'), pathParameters: { linkId: 'abc' } });
    expect(select('POST', '/api/tasks/a%20b')?.pathParameters).toEqual({ linkId: 'a b' });
    expect(select('DELETE', '/api/tasks/abc')).toEqual({ route: route('ANY /api/{proxy+}'), pathParameters: { proxy: 'tasks/abc' } });
    expect(select('GET', '/elsewhere')?.route.routeKey).toBe('$default');
  });
});

describe('the stage access log', () => {
  it('is the template\'s format with each $context variable filled in, "-" for one the request lacks', () => {
    // Prepare
    const linkId = 'Zx9LinkIdOfTwentyTwoCh';
    const facts = {
      requestId: 'r-1',
      routeKey: 'POST /api/tasks/{linkId}',
      path: `/api/tasks/${linkId}`,
      status: 200,
      'identity.userAgent': 'Mozilla "quoted"',
    };

    // Act
    const line = JSON.parse(accessLogLine(ACCESS_LOG_FORMAT.toString(), facts)) as Record<string, string>;

    // Assert
    expect(line).toMatchObject({
      requestId: 'r-1',
      routeKey: 'POST /api/tasks/{linkId}',
      status: '200',
      userAgent: 'Mozilla "quoted"',
      integrationError: '-',
    });
    expect(JSON.stringify(line)).not.toContain(linkId); // the route template, never the path
  });
});

describe('the local HTTP API', () => {
  let server: Server;
  let base: string;
  let invoker: LambdaInvoker;
  let logDir: string;
  const auditKey = `key-${Math.random().toString(36).slice(2)}`;

  beforeAll(async () => {
    const model = fixtureModel();
    logDir = mkdtempSync(join(tmpdir(), 'warta-api-'));
    invoker = createInvoker({ functions: model.functions, baseEnv: {}, logDir, region: 'ap-southeast-3', accountId: '111111111111' });
    server = createServer(
      createApiHandler({ apis: () => model.apis, invoke: invoker.invoke, auditKey, accountId: '111111111111', log: () => {} }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await invoker.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('hands the function a payload 2.0 event and maps its response', async () => {
    // Prepare
    const filename = `foto-${Date.now()}.jpg`;

    // Act
    const response = await fetch(`${base}/api/uploads?a=1&a=2&q=x%20y`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Custom': 'Yes', cookie: 'c1=v1; c2=v2', 'user-agent': 'warta-test' },
      body: JSON.stringify({ filename }),
    });
    const event = await response.json();

    // Assert
    expect(response.status).toBe(201);
    expect(response.headers.get('x-route')).toBe('POST /api/uploads');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/uploads',
      rawPath: '/api/uploads',
      rawQueryString: 'a=1&a=2&q=x%20y',
      cookies: ['c1=v1', 'c2=v2'],
      queryStringParameters: { a: '1,2', q: 'x y' },
      body: JSON.stringify({ filename }),
      isBase64Encoded: false,
      requestContext: {
        stage: '$default',
        routeKey: 'POST /api/uploads',
        http: { method: 'POST', path: '/api/uploads', sourceIp: '127.0.0.1', userAgent: 'warta-test' },
      },
    });
    expect(event.headers['x-custom']).toBe('Yes');
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.time).toMatch(/^\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(typeof event.requestContext.timeEpoch).toBe('number');
    expect(event.pathParameters).toBeUndefined();
  });

  it('passes path parameters and turns a plain object result into a 200 JSON response', async () => {
    // Act: the fixture function returns {hello: 'world'} when the body is "plain"
    const withParams = await (await fetch(`${base}/api/releases/rel-${Date.now()}`)).json();
    const plain = await fetch(`${base}/api/uploads`, { method: 'POST', body: 'plain', headers: { 'content-type': 'text/plain' } });

    // Assert
    expect(withParams.pathParameters.id).toMatch(/^rel-\d+$/);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json');
    expect(await plain.json()).toEqual({ hello: 'world' });
  });

  it('base64-encodes a binary body', async () => {
    const response = await fetch(`${base}/api/uploads`, {
      method: 'POST',
      body: new Uint8Array([0, 255, 1]),
      headers: { 'content-type': 'application/octet-stream' },
    });
    const event = await response.json();
    expect(event).toMatchObject({ isBase64Encoded: true, body: Buffer.from([0, 255, 1]).toString('base64') });
  });

  it('guards IAM routes with the local audit key', async () => {
    // Act
    const without = await fetch(`${base}/api/audit/releases/export`, { headers: { 'accept-language': 'en' } });
    const wrong = await fetch(`${base}/api/audit/releases/export`, { headers: { 'x-warta-audit-key': 'nope' } });
    const right = await fetch(`${base}/api/audit/releases/export`, { headers: { 'x-warta-audit-key': auditKey } });

    // Assert
    expect(without.status).toBe(403);
    expect((await without.json()).error.message).toMatch(/audit key/);
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.message).toMatch(/kunci audit/);
    expect(right.status).toBe(200);
    const { event } = await right.json();
    expect(event.pathParameters).toEqual({ proxy: 'releases/export' });
    expect(event.requestContext.authorizer.iam.userArn).toBe('arn:aws:iam::111111111111:user/local-auditor');
  });

  it('answers an unknown route with a clear 404 in the asked language', async () => {
    const response = await fetch(`${base}/api/nothing-here`, { headers: { 'accept-language': 'en-US' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'NotFound', message: 'No API route matches this request.' } });
  });

  it('answers CORS preflights as the CorsConfiguration says and marks responses for allowed origins', async () => {
    // Act
    const preflight = await fetch(`${base}/api/uploads`, {
      method: 'OPTIONS',
      headers: { origin: FIXTURE_URLS.web, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    const stranger = await fetch(`${base}/api/uploads`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    const actual = await fetch(`${base}/api/releases/x`, { headers: { origin: FIXTURE_URLS.web } });

    // Assert
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(FIXTURE_URLS.web);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET,POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(actual.headers.get('access-control-allow-origin')).toBe(FIXTURE_URLS.web);
  });
});

describe('the local HTTP API before the deploy is done', () => {
  it('answers 503 with a clear message', async () => {
    // Prepare
    const server = createServer(
      createApiHandler({
        apis: () => undefined,
        invoke: async () => ({ ok: true, payload: null }),
        auditKey: 'k',
        accountId: '111111111111',
        log: () => {},
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    // Act
    const response = await fetch(`${base}/api/releases`, { method: 'POST', headers: { 'accept-language': 'en' } });

    // Assert
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('NotReady');
    await new Promise((resolve) => server.close(resolve));
  });
});
