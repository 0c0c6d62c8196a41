import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  CalendarClosed,
  isOfficeHours,
  localDateOf,
  workingMinutesBetween,
  type OfficeCalendar,
} from '../../functions/domain/office-clock.js';

const day = { open: '07:30', close: '16:00' };
/** Maluku Utara runs on WIT (UTC+9); 1 June 2026 (Monday) is Hari Lahir Pancasila. */
const wit: OfficeCalendar = {
  timeZone: 'Asia/Jayapura',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: { open: '07:30', close: '16:30' } },
  closedDates: new Set(['2026-06-01']),
};
const local = (isoLocal: string) => new Date(`${isoLocal}+09:00`);

describe('the office clock in WIT', () => {
  it('tells office hours by the local weekday, hour and holidays', () => {
    expect(isOfficeHours(wit, local('2026-05-29T07:30:00'))).toBe(true);
    expect(isOfficeHours(wit, local('2026-05-29T16:29:59'))).toBe(true);
    expect(isOfficeHours(wit, local('2026-05-29T16:30:00'))).toBe(false);
    expect(isOfficeHours(wit, local('2026-05-30T10:00:00'))).toBe(false);
    expect(isOfficeHours(wit, local('2026-06-01T10:00:00'))).toBe(false);
    // 23:00 UTC on Monday is already Tuesday 08:00 in WIT.
    expect(isOfficeHours(wit, new Date('2026-06-01T23:00:00Z'))).toBe(true);
    expect(localDateOf(wit, new Date('2026-06-01T23:00:00Z'))).toBe('2026-06-02');
  });

  it('adds office minutes across the evening, the weekend and a holiday Monday', () => {
    // Prepare: Friday 21:00 WIT, after hours.
    const friday = local('2026-05-29T21:00:00');
    // Act
    const due = addWorkingMinutes(wit, friday, 15);
    // Assert
    expect(due.toISOString()).toBe(local('2026-06-02T07:45:00').toISOString());
  });

  it('splits a duration over the close of one day and the open of the next', () => {
    expect(addWorkingMinutes(wit, local('2026-06-03T15:00:00'), 120).toISOString()).toBe(local('2026-06-04T08:30:00').toISOString());
    expect(addWorkingMinutes(wit, local('2026-06-03T15:00:00'), 60).toISOString()).toBe(local('2026-06-03T16:00:00').toISOString());
    expect(addWorkingMinutes(wit, local('2026-06-03T10:00:00'), 0).toISOString()).toBe(local('2026-06-03T10:00:00').toISOString());
    expect(addWorkingMinutes(wit, local('2026-06-03T17:00:00'), 0).toISOString()).toBe(local('2026-06-04T07:30:00').toISOString());
  });

  it('measures office minutes between two instants, and nothing backwards', () => {
    expect(workingMinutesBetween(wit, local('2026-05-29T21:00:00'), local('2026-06-02T08:00:00'))).toBe(30);
    expect(workingMinutesBetween(wit, local('2026-05-29T16:00:00'), local('2026-06-02T08:00:00'))).toBe(60);
    expect(workingMinutesBetween(wit, local('2026-06-02T09:00:00'), local('2026-06-02T08:00:00'))).toBe(0);
    // A whole week: four days of 8.5 hours and a Friday of 9, less the holiday Monday.
    expect(workingMinutesBetween(wit, local('2026-06-01T00:00:00'), local('2026-06-08T00:00:00'))).toBe(3 * 510 + 540);
  });

  it('agrees with itself: what is added is what is measured', () => {
    const from = local('2026-05-28T13:17:00');
    for (const minutes of [1, 59, 510, 2000])
      expect(workingMinutesBetween(wit, from, addWorkingMinutes(wit, from, minutes))).toBeCloseTo(minutes, 6);
  });

  it('refuses a negative duration and a calendar that never opens', () => {
    expect(() => addWorkingMinutes(wit, local('2026-06-03T10:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes({ ...wit, hours: {} }, local('2026-06-03T10:00:00'), 1)).toThrow(CalendarClosed);
  });
});

describe('the office clock in a zone that changes its clocks', () => {
  it('keeps office hours at the local wall time on both sides of a change', () => {
    // Prepare: Europe/Amsterdam goes from UTC+1 to UTC+2 on 29 March 2026.
    const cal: OfficeCalendar = {
      timeZone: 'Europe/Amsterdam',
      hours: { fri: { open: '09:00', close: '17:00' }, mon: { open: '09:00', close: '17:00' } },
      closedDates: new Set(),
    };
    // Act
    const due = addWorkingMinutes(cal, new Date('2026-03-27T15:00:00Z'), 120);
    // Assert: one hour left on Friday (16:00-17:00 at UTC+1), one on Monday from 09:00 at UTC+2.
    expect(due.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });
});
