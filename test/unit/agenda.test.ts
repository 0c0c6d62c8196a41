import { describe, expect, it } from 'vitest';
import { agendaPartition, formatNumber, yearMonthIn } from '../../functions/domain/agenda.js';

describe('agenda numbers', () => {
  it('fills the office template with the zero-padded sequence', () => {
    // Act
    const n = formatNumber('{seq}/{code}/{unit}/{year}', { seq: 7, seqDigits: 3, year: 2026, month: 3, code: 'PR', unit: 'DKIP-MU' });
    const m = formatNumber('{unit}-{year}{month}-{seq}', { seq: 1234, seqDigits: 3, year: 2026, month: 3, unit: 'ESDM' });
    const a = formatNumber('{classification}/{seq}/{unit}/{year}', { seq: 12, seqDigits: 4, year: 2027, month: 1, unit: 'X', classification: '400.14.4.3' });
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
});
