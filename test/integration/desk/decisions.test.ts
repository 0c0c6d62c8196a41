/**
 * A decision made from a signed-in desk records the session it was made in: the task page
 * posts to POST /api/desk/task, where the session authorizer has put the person in the
 * request context. The same link posted to its own route, signed out, still acts, and its
 * decision names no session. The desk route without the authorizer's context is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { htmlPart, httpEvent, parse, releaseAtDisposition, startLocalStores, type LocalStores } from '../intake/harness.js';

let stores: LocalStores;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;
let tasks: typeof import('../../../functions/adapters/task-store.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
  tasks = await import('../../../functions/adapters/task-store.js');
});
afterAll(async () => stores.stop());

const DISPOSE = { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera.', urgency: 'biasa' };
const SESSION = {
  sessionId: 'a'.repeat(64),
  personId: 'kabid-piks',
  email: 'kabid.piks@kominfo.example.go.id',
  name: 'Kabid PIKS',
  roles: 'kabid',
};

async function atDisposition(title: string) {
  const from = stores.mails.length;
  const { id } = await releaseAtDisposition(title);
  const mail = stores.mails.slice(from).find((m) => m.to.includes('kabid.piks@kominfo.example.go.id'))!;
  const link = /\/t\/#?([A-Za-z0-9_-]{22})/.exec(htmlPart(mail.raw))![1]!;
  return { id, link };
}

/** The task page's POST with the link id in its header, by the desk's route or the link's own. */
function post(link: string, route: 'desk' | 'link', authorizer?: Record<string, string>): APIGatewayProxyEventV2 {
  const event = httpEvent({
    method: 'POST',
    path: route === 'desk' ? '/api/desk/task' : '/api/task',
    body: DISPOSE,
    headers: { 'x-warta-link': link },
  });
  if (authorizer) (event.requestContext as unknown as Record<string, unknown>).authorizer = { lambda: authorizer };
  return event;
}

const decisionOf = async (releaseId: string) => (await tasks.tasksOf(releaseId, 'dispose', 1))[0]?.decision;

describe('task decisions and the desk session', () => {
  it('records the session when the decision comes from the signed-in desk', async () => {
    // Prepare
    const { id, link } = await atDisposition('Peresmian pasar');

    // Act
    const answer = parse(await tasksAct(post(link, 'desk', SESSION)));

    // Assert
    expect(answer.status).toBe(200);
    const decision = await decisionOf(id);
    expect(decision?.actor.id).toBe('kabid-piks');
    expect(decision?.session).toEqual({ sessionId: SESSION.sessionId, personId: 'kabid-piks', name: 'Kabid PIKS' });
  });

  it('still acts by the link alone, signed out, and records no session', async () => {
    const { id, link } = await atDisposition('Pameran UMKM');
    const answer = parse(await tasksAct(post(link, 'link')));
    expect(answer.status).toBe(200);
    const decision = await decisionOf(id);
    expect(decision?.actor.id).toBe('kabid-piks');
    expect(decision?.session).toBeUndefined();
  });

  it('refuses the desk route without a session in the request context, and the task stays open', async () => {
    const { id, link } = await atDisposition('Rapat anggaran');
    const answer = parse(await tasksAct(post(link, 'desk')));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('sign-in-needed');
    expect(await decisionOf(id)).toBeUndefined();
  });
});
