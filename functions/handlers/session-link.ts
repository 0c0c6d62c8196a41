/**
 * POST /api/session/link {email} -> 202, always: a person of the directory gets a sign-in
 * link `<web>/masuk/#<token>` by mail; anyone else gets the same answer and no mail, so
 * the route cannot be used to learn which addresses the office has.
 */
import { signInLinkRequestSchema } from '#domain/desk-session.js';
import { config, webOrigin } from '#runtime/env.js';
import { requestSignInLink } from '#usecases/desk-session.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const { email } = parseBody(event, signInLinkRequestSchema);
  await requestSignInLink(config(), webOrigin(), email);
  return { status: 202, body: { sent: 'if-known' } };
});
