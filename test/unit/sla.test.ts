import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../functions/domain/profiles.js';
import { pointAfter, slaStepsDue, stageTimings, sweepHorizon } from '../../functions/domain/sla.js';

const policy = { remindAfter: 1, escalateAfter: 2 };
const task = (over: Record<string, unknown> = {}) => ({
  createdAt: '2026-05-01T08:00:00.000Z',
  dueAt: '2026-05-01T08:15:00.000Z', // Mutu Baku 15 minutes
  state: 'open' as const,
  ...over,
});
const at = (hhmm: string) => new Date(`2026-05-01T${hhmm}:00.000Z`);

describe('Mutu Baku clock', () => {
  it('owes nothing before the standard time', () => {
    expect(slaStepsDue(task(), policy, at('08:14'))).toEqual([]);
  });

  it('owes one reminder at the standard time, and not again once sent', () => {
    expect(slaStepsDue(task(), policy, at('08:15'))).toEqual(['remind']);
    expect(slaStepsDue(task({ remindedAt: '2026-05-01T08:15:00Z' }), policy, at('08:20'))).toEqual([]);
  });

  it('escalates at twice the standard time, once', () => {
    expect(slaStepsDue(task({ remindedAt: 'x' }), policy, at('08:30'))).toEqual(['escalate']);
    expect(slaStepsDue(task(), policy, at('08:31'))).toEqual(['remind', 'escalate']);
    expect(slaStepsDue(task({ remindedAt: 'x', escalatedAt: 'y' }), policy, at('09:00'))).toEqual([]);
  });

  it('leaves done tasks alone and honours other factors', () => {
    expect(slaStepsDue(task({ state: 'done' }), policy, at('10:00'))).toEqual([]);
    expect(pointAfter(task(), 1.5)).toBe(Date.parse('2026-05-01T08:22:30.000Z'));
    expect(slaStepsDue(task(), { remindAfter: 0.5, escalateAfter: 3 }, at('08:08'))).toEqual(['remind']);
  });

  it('looks ahead of now only when a factor is below one', () => {
    const now = at('08:00');
    expect(sweepHorizon(now, policy, 120).toISOString()).toBe(now.toISOString());
    expect(sweepHorizon(now, { remindAfter: 0.5, escalateAfter: 2 }, 120).toISOString()).toBe(at('09:00').toISOString());
  });
});

describe('stage timings against Mutu Baku', () => {
  it('times each stage from its first start to its last finish', () => {
    // Prepare
    const profile = resolveProfile('dkip-malut', { dispose: 20 });
    const marks = [
      { stageId: 'register', type: 'started' as const, at: '2026-05-01T08:00:00Z' },
      { stageId: 'register', type: 'finished' as const, at: '2026-05-01T08:02:00Z' },
      { stageId: 'dispose', type: 'started' as const, at: '2026-05-01T08:02:00Z' },
      { stageId: 'dispose', type: 'finished' as const, at: '2026-05-01T08:32:00Z' },
      { stageId: 'accept', type: 'started' as const, at: '2026-05-01T08:32:00Z' },
    ];
    // Act
    const timings = stageTimings(profile, marks, at('08:40'));
    // Assert
    expect(timings.find((t) => t.stageId === 'register')).toMatchObject({ minutes: 2, withinStandard: true });
    expect(timings.find((t) => t.stageId === 'dispose')).toMatchObject({ minutes: 30, mutuBakuMinutes: 20, withinStandard: false });
    expect(timings.find((t) => t.stageId === 'accept')).toMatchObject({ minutes: 8, withinStandard: true });
    const edit = timings.find((t) => t.stageId === 'edit')!;
    expect(edit.startedAt).toBeUndefined();
    expect(edit.minutes).toBeUndefined();
  });
});
