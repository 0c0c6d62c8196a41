/**
 * The desk session's rules: the cookie's attributes (HttpOnly, SameSite=Strict, Secure on
 * https, 12 hours, only under /api), the session secret found among the request's cookies
 * and nothing else taken for it, the times of a link and a session, and when a session is
 * live.
 */
import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookie,
  isLive,
  personByEmail,
  sessionCookie,
  sessionExpiry,
  sessionSecretOf,
  signInLinkExpiry,
  signInUrl,
} from '../../functions/domain/desk-session.js';

const SECRET = 'AbCdEfGhIjKlMnOpQrStUv';

describe('the desk session cookie', () => {
  it('is HttpOnly, SameSite=Strict, for /api, 12 hours; Secure only when the web app is on https', () => {
    const https = sessionCookie(SECRET, 'https://d123.cloudfront.net');
    const http = sessionCookie(SECRET, 'http://127.0.0.1:4000');
    expect(https).toBe(`warta_meja=${SECRET}; Path=/api; Max-Age=43200; HttpOnly; SameSite=Strict; Secure`);
    expect(http).toBe(`warta_meja=${SECRET}; Path=/api; Max-Age=43200; HttpOnly; SameSite=Strict`);
    expect(clearedSessionCookie('https://d123.cloudfront.net')).toMatch(/^warta_meja=; Path=\/api; Max-Age=0; .*Secure$/);
  });

  it('is read from the request cookies by its name, and only a well-formed secret counts', () => {
    expect(sessionSecretOf(['theme=dark', `warta_meja=${SECRET}`])).toBe(SECRET);
    expect(sessionSecretOf([`theme=dark; warta_meja=${SECRET}`])).toBe(SECRET);
    expect(sessionSecretOf(['warta_meja=short'])).toBeUndefined();
    expect(sessionSecretOf([`xwarta_meja=${SECRET}`])).toBeUndefined();
    expect(sessionSecretOf(undefined)).toBeUndefined();
  });
});

describe('links and sessions in time', () => {
  const now = new Date('2026-12-08T01:00:00.000Z');

  it('a link works 15 minutes and a session 12 hours, and the link carries its token in the fragment', () => {
    expect(signInLinkExpiry(now)).toBe('2026-12-08T01:15:00.000Z');
    expect(sessionExpiry(now)).toBe('2026-12-08T13:00:00.000Z');
    expect(signInUrl('https://meja.example.go.id', SECRET)).toBe(`https://meja.example.go.id/masuk/#${SECRET}`);
  });

  it('a session is live until its end, unless signed out', () => {
    const session = { sessionId: 'h', personId: 'p', createdAt: now.toISOString(), endsAt: '2026-12-08T13:00:00.000Z' };
    expect(isLive(session, new Date('2026-12-08T12:59:59.000Z'))).toBe(true);
    expect(isLive(session, new Date('2026-12-08T13:00:00.000Z'))).toBe(false);
    expect(isLive({ ...session, revokedAt: '2026-12-08T02:00:00.000Z' }, now)).toBe(false);
    expect(isLive(undefined, now)).toBe(false);
  });

  it('finds the person by address whatever its case', () => {
    const people = [
      { id: 'kabid', name: 'K', email: 'Kabid.PIKS@kominfo.example.go.id', roles: ['kabid' as const], locale: 'id' as const },
    ];
    expect(personByEmail(people, ' kabid.piks@KOMINFO.example.go.id ')?.id).toBe('kabid');
    expect(personByEmail(people, 'other@kominfo.example.go.id')).toBeUndefined();
  });
});
