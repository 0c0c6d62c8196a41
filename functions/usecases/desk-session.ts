/**
 * Signing in to the desk and out again (functions/domain/desk-session.ts). Who may sign
 * in is the directory as it stands now (config plus run-time edits), auditors included;
 * the authorizer reads the person again on each request, so a removed person or a
 * changed role counts at once, not at the end of the session.
 */
import type { Person, WartaConfig } from '#domain/config.js';
import {
  isLive,
  personByEmail,
  sessionExpiry,
  signInLinkExpiry,
  signInUrl,
  SIGN_IN_LINK_MINUTES,
  type StoredSession,
} from '#domain/desk-session.js';
import { Expired, Forbidden, NotFound, TooManyRequests } from '#domain/errors.js';
import { newSecret, sha256Hex } from '#domain/ids.js';
import { signInMailsPerAddress } from '#domain/limits.js';
import { signInMail } from '#domain/mail/sign-in.js';
import { listPeople } from '#adapters/directory-store.js';
import { sendMail } from '#adapters/mailer.js';
import { takeFromLimit } from '#adapters/rate-limiter.js';
import { findSession, findSignInLink, putSession, putSignInLink, revokeSession, spendSignInLink } from '#adapters/session-store.js';
import { logger } from '#runtime/logger.js';

/**
 * Mails a sign-in link when the address is a person's of the directory; answers the same
 * whatever happens, so the caller learns nothing about which addresses exist.
 */
export async function requestSignInLink(cfg: WartaConfig, webOrigin: string, email: string, now: Date = new Date()): Promise<void> {
  const person = personByEmail(await listPeople(), email);
  if (!person) {
    logger.info('sign-in link asked for an address outside the directory');
    return;
  }
  try {
    await takeFromLimit(signInMailsPerAddress(), person.email, now);
  } catch (e) {
    if (!(e instanceof TooManyRequests)) throw e;
    logger.info('sign-in link not mailed: the hourly limit for this person is reached', { personId: person.id });
    return;
  }
  const token = newSecret();
  const tokenHash = sha256Hex(token);
  await putSignInLink({ tokenHash, personId: person.id, createdAt: now.toISOString(), linkEndsAt: signInLinkExpiry(now) });
  const mail = signInMail({
    locale: person.locale,
    officeName: cfg.office.name[person.locale],
    personName: person.name,
    url: signInUrl(webOrigin, token),
    validMinutes: SIGN_IN_LINK_MINUTES,
  });
  const result = await sendMail({ to: person.email, toName: person.name, ...mail, idempotencyKey: `signin#${tokenHash}` });
  logger.info('sign-in link mailed', { personId: person.id, mail: result });
}

export interface NewSession {
  /** The cookie's value; never stored, never logged. */
  secret: string;
  session: StoredSession;
  person: Person;
}

/** Exchanges a link's token, once and within its 15 minutes, for a fresh 12-hour session. */
export async function signIn(token: string, now: Date = new Date()): Promise<NewSession> {
  const tokenHash = sha256Hex(token);
  if (!(await spendSignInLink(tokenHash, now))) {
    const link = await findSignInLink(tokenHash);
    if (!link) throw new NotFound('session.unknownLink');
    throw new Expired(link.usedAt ? 'session.linkUsed' : 'session.linkExpired');
  }
  const link = await findSignInLink(tokenHash);
  const person = (await listPeople()).find((p) => p.id === link?.personId);
  if (!person) throw new Forbidden('session.notInDirectory');
  const secret = newSecret();
  const session: StoredSession = {
    sessionId: sha256Hex(secret),
    personId: person.id,
    createdAt: now.toISOString(),
    endsAt: sessionExpiry(now),
  };
  await putSession(session);
  logger.info('desk session started', { personId: person.id });
  return { secret, session, person };
}

/** The live session of a cookie's secret and its person as the directory has them now; undefined when there is none. */
export async function liveSession(secret: string, now: Date = new Date()): Promise<{ session: StoredSession; person: Person } | undefined> {
  const session = await findSession(sha256Hex(secret));
  if (!isLive(session, now)) return undefined;
  const person = (await listPeople()).find((p) => p.id === session.personId);
  return person ? { session, person } : undefined;
}

/** Ends the cookie's session; a cookie without one (already ended, or forged) ends nothing. */
export async function signOut(secret: string, now: Date = new Date()): Promise<void> {
  await revokeSession(sha256Hex(secret), now);
}
