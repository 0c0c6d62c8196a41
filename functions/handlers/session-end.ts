/**
 * DELETE /api/session -> 204: signs out. The stored session is ended, so the cookie opens
 * nothing from now on even if a copy of it survives, and the browser is told to drop it.
 * Signing out twice, or without a session, answers the same.
 */
import { clearedSessionCookie, sessionSecretOf } from '#domain/desk-session.js';
import { webOrigin } from '#runtime/env.js';
import { signOut } from '#usecases/desk-session.js';
import { httpHandler } from '#adapters/http/respond.js';
import { requireSameSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  requireSameSite(event);
  const secret = sessionSecretOf(event.cookies);
  if (secret) await signOut(secret);
  return { status: 204, cookies: [clearedSessionCookie(webOrigin())] };
});
