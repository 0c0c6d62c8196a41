import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../../functions/domain/config.js';
import {
  checkParafCode,
  isSameRequest,
  needsParafCode,
  newParafCode,
  newParafCodeItem,
  PARAF_CODE,
} from '../../functions/domain/paraf-code.js';

const NOW = new Date('2026-11-20T03:00:00.000Z');
const later = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const item = (code = '042017') => newParafCodeItem('link-hash', 'task-1', 'sekretaris', code, NOW);
const sample = () => JSON.parse(readFileSync(new URL('../../infra/config/esdm-babel.json', import.meta.url), 'utf8'));

describe('the paraf code', () => {
  it('is six digits, leading zeros kept', () => {
    const codes = Array.from({ length: 200 }, newParafCode);
    expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBeGreaterThan(190);
  });

  it('is stored as a hash salted with the task and person, never as itself', () => {
    const stored = item('042017');
    expect(JSON.stringify(stored)).not.toContain('042017');
    expect(stored.codeHash).not.toBe(newParafCodeItem('link-hash', 'task-2', 'sekretaris', '042017', NOW).codeHash);
  });

  it('lets the right code through within ten minutes, and refuses a missing, wrong, late or over-tried one', () => {
    expect(checkParafCode(item(), '042017', later(9 * 60))).toBe('ok');
    expect(checkParafCode(item(), undefined, NOW)).toBe('missing');
    expect(checkParafCode(undefined, '042017', NOW)).toBe('missing');
    expect(checkParafCode(item(), '042018', NOW)).toBe('wrong');
    expect(checkParafCode(item(), '042017', later(PARAF_CODE.ttlMinutes * 60))).toBe('expired');
    expect(checkParafCode({ ...item(), attempts: PARAF_CODE.maxAttempts }, '042017', NOW)).toBe('locked');
    expect(checkParafCode({ ...item(), attempts: PARAF_CODE.maxAttempts - 1 }, '042017', NOW)).toBe('ok');
  });

  it('treats a second request within a minute as the same request', () => {
    expect(isSameRequest(item(), later(30))).toBe(true);
    expect(isSameRequest(item(), later(61))).toBe(false);
    expect(isSameRequest(undefined, NOW)).toBe(false);
  });
});

describe('the parafCode setting', () => {
  it('is per stage and off unless set', () => {
    const cfg = parseConfig({ ...sample(), stageSettings: { approve: { parafCode: true } } });
    expect(needsParafCode(cfg, 'approve')).toBe(true);
    expect(needsParafCode(cfg, 'review')).toBe(false);
    expect(needsParafCode(parseConfig({ ...sample(), stageSettings: undefined }), 'approve')).toBe(false);
  });

  it('is refused on a stage the profile lacks or on a stage that takes no paraf', () => {
    expect(() => parseConfig({ ...sample(), stageSettings: { kasi: { parafCode: true } } })).toThrow(
      /stageSettings\.kasi: names a stage the profile esdm-babel does not have/,
    );
    expect(() => parseConfig({ ...sample(), stageSettings: { publish: { parafCode: true } } })).toThrow(
      /stageSettings\.publish\.parafCode: only a review stage takes a paraf/,
    );
  });
});
