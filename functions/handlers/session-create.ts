/**
 * POST /api/session {token} -> 200 {person} with the session cookie: the sign-in page
 * sends the token from its link's fragment after a real click. A used or expired link is
 * a 410 (ask for a new one), an unknown one a 404.
 */
import { sessionCookie, signInRequestSchema } from '#domain/desk-session.js';
import { webOrigin } from '#runtime/env.js';
import { signIn } from '#usecases/desk-session.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const { token } = parseBody(event, signInRequestSchema);
  const { secret, session, person } = await signIn(token);
  return {
    status: 200,
    body: { person: { id: person.id, name: person.name, email: person.email, roles: person.roles }, endsAt: session.endsAt },
    cookies: [sessionCookie(secret, webOrigin())],
  };
});
