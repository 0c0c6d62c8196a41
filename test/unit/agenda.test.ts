import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agendaPartition, formatNumber, yearMonthIn } from '../../functions/domain/agenda.js';

describe('agenda numbers', () => {
  it('fills the office template with the zero-padded sequence', () => {
    // Act
    const n = formatNumber('{seq}/{code}/{unit}/{year}', { seq: 7, seqDigits: 3, year: 2026, month: 3, code: 'PR', unit: 'DKIP-MU' });
    const m = formatNumber('{unit}-{year}{month}-{seq}', { seq: 1234, seqDigits: 3, year: 2026, month: 3, unit: 'ESDM' });
    const a = formatNumber('{classification}/{seq}/{unit}/{year}', {
      seq: 12,
      seqDigits: 4,
      year: 2027,
      month: 1,
      unit: 'X',
      classification: '400.14.4.3',
    });
    // Assert
    expect(n).toBe('007/PR/DKIP-MU/2026');
    expect(m).toBe('ESDM-202603-1234');
    expect(a).toBe('400.14.4.3/0012/X/2027');
  });

  it('numbers by the office year, in its own time zone', () => {
    // Prepare: 31 Dec 16:00 UTC is 1 Jan 01:00 in Ternate (WIT, UTC+9) but still 31 Dec 23:00 in Jakarta (WIB)
    const at = new Date('2026-12-31T16:00:00Z');
    // Act + Assert
    expect(yearMonthIn(at, 'Asia/Jayapura')).toEqual({ year: 2027, month: 1 });
    expect(yearMonthIn(at, 'Asia/Jakarta')).toEqual({ year: 2026, month: 12 });
    expect(agendaPartition(2027)).toBe('AGENDA#2027');
  });

  it("reads Indonesia's zones as the tz database does, without Intl, and any other zone through it", () => {
    // Prepare: the tz database's own answer, through Intl.
    const byIntl = (at: Date, timeZone: string) => {
      const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
      return { year: Number(parts.find((p) => p.type === 'year')!.value), month: Number(parts.find((p) => p.type === 'month')!.value) };
    };
    const zones = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura', 'Europe/Amsterdam', 'America/Sao_Paulo'];
    // Instants from 1980 (before Pontianak's change) to 2100, and the minutes around each new month.
    const instants = fc.oneof(
      fc.date({ min: new Date('1980-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
      fc
        .tuple(fc.integer({ min: 1980, max: 2099 }), fc.integer({ min: 0, max: 11 }), fc.integer({ min: -10 * 60, max: 10 * 60 }))
        .map(([y, m, minutes]) => new Date(Date.UTC(y, m, 1) + minutes * 60_000)),
    );

    // Act + Assert
    fc.assert(
      fc.property(instants, fc.constantFrom(...zones), (at, zone) => {
        expect(yearMonthIn(at, zone)).toEqual(byIntl(at, zone));
      }),
      { numRuns: 5_000 },
    );
  });
});
