/**
 * Signing in to the desk on the local cloud (the synthesized template, its desk API and
 * its Lambda authorizer run as API Gateway runs them), over HTTP through the web origin
 * as the desk pages call it: a link for the directory's people only, with the same 202
 * for anyone; a one-time token exchanged for an HttpOnly, SameSite=Strict cookie; the
 * session stored by its hash and refused once signed out or past its 12 hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../../../functions/domain/ids.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { deskRequest, expireSession, signIn, signInToken } from '../../support/desk.js';

const KABID = 'kabid.piks@kominfo.example.go.id';
const AUDITOR = 'audit@inspektorat.example.go.id';
// Each person gets at most 10 sign-in mails an hour: the tests below share them out.
const KEPALA = 'kepala@kominfo.example.go.id';
const SEKRETARIS = 'sekretaris@kominfo.example.go.id';
const KASI = 'kasi.piks@kominfo.example.go.id';

describe('desk sign-in on the local cloud', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });
  afterAll(() => cloud?.stop());

  it('runs the authorizer the template declares, which only the desk API may invoke', () => {
    // Prepare
    const desk = cloud.model.apis.find((api) => api.routes.some((r) => r.routeKey === 'GET /api/desk/me'))!;
    const me = desk.routes.find((r) => r.routeKey === 'GET /api/desk/me')!;
    const link = desk.routes.find((r) => r.routeKey === 'POST /api/session/link')!;
    const { functionName, logicalId } = me.authorizer!;
    const arn = (api: string) => `arn:aws:execute-api:ap-southeast-3:111111111111:${api}/authorizers/${logicalId}`;

    // Act
    const fromDesk = cloud.iam.mayApiGatewayInvokeAuthorizer(functionName, arn(desk.logicalId));
    const fromElsewhere = cloud.iam.mayApiGatewayInvokeAuthorizer(functionName, arn('SomeOtherApi'));

    // Assert
    expect(me.authorizer).toMatchObject({
      identitySource: ['$request.header.Cookie'],
      resultTtlSeconds: 0,
      simpleResponses: true,
      payloadFormatVersion: '2.0',
    });
    expect(link.authorizer).toBeUndefined();
    expect(desk.cors).toBeUndefined();
    expect(fromDesk.allowed).toBe(true);
    expect(fromElsewhere.allowed).toBe(false);
  });

  it('answers 202 for any address and mails a link only to a person of the directory', async () => {
    // Prepare
    const stranger = `nobody-${Date.now().toString(36)}@example.com`;
    const before = (await cloud.mail()).length;

    // Act
    const unknown = await deskRequest(cloud, 'POST', '/api/session/link', { body: { email: stranger } });
    const token = await signInToken(cloud, 'Kabid.PIKS@kominfo.example.go.id');

    // Assert
    expect(unknown.status).toBe(202);
    const mails = (await cloud.mail()).slice(before);
    expect(mails.some((m) => m.destination.to.some((to) => to.includes(stranger)))).toBe(false);
    const mail = mails.find((m) => (m.body.text ?? '').includes(`/masuk/#${token}`))!;
    expect(mail.destination.to.join()).toContain(KABID);
    expect(mail.body.text).toContain(`${cloud.endpoints.web}/masuk/#${token}`);
  });

  it('refuses a malformed email with a 400 that names the field', async () => {
    const answer = await deskRequest(cloud, 'POST', '/api/session/link', { body: { email: 'not an address' } });
    expect(answer.status).toBe(400);
    expect(answer.json.error.fields[0].path).toBe('email');
  });

  it('exchanges the token once for a session cookie: HttpOnly, SameSite=Strict, 12 hours, not Secure on http', async () => {
    // Prepare
    const token = await signInToken(cloud, KABID);

    // Act
    const first = await deskRequest(cloud, 'POST', '/api/session', { body: { token } });
    const second = await deskRequest(cloud, 'POST', '/api/session', { body: { token } });

    // Assert
    expect(first.status).toBe(200);
    expect(first.json.person).toMatchObject({ id: 'kabid-piks', email: KABID, roles: ['kabid'] });
    const cookie = first.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^warta_meja=[A-Za-z0-9_-]{22}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api');
    expect(cookie).toContain('Max-Age=43200');
    expect(cookie).not.toContain('Secure');
    expect(second.status).toBe(410);
    expect(second.json.error.message).toMatch(/sudah dipakai/);
  });

  it('keeps only hashes of the token and the session secret in the table', async () => {
    // Prepare
    const token = await signInToken(cloud, AUDITOR);
    const answer = await deskRequest(cloud, 'POST', '/api/session', { body: { token } });
    const secret = answer.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;

    // Act
    const ddb = new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const items = JSON.stringify((await ddb.send(new ScanCommand({ TableName: cloud.model.tables[0]!.name }))).Items);
    ddb.destroy();

    // Assert
    expect(items).toContain(`SIGNIN#${sha256Hex(token)}`);
    expect(items).toContain(`SESSION#${sha256Hex(secret)}`);
    expect(items).not.toContain(token);
    expect(items).not.toContain(secret);
  });

  it('opens GET /api/desk/me to the session, and to nobody without one', async () => {
    // Prepare
    const kabid = await signIn(cloud, KABID);

    // Act
    const me = await deskRequest(cloud, 'GET', '/api/desk/me', { session: kabid });
    const noCookie = await deskRequest(cloud, 'GET', '/api/desk/me');
    const forged = await deskRequest(cloud, 'GET', '/api/desk/me', { headers: { cookie: 'warta_meja=AAAAAAAAAAAAAAAAAAAAAA' } });
    const otherCookie = await deskRequest(cloud, 'GET', '/api/desk/me', { headers: { cookie: 'theme=dark' } });

    // Assert
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ personId: 'kabid-piks', email: KABID, roles: ['kabid'], sessionId: kabid.sessionId });
    // API Gateway's own answers: 401 when the identity source (the Cookie header) is absent, 403 when the authorizer says no.
    expect(noCookie.status).toBe(401);
    expect(noCookie.json).toEqual({ message: 'Unauthorized' });
    expect(forged.status).toBe(403);
    expect(forged.json).toEqual({ message: 'Forbidden' });
    expect(otherCookie.status).toBe(403);
  });

  it('stops mailing one person links past 10 an hour, and still answers 202', async () => {
    // Prepare: a person no other test signs in.
    const budi = 'budi@kominfo.example.go.id';
    for (let i = 0; i < 10; i++) await signInToken(cloud, budi);
    const before = (await cloud.mail()).length;

    // Act
    const answer = await deskRequest(cloud, 'POST', '/api/session/link', { body: { email: budi } });
    const mailsAfter = await cloud.mail();

    // Assert
    expect(answer.status).toBe(202);
    expect(mailsAfter.length).toBe(before);
  });

  it('signs an auditor in too', async () => {
    const auditor = await signIn(cloud, AUDITOR);
    const me = await deskRequest(cloud, 'GET', '/api/desk/me', { session: auditor });
    expect(me.status).toBe(200);
    expect(me.json.roles).toEqual(['auditor']);
  });

  it('ends the session on sign-out: the same cookie is refused from the next request on', async () => {
    // Prepare
    const kabid = await signIn(cloud, KASI);

    // Act
    const out = await deskRequest(cloud, 'DELETE', '/api/session', { session: kabid });
    const again = await deskRequest(cloud, 'DELETE', '/api/session', { session: kabid });
    const after = await deskRequest(cloud, 'GET', '/api/desk/me', { session: kabid });

    // Assert
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^warta_meja=; .*Max-Age=0/);
    expect(again.status).toBe(204);
    expect(after.status).toBe(403);
  });

  it('refuses a session past its 12 hours', async () => {
    // Prepare
    const kabid = await signIn(cloud, KEPALA);
    await expireSession(cloud, kabid);

    // Act
    const after = await deskRequest(cloud, 'GET', '/api/desk/me', { session: kabid });

    // Assert
    expect(after.status).toBe(403);
  });

  it('has no CORS on the desk API (it is same-origin), while the main API keeps its own', async () => {
    // Prepare
    const web = cloud.endpoints.web;
    const preflight = (path: string) =>
      fetch(`${cloud.endpoints.api}${path}`, {
        method: 'OPTIONS',
        headers: { origin: web, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    // Act
    const desk = await preflight('/api/session/link');
    const main = await preflight('/api/releases');
    const deskGet = await fetch(`${cloud.endpoints.api}/api/session/link`, {
      method: 'POST',
      headers: { origin: web, 'content-type': 'application/json' },
      body: '{}',
    });

    // Assert
    expect(desk.headers.get('access-control-allow-origin')).toBeNull();
    expect(deskGet.headers.get('access-control-allow-origin')).toBeNull();
    expect(main.status).toBe(204);
    expect(main.headers.get('access-control-allow-origin')).toBe(web);
  });

  it('follows the directory from the next request on: a changed role shows at once, a removed person is refused', async () => {
    // Prepare
    const sari = await signIn(cloud, 'sari@kominfo.example.go.id');
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: 'ap-southeast-3',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    );
    const edit = (item: Record<string, unknown>) =>
      ddb.send(
        new PutCommand({
          TableName: cloud.model.tables[0]!.name,
          Item: { pk: 'DIRECTORY', sk: 'PERSON#petugas-1', id: 'petugas-1', ...item },
        }),
      );

    // Act
    await edit({ name: 'Sari Wulandari', email: 'sari@kominfo.example.go.id', roles: ['operator'] });
    const afterRoleChange = await deskRequest(cloud, 'GET', '/api/desk/me', { session: sari });
    await edit({ removed: true });
    const afterRemoval = await deskRequest(cloud, 'GET', '/api/desk/me', { session: sari });
    ddb.destroy();

    // Assert
    expect(afterRoleChange.status).toBe(200);
    expect(afterRoleChange.json.roles).toEqual(['operator']);
    expect(afterRemoval.status).toBe(403);
  });

  it('refuses a sign-out posted from another site', async () => {
    const kabid = await signIn(cloud, SEKRETARIS);
    const out = await deskRequest(cloud, 'DELETE', '/api/session', { session: kabid, headers: { origin: 'https://evil.example' } });
    expect(out.status).toBe(403);
    expect((await deskRequest(cloud, 'GET', '/api/desk/me', { session: kabid })).status).toBe(200);
  });
});
