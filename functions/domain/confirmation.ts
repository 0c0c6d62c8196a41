/**
 * Confirmed senders. A submission from an address that has not confirmed itself lately is
 * held, with no agenda number and no workflow, until its sender follows the link mailed to
 * that address: so a stranger's address typed into the form gets one short mail at most,
 * never a receipt or a flood, and a typo claims no number in the agenda book.
 */
import type { Person } from './config.js';

/** How long the confirmation link works. */
export const CONFIRMATION_LINK_HOURS = 24;
/** How long a held submission is kept before the sweep deletes it with its uploads. */
export const UNCONFIRMED_KEEP_HOURS = 48;
/** How long a confirmed address submits without confirming again. */
export const SENDER_CONFIRMED_DAYS = 180;

const HOUR_MS = 3_600_000;

export interface ConfirmationTimes {
  /** ISO instant after which the link no longer confirms. */
  linkExpiresAt: string;
  /** ISO instant after which the sweep deletes the held submission. */
  deleteAt: string;
}

export function confirmationTimes(now: Date): ConfirmationTimes {
  return {
    linkExpiresAt: new Date(now.getTime() + CONFIRMATION_LINK_HOURS * HOUR_MS).toISOString(),
    deleteAt: new Date(now.getTime() + UNCONFIRMED_KEEP_HOURS * HOUR_MS).toISOString(),
  };
}

export function senderConfirmedUntil(now: Date): Date {
  return new Date(now.getTime() + SENDER_CONFIRMED_DAYS * 24 * HOUR_MS);
}

/** The office's own people (as the desk keeps them) submit without confirming: the office vouches for their addresses. */
export function isOfficeAddress(people: Pick<Person, 'email'>[], email: string): boolean {
  const wanted = email.toLowerCase();
  return people.some((p) => p.email.toLowerCase() === wanted);
}

/** The token travels in the fragment, which browsers never send, so no access log, Referer or CDN log records it. */
export const confirmationUrl = (webOrigin: string, token: string) => `${webOrigin}/k/#${token}`;
