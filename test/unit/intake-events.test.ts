import { describe, expect, it } from 'vitest';
import { brokenLink, canonicalJson, eventHash, GENESIS_HASH } from '../../functions/domain/events.js';
import { newSecret, newUlid, secretMatches, sha256Hex } from '../../functions/domain/ids.js';
import type { ReleaseEvent } from '../../functions/domain/release.js';

function chain(n: number): ReleaseEvent[] {
  const events: ReleaseEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { releaseId: 'r1', seq, type: 't', at: `2026-01-0${seq}T00:00:00Z`, data: { b: 1, a: [seq] }, prevHash: prev };
    const full = { ...e, hash: eventHash(e) };
    events.push(full);
    prev = full.hash;
  }
  return events;
}

describe('the hash-chained event log', () => {
  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"e":1,"f":2}]},"b":1}');
  });

  it('holds for an untouched chain and breaks at an edited or removed event', () => {
    const events = chain(4);
    expect(brokenLink(events)).toBeNull();
    const edited = events.map((e) => (e.seq === 2 ? { ...e, data: { b: 2 } } : e));
    expect(brokenLink(edited)?.seq).toBe(2);
    expect(brokenLink(events.filter((e) => e.seq !== 3))?.seq).toBe(4);
  });
});

describe('ids and secrets', () => {
  it('makes sortable ULIDs and 128-bit secrets compared by hash', () => {
    const a = newUlid(1_700_000_000_000);
    const b = newUlid(1_700_000_000_001);
    expect(a).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(a < b).toBe(true);
    const secret = newSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(16);
    expect(secretMatches(secret, sha256Hex(secret))).toBe(true);
    expect(secretMatches(newSecret(), sha256Hex(secret))).toBe(false);
    expect(secretMatches(secret, 'not-hex')).toBe(false);
  });
});
