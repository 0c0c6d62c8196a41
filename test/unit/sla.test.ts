import { describe, expect, it } from 'vitest';
import { resolveProfile } from '../../functions/domain/profiles.js';
import type { OfficeCalendar } from '../../functions/domain/office-clock.js';
import { clockFor, pointAfter, slaStepsDue, stageTimings, sweepHorizon } from '../../functions/domain/sla.js';

const policy = { remindAfter: 1, escalateAfter: 2 };
/** Office hours in UTC to keep the instants readable: 08:00-16:00 on weekdays; 1 May 2026 is a holiday. */
const office: OfficeCalendar = {
  timeZone: 'UTC',
  hours: {
    mon: { open: '08:00', close: '16:00' },
    tue: { open: '08:00', close: '16:00' },
    wed: { open: '08:00', close: '16:00' },
    thu: { open: '08:00', close: '16:00' },
    fri: { open: '08:00', close: '16:00' },
  },
  closedDates: new Set(['2026-05-01']),
};
// Thursday 30 April 2026; Mutu Baku 15 minutes.
const task = (over: Record<string, unknown> = {}) => ({
  createdAt: '2026-04-30T08:00:00.000Z',
  state: 'open' as const,
  clock: 'elapsed' as const,
  ...over,
});
const at = (hhmm: string, day = '2026-04-30') => new Date(`${day}T${hhmm}:00.000Z`);
const due = (t: ReturnType<typeof task>, now: Date, p = policy) => slaStepsDue(t, p, 15, office, now);

describe('Mutu Baku clock', () => {
  it('owes nothing before the standard time', () => {
    expect(due(task(), at('08:14'))).toEqual([]);
  });

  it('owes one reminder at the standard time, and not again once sent', () => {
    expect(due(task(), at('08:15'))).toEqual(['remind']);
    expect(due(task({ remindedAt: '2026-04-30T08:15:00Z' }), at('08:20'))).toEqual([]);
  });

  it('escalates at twice the standard time, once', () => {
    expect(due(task({ remindedAt: 'x' }), at('08:30'))).toEqual(['escalate']);
    expect(due(task(), at('08:31'))).toEqual(['remind', 'escalate']);
    expect(due(task({ remindedAt: 'x', escalatedAt: 'y' }), at('09:00'))).toEqual([]);
  });

  it('leaves done tasks alone and honours other factors', () => {
    expect(due(task({ state: 'done' }), at('10:00'))).toEqual([]);
    expect(pointAfter(office, task(), 15, 1.5).toISOString()).toBe('2026-04-30T08:22:30.000Z');
    expect(due(task(), at('08:08'), { remindAfter: 0.5, escalateAfter: 3 })).toEqual(['remind']);
  });

  it('counts office time only on the working clock, across the evening, a holiday and the weekend', () => {
    // Prepare: a task opened at 15:50 on Thursday, the day before a holiday Friday.
    const late = task({ createdAt: '2026-04-30T15:50:00.000Z', clock: 'working' });
    // Act, Assert: 10 minutes run on Thursday, the other 5 on Monday morning.
    expect(pointAfter(office, late, 15, 1).toISOString()).toBe('2026-05-04T08:05:00.000Z');
    expect(due(late, at('10:00', '2026-05-01'))).toEqual([]);
    expect(due(late, at('08:04', '2026-05-04'))).toEqual([]);
    expect(due(late, at('08:05', '2026-05-04'))).toEqual(['remind']);
  });

  it('sends nothing outside office hours on the working clock, but does for "sangat segera"', () => {
    // Prepare: both tasks are long past twice their standard time.
    const working = task({ clock: 'working' });
    const urgent = task({ clock: clockFor('sangat-segera') });
    // Act, Assert
    expect(due(working, at('17:00'))).toEqual([]);
    expect(due(working, at('08:00', '2026-05-04'))).toEqual(['remind', 'escalate']);
    expect(due(urgent, at('17:00'))).toEqual(['remind', 'escalate']);
    expect(clockFor('biasa')).toBe('working');
    expect(clockFor(undefined)).toBe('working');
  });

  it('looks ahead of now only when a factor is below one, by office time', () => {
    const now = at('08:00');
    expect(sweepHorizon(now, policy, 120, office).toISOString()).toBe(now.toISOString());
    expect(sweepHorizon(now, { remindAfter: 0.5, escalateAfter: 2 }, 120, office).toISOString()).toBe(at('09:00').toISOString());
    expect(sweepHorizon(at('15:30'), { remindAfter: 0.5, escalateAfter: 2 }, 120, office).toISOString()).toBe(
      at('08:30', '2026-05-04').toISOString(),
    );
  });
});

describe('stage timings against Mutu Baku', () => {
  it('times each stage from its first start to its last finish', () => {
    // Prepare
    const profile = resolveProfile('dkip-malut', { dispose: 20 });
    const marks = [
      { stageId: 'register', type: 'started' as const, at: '2026-05-04T08:00:00Z' },
      { stageId: 'register', type: 'finished' as const, at: '2026-05-04T08:02:00Z' },
      { stageId: 'dispose', type: 'started' as const, at: '2026-05-04T08:02:00Z' },
      { stageId: 'dispose', type: 'finished' as const, at: '2026-05-04T08:32:00Z' },
      { stageId: 'accept', type: 'started' as const, at: '2026-05-04T08:32:00Z' },
    ];
    // Act
    const timings = stageTimings(profile, marks, at('08:40', '2026-05-04'), office);
    // Assert
    expect(timings.find((t) => t.stageId === 'register')).toMatchObject({ minutes: 2, withinStandard: true });
    expect(timings.find((t) => t.stageId === 'dispose')).toMatchObject({ minutes: 30, mutuBakuMinutes: 20, withinStandard: false });
    expect(timings.find((t) => t.stageId === 'accept')).toMatchObject({ minutes: 8, workingMinutes: 8, withinStandard: true });
    const edit = timings.find((t) => t.stageId === 'edit')!;
    expect(edit.startedAt).toBeUndefined();
    expect(edit.minutes).toBeUndefined();
  });

  it('gives elapsed and working minutes, and judges the stage by working minutes', () => {
    // Prepare: dispose entered Thursday 15:55, finished Monday 08:05 (Friday is a holiday).
    const profile = resolveProfile('dkip-malut');
    const marks = [
      { stageId: 'dispose', type: 'started' as const, at: '2026-04-30T15:55:00Z' },
      { stageId: 'dispose', type: 'finished' as const, at: '2026-05-04T08:05:00Z' },
    ];
    // Act
    const dispose = stageTimings(profile, marks, at('09:00', '2026-05-04'), office).find((t) => t.stageId === 'dispose');
    // Assert
    expect(dispose).toMatchObject({ minutes: 5290, workingMinutes: 10, withinStandard: true });
  });
});
