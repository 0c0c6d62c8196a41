import { describe, expect, it } from 'vitest';
import { archiveFolder, archiveYear, classificationFor, formatArchiveNumber } from '../../functions/domain/archive-numbering.js';
import { fixtureConfig } from '../integration/output/fixtures.js';

describe('archive classification and number', () => {
  it('classifies by news type, with the default for the rest', () => {
    const cfg = fixtureConfig();
    expect(classificationFor(cfg, 'pembangunan')).toEqual({ code: '400.14.9', label: { id: 'Publikasi media', en: 'Media publication' } });
    expect(classificationFor(cfg, 'klarifikasi').code).toBe('400.14.4.3');
  });

  it('writes the number with the office template', () => {
    const cfg = fixtureConfig();
    expect(formatArchiveNumber(cfg, 7, '400.14.9', { year: 2026, month: 11 })).toBe('400.14.9/007/DKIP-MU/2026');
  });

  it('takes the year in the office time zone', () => {
    // 31 December 20:00 UTC is already 1 January in Jayapura (UTC+9).
    expect(archiveYear(fixtureConfig(), new Date('2026-12-31T20:00:00Z')).year).toBe(2027);
  });

  it('files the release under its year and agenda number', () => {
    expect(archiveFolder({ id: 'R1', agendaYear: 2026, agendaSeq: 7 })).toBe('releases/2026/007-R1/');
  });
});
