/**
 * Every desk route of the contract (HANDLERS under DESK_ROUTE_PREFIX), called through the
 * web origin as the desk pages call it, is refused: signed out (401, API Gateway's own
 * answer without the authorizer's function being run), with the cookie of a session past
 * its 12 hours or signed out (403 from the authorizer), and as a person of the directory
 * whose roles the route does not admit (403 from the handler's own check, DESK_ROLES).
 * A route added to the contract is tried here without anyone writing a line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_ROLES, DESK_ROUTE_PREFIX } from '../../../functions/contract/handlers.js';
import { apiRoutes } from '../../../infra/cdk/constructs/api.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../../support/cloud.js';
import { deskRequest, expireSession, signIn, type DeskSession } from '../../support/desk.js';

interface ConfiguredPerson {
  id: string;
  email: string;
  roles: string[];
}

const configFile = (JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, string> }).context[
  'warta:config'
]!;
const people = (JSON.parse(readFileSync(join(REPO_ROOT, configFile), 'utf8')) as { people: ConfiguredPerson[] }).people;

const deskRoutes = apiRoutes().filter((r) => r.path.startsWith(DESK_ROUTE_PREFIX));
/** A path of the route with each `{parameter}` filled in (a well-formed id that names nothing). */
const pathOf = (path: string) => path.replace(/\{[^}]+\+?\}/g, '01JD0000000000000000000001');
const call = (cloud: TestCloud, route: (typeof deskRoutes)[number], session?: DeskSession) =>
  deskRequest(cloud, route.method, pathOf(route.path), {
    ...(session ? { session } : {}),
    ...(['GET', 'DELETE'].includes(String(route.method)) ? {} : { body: {} }),
  });

/** For each route that admits only some roles: a configured person with none of them (undefined when everyone has one). */
function outsiderOf(handler: string): ConfiguredPerson | undefined {
  const admitted = DESK_ROLES[handler as keyof typeof DESK_ROLES];
  if (!admitted || admitted === 'signed-in') return undefined;
  return people.find((p) => !p.roles.some((role) => admitted.includes(role)));
}

describe('every desk route refuses who may not use it', () => {
  let cloud: TestCloud;
  let ended: DeskSession;
  let expired: DeskSession;
  const outsiders = new Map<string, DeskSession>();

  beforeAll(async () => {
    cloud = await startTestCloud();
    ended = await signIn(cloud, people[0]!.email);
    await deskRequest(cloud, 'DELETE', '/api/session', { session: ended });
    expired = await signIn(cloud, people[0]!.email);
    await expireSession(cloud, expired);
    for (const route of deskRoutes) {
      const outsider = outsiderOf(route.handler);
      if (outsider && !outsiders.has(outsider.email)) outsiders.set(outsider.email, await signIn(cloud, outsider.email));
    }
  });
  afterAll(() => cloud?.stop());

  it('has desk routes to try, each with the roles it admits', () => {
    expect(deskRoutes.length).toBeGreaterThan(0);
    for (const route of deskRoutes) expect(DESK_ROLES[route.handler], route.handler).toBeDefined();
  });

  it.each(deskRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: 401 signed out', async (_name, route) => {
    const answer = await call(cloud, route);
    expect(answer.status).toBe(401);
  });

  it.each(deskRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s: 403 with an expired or ended session',
    async (_name, route) => {
      expect((await call(cloud, route, expired)).status).toBe(403);
      expect((await call(cloud, route, ended)).status).toBe(403);
    },
  );

  const roleRoutes = deskRoutes.filter((r) => DESK_ROLES[r.handler] !== 'signed-in');
  // Only while some route admits fewer than everyone signed in.
  if (roleRoutes.length > 0)
    it.each(roleRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: 403 for a role it does not admit', async (_name, route) => {
      const outsider = outsiderOf(route.handler);
      if (!outsider)
        return expect.fail(`every configured person has a role ${route.handler} admits: the directory gives no outsider to try`);
      const answer = await call(cloud, route, outsiders.get(outsider.email));
      expect(answer.status).toBe(403);
      expect(answer.json.error.code).toBe('forbidden');
    });
});
