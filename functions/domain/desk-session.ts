/**
 * Signing in to the desk without a password: a person of the directory asks for a link,
 * the mail carries a one-time token valid 15 minutes, and following it (a real click on
 * the page, since mail scanners open links but press no buttons) exchanges the token for
 * a session of 12 hours. Only hashes are stored: the token's, and the session secret's,
 * so a read of the table yields neither a working link nor a working cookie.
 */
import * as z from 'zod/mini';
import { SECRET_PATTERN } from './ids.js';
import type { Person } from './config.js';

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_HOURS = 12;
/** The cookie that carries the session secret; `__Host-` is not used because it demands Secure, which http://127.0.0.1 lacks. */
export const SESSION_COOKIE = 'warta_meja';
/** Only the desk's API reads the cookie: the browser sends it nowhere else. */
export const SESSION_COOKIE_PATH = '/api';

const MINUTE_MS = 60_000;

export const signInLinkRequestSchema = z.object({ email: z.email('invalid.email').check(z.maxLength(254)) });
export const signInRequestSchema = z.object({ token: z.string().check(z.regex(SECRET_PATTERN, 'session.badToken')) });

/** The token travels in the fragment, which browsers never send, so no access log, Referer or CDN log records it. */
export const signInUrl = (webOrigin: string, token: string) => `${webOrigin}/masuk/#${token}`;

export function signInLinkExpiry(now: Date): string {
  return new Date(now.getTime() + SIGN_IN_LINK_MINUTES * MINUTE_MS).toISOString();
}

export function sessionExpiry(now: Date): string {
  return new Date(now.getTime() + SESSION_HOURS * 60 * MINUTE_MS).toISOString();
}

/** The directory's person with this address (case does not matter in an address's domain, and the office writes them inconsistently). */
export function personByEmail(people: readonly Person[], email: string): Person | undefined {
  const wanted = email.trim().toLowerCase();
  return people.find((p) => p.email.toLowerCase() === wanted);
}

export interface StoredSession {
  /** sha256 of the cookie's secret: the session's id in records and decisions. */
  sessionId: string;
  personId: string;
  createdAt: string;
  /** When the 12 hours are up (ISO). */
  endsAt: string;
  /** When the person signed out, or an admin ended it. */
  revokedAt?: string;
}

/** Live: not signed out and not past its 12 hours (DynamoDB's TTL deletes late, so the time is checked here). */
export function isLive(session: StoredSession | undefined, now: Date): session is StoredSession {
  return !!session && !session.revokedAt && Date.parse(session.endsAt) > now.getTime();
}

/**
 * The Set-Cookie value: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure whenever the web app is on https, and Max-Age so it ends with
 * the session. https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie
 */
export function sessionCookie(secret: string, webOrigin: string): string {
  return cookieWith(secret, SESSION_HOURS * 3600, webOrigin);
}

/** Tells the browser to drop the cookie. */
export function clearedSessionCookie(webOrigin: string): string {
  return cookieWith('', 0, webOrigin);
}

function cookieWith(value: string, maxAgeSeconds: number, webOrigin: string): string {
  const parts = [`${SESSION_COOKIE}=${value}`, `Path=${SESSION_COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict'];
  if (webOrigin.startsWith('https://')) parts.push('Secure');
  return parts.join('; ');
}

/** The session secret among the request's cookies (payload 2.0 lists them as `name=value` strings). */
export function sessionSecretOf(cookies: readonly string[] | undefined): string | undefined {
  for (const cookie of cookies ?? []) {
    for (const pair of cookie.split(';')) {
      const [name, ...rest] = pair.trim().split('=');
      const value = rest.join('=');
      if (name === SESSION_COOKIE && SECRET_PATTERN.test(value)) return value;
    }
  }
  return undefined;
}
