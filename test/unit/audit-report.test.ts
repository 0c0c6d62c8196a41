import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { agendaBookCsv, agendaBookRows } from '../../functions/domain/audit/agenda-book.js';
import { buildReport, monthsBetween, periodRange, type ReleaseActivity } from '../../functions/domain/audit/report.js';
import { DKIP_MALUT } from '../../functions/domain/profiles.js';
import type { Release, ReleaseStatus } from '../../functions/domain/release.js';

function release(id: string, seq: number, status: ReleaseStatus, extra: Partial<Release> = {}): Release {
  return {
    id,
    status,
    profile: 'dkip-malut',
    newsType: seq % 2 ? 'kegiatan' : 'pengumuman',
    submission: {
      newsType: 'kegiatan',
      title: `Judul ${seq}`,
      body: 'B',
      submitter: { name: `Pengirim ${seq}`, institution: seq % 2 ? 'Dinas PUPR' : 'Bappeda', email: 's@example.org' },
      attachments: [],
    },
    agendaNumber: `${String(seq).padStart(3, '0')}/PUB/DKIP-MU/2026`,
    agendaYear: 2026,
    agendaSeq: seq,
    statusKeyHash: 'x',
    attachments: [],
    decisions: [],
    createdAt: `2026-03-0${seq}T01:00:00.000Z`,
    updatedAt: `2026-03-0${seq}T01:00:00.000Z`,
    ...extra,
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
  it('lists releases in agenda order with archive numbers, leaving a gap in the numbers visible', () => {
    const rows = agendaBookRows([
      release('c', 4, 'completed', {
        archive: {
          classification: '400.14.4.3',
          archiveNumber: '400.14.4.3/001/DKIP-MU/2026',
          pdfKey: 'k',
          recordKey: 'r',
          mediaKeys: [],
          archivedAt: '2026-03-05T00:00:00Z',
        },
      }),
      release('a', 1, 'rejected'),
      release('b', 2, 'in-progress'),
    ]);

    expect(rows.map((r) => r.agendaSeq)).toEqual([1, 2, 4]);
    const csv: string[][] = parse(agendaBookCsv(rows, { generatedAt: 'now', scope: {}, executions: [] }).slice(1), {
      relax_column_count: true,
    });
    expect(csv[3]![8]).toBe('400.14.4.3/001/DKIP-MU/2026');
  });
});

describe('the periodic report', () => {
  it('counts what came in and went out and the share of stages within Mutu Baku', () => {
    const releases = [
      release('a', 1, 'completed', {
        publication: { slug: 'a', url: 'https://x/berita/a/', publishedAt: '2026-03-01T05:00:00Z', outletsSent: ['m'], outletsSkipped: [] },
      }),
      release('b', 2, 'rejected'),
      release('c', 3, 'in-progress'),
    ];
    const activities: ReleaseActivity[] = [
      {
        releaseId: 'a',
        outletsByType: { print: 1, online: 2 },
        steps: [{ stageId: 'dispose', durationSeconds: 600, mutuBakuMinutes: 15, withinStandard: true }],
      },
      {
        releaseId: 'b',
        outletsByType: {},
        steps: [{ stageId: 'dispose', durationSeconds: 1800, workingSeconds: 1200, mutuBakuMinutes: 15, withinStandard: false }],
      },
    ];

    const report = buildReport(periodRange('2026-03'), DKIP_MALUT, releases, activities);

    expect(report).toMatchObject({
      received: 3,
      published: 1,
      rejected: 1,
      inProgress: 1,
      byInstitution: { 'Dinas PUPR': 2, Bappeda: 1 },
      outletsByType: { print: 1, online: 2 },
    });
    expect(report.stages).toEqual([
      expect.objectContaining({
        stageId: 'dispose',
        count: 2,
        averageMinutes: 20,
        maxMinutes: 30,
        averageWorkingMinutes: 15,
        maxWorkingMinutes: 20,
        withinStandardShare: 0.5,
      }),
    ]);
    expect(report.publications.map((p) => p.url)).toEqual(['https://x/berita/a/']);
  });
});

describe('a voided number (batal)', () => {
  const voided = {
    by: 'arn:aws:iam::111111111111:user/sekretaris',
    at: '2026-03-03T02:00:00.000Z',
    reason: 'Kiriman ganda dari Dinas PUPR.',
  };

  it('stays in the agenda book in its place, marked BATAL with who, when and why', () => {
    // Prepare
    const rows = agendaBookRows([release('a', 1, 'completed'), release('b', 2, 'rejected', { voided }), release('c', 3, 'in-progress')]);

    // Act
    const csv: string[][] = parse(agendaBookCsv(rows, { generatedAt: 'now', scope: {}, executions: [] }).slice(1), {
      relax_column_count: true,
    });

    // Assert
    expect(rows.map((r) => r.agendaSeq)).toEqual([1, 2, 3]); // the number is kept, not a hole in the book
    const header = csv[0]!;
    const entry = csv.find((line) => line[0] === '002/PUB/DKIP-MU/2026')!;
    expect(entry[header.indexOf('Batal / Voided')]).toBe('BATAL');
    expect(entry[header.indexOf('Alasan batal / Void reason')]).toBe(voided.reason);
    expect(entry[header.indexOf('Dibatalkan oleh / Voided by')]).toBe(voided.by);
    expect(entry[header.indexOf('Tanggal batal / Voided at')]).toBe(voided.at);
    expect(csv.find((line) => line[0] === '001/PUB/DKIP-MU/2026')![header.indexOf('Batal / Voided')]).toBe('');
  });

  it('is counted on its own in the periodic report, and in no other count', () => {
    // Prepare
    const releases = [release('a', 1, 'rejected'), release('b', 2, 'rejected', { voided }), release('c', 3, 'in-progress')];

    // Act
    const report = buildReport(periodRange('2026-03'), DKIP_MALUT, releases, []);

    // Assert
    expect(report).toMatchObject({ received: 3, rejected: 1, inProgress: 1, voided: 1, byNewsType: { kegiatan: 2 } });
    expect(report.voidedNumbers).toEqual([{ agendaNumber: '002/PUB/DKIP-MU/2026', ...voided }]);
    expect(report.published + report.rejected + report.failed + report.inProgress + report.voided).toBe(report.received);
  });
});
