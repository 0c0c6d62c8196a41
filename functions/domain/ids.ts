/**
 * Identifiers and secrets: ULIDs for records (sortable by creation time, safe in keys
 * and URLs), 128-bit random link ids and status keys, and their sha256 — only the hash
 * is ever stored, so a leaked table does not leak working links.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID: 48-bit millisecond time then 80 random bits, 26 Crockford base32 characters. */
export function newUlid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[bytes[i]! % 32];
  return time + rand;
}

/** A fresh 128-bit secret, base64url (22 characters): link ids and status keys. */
export function newSecret(): string {
  return randomBytes(16).toString('base64url');
}

export function sha256Hex(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares a presented secret with a stored hash without leaking where they differ. */
export function secretMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Link ids and status keys as they appear in URLs: base64url, 22 characters. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;
