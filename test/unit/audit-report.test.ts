import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { agendaBookCsv, agendaBookRows, agendaGaps } from '../../functions/domain/audit/agenda-book.js';
import { buildReport, monthsBetween, periodRange, type ReleaseActivity } from '../../functions/domain/audit/report.js';
import { DKIP_MALUT } from '../../functions/domain/profiles.js';
import type { Release, ReleaseStatus } from '../../functions/domain/release.js';

function release(id: string, seq: number, status: ReleaseStatus, extra: Partial<Release> = {}): Release {
  return {
    id, status, profile: 'dkip-malut', newsType: seq % 2 ? 'kegiatan' : 'pengumuman',
    submission: { newsType: 'kegiatan', title: `Judul ${seq}`, body: 'B', submitter: { name: `Pengirim ${seq}`, institution: seq % 2 ? 'Dinas PUPR' : 'Bappeda', email: 's@example.org' }, attachments: [] },
    agendaNumber: `${String(seq).padStart(3, '0')}/PUB/DKIP-MU/2026`, agendaYear: 2026, agendaSeq: seq, statusKeyHash: 'x', attachments: [],
    decisions: [], createdAt: `2026-03-0${seq}T01:00:00.000Z`, updatedAt: `2026-03-0${seq}T01:00:00.000Z`, ...extra,
  };
}

describe('periods', () => {
  it('reads months and semesters as inclusive ranges', () => {
    expect(periodRange('2026-02')).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodRange('2026-S2')).toMatchObject({ from: '2026-07-01', to: '2026-12-31' });
    expect(() => periodRange('2026-13')).toThrow(/neither a month/);
    expect(monthsBetween('2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('the agenda book', () => {
  it('lists releases in agenda order with archive numbers, and names a gap', () => {
    const rows = agendaBookRows([
      release('c', 4, 'completed', { archive: { classification: '400.14.4.3', archiveNumber: '400.14.4.3/001/DKIP-MU/2026', pdfKey: 'k', recordKey: 'r', mediaKeys: [], archivedAt: '2026-03-05T00:00:00Z' } }),
      release('a', 1, 'rejected'),
      release('b', 2, 'in-progress'),
    ]);

    expect(rows.map((r) => r.agendaSeq)).toEqual([1, 2, 4]);
    expect(agendaGaps(rows)).toEqual([{ year: 2026, seq: 3 }]);
    const csv = parse(agendaBookCsv(rows, { generatedAt: 'now', scope: {}, executions: [] }).slice(1), { relax_column_count: true });
    expect(csv[3]![8]).toBe('400.14.4.3/001/DKIP-MU/2026');
  });
});

describe('the periodic report', () => {
  it('counts what came in and went out and the share of stages within Mutu Baku', () => {
    const releases = [
      release('a', 1, 'completed', { publication: { slug: 'a', url: 'https://x/berita/a/', publishedAt: '2026-03-01T05:00:00Z', outletsSent: ['m'], outletsSkipped: [] } }),
      release('b', 2, 'rejected'),
      release('c', 3, 'in-progress'),
    ];
    const activities: ReleaseActivity[] = [
      { releaseId: 'a', outletsByType: { print: 1, online: 2 }, steps: [{ stageId: 'dispose', durationSeconds: 600, mutuBakuMinutes: 15, withinStandard: true }] },
      { releaseId: 'b', outletsByType: {}, steps: [{ stageId: 'dispose', durationSeconds: 1800, mutuBakuMinutes: 15, withinStandard: false }] },
    ];

    const report = buildReport(periodRange('2026-03'), DKIP_MALUT, releases, activities);

    expect(report).toMatchObject({ received: 3, published: 1, rejected: 1, inProgress: 1, byInstitution: { 'Dinas PUPR': 2, Bappeda: 1 }, outletsByType: { print: 1, online: 2 } });
    expect(report.stages).toEqual([expect.objectContaining({ stageId: 'dispose', count: 2, averageMinutes: 20, maxMinutes: 30, withinStandardShare: 0.5 })]);
    expect(report.publications.map((p) => p.url)).toEqual(['https://x/berita/a/']);
  });
});
