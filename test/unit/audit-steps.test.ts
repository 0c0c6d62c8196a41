import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { BOM, jsonExport, stepRowsCsv, verifyJsonExport } from '../../functions/domain/audit/export.js';
import { verifyCsv } from '../support/csv-footer.js';
import { stepRows, type HistoryEventLike } from '../../functions/domain/audit/steps.js';
import { DKIP_MALUT } from '../../functions/domain/profiles.js';
import type { OfficeCalendar } from '../../functions/domain/office-clock.js';
import type { Release } from '../../functions/domain/release.js';

const EXEC = 'arn:aws:states:ap-southeast-3:111111111111:execution:Warta:rel-1';
const day = { open: '07:30', close: '16:00' };
/** WIT office hours: 01:00Z is 10:00 in the office, 08:00Z is 17:00, after it closes. */
const WIT: OfficeCalendar = {
  timeZone: 'Asia/Jayapura',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: day },
  closedDates: new Set(),
};

function release(decisions: Release['decisions']): Release {
  return {
    id: 'rel-1',
    status: 'completed',
    profile: 'dkip-malut',
    newsType: 'kegiatan',
    submission: {
      newsType: 'kegiatan',
      title: 'T',
      body: 'B',
      submitter: { name: 'S', institution: 'I', email: 's@example.org' },
      attachments: [],
    },
    agendaNumber: '001/PUB/DKIP-MU/2026',
    agendaYear: 2026,
    agendaSeq: 1,
    statusKeyHash: 'x',
    attachments: [],
    decisions,
    createdAt: '2026-03-02T01:00:00.000Z',
    updatedAt: '2026-03-02T01:00:00.000Z',
  };
}

/** A history in AWS's shape: the events a Task state leaves (Entered, Scheduled, Started, Succeeded, Exited). */
function historyOf(steps: { state: string; payload: object; entered: string; exited: string; fail?: string }[]): HistoryEventLike[] {
  const events: HistoryEventLike[] = [{ id: 1, type: 'ExecutionStarted', timestamp: steps[0]!.entered }];
  for (const s of steps) {
    const next = () => events.length + 1;
    events.push({ id: next(), type: 'TaskStateEntered', timestamp: s.entered, stateEnteredEventDetails: { name: s.state } });
    events.push({
      id: next(),
      type: 'TaskScheduled',
      timestamp: s.entered,
      taskScheduledEventDetails: { parameters: JSON.stringify({ FunctionName: 'fn', Payload: s.payload }) },
    });
    if (s.fail) {
      events.push({ id: next(), type: 'TaskFailed', timestamp: s.exited, taskFailedEventDetails: { error: s.fail, cause: 'boom' } });
    } else {
      events.push({ id: next(), type: 'TaskSucceeded', timestamp: s.exited });
      events.push({ id: next(), type: 'TaskStateExited', timestamp: s.exited, stateExitedEventDetails: { name: s.state } });
    }
  }
  return events;
}

describe('step rows from an execution history', () => {
  it('gives one row per stage with the actor of each decision and the time against Mutu Baku', () => {
    // Prepare: register (automated, 2 min), dispose by the Kabid in 20 min (standard 15).
    const rel = release([
      {
        stageId: 'dispose',
        round: 1,
        action: 'dispose',
        actor: { id: 'kabid-piks', name: 'Rahmat', role: 'kabid', email: 'kabid@example.go.id' },
        at: '2026-03-02T01:22:00.000Z',
        note: 'Segera =SUM(A1)',
      },
    ]);
    const history = historyOf([
      {
        state: 'Register',
        payload: { releaseId: 'rel-1', stageId: 'register', kind: 'register' },
        entered: '2026-03-02T01:00:00.000Z',
        exited: '2026-03-02T01:02:00.000Z',
      },
      {
        state: 'Dispose',
        payload: { releaseId: 'rel-1', stageId: 'dispose', kind: 'dispose', round: 1 },
        entered: '2026-03-02T01:02:00.000Z',
        exited: '2026-03-02T01:22:00.000Z',
      },
    ]);

    // Act
    const rows = stepRows(DKIP_MALUT, rel, EXEC, history, WIT);

    // Assert
    expect(rows.map((r) => [r.stageId, r.action, r.actor.name, r.durationSeconds, r.withinStandard])).toEqual([
      ['register', 'register', 'Warta (otomatis)', 120, true],
      ['dispose', 'dispose', 'Rahmat', 1200, false],
    ]);
    expect(rows[1]!.mutuBakuMinutes).toBe(15);
    expect(rows[1]!.workingSeconds).toBe(1200);
  });

  it('counts Mutu Baku in office hours and gives the elapsed time beside it', () => {
    // Prepare: dispose entered Monday 15:55 WIT, decided Tuesday 07:35 WIT: 10 office minutes.
    const rel = release([
      {
        stageId: 'dispose',
        round: 1,
        action: 'dispose',
        actor: { id: 'k', name: 'Rahmat', role: 'kabid', email: 'k@example.go.id' },
        at: '2026-03-02T22:35:00.000Z',
      },
    ]);
    const history = historyOf([
      {
        state: 'Dispose',
        payload: { releaseId: 'rel-1', stageId: 'dispose', kind: 'dispose', round: 1 },
        entered: '2026-03-02T06:55:00.000Z',
        exited: '2026-03-02T22:35:00.000Z',
      },
    ]);
    // Act
    const [row] = stepRows(DKIP_MALUT, rel, EXEC, history, WIT);
    // Assert
    expect(row).toMatchObject({ durationSeconds: 940 * 60, workingSeconds: 600, withinStandard: true });
  });

  it('records a failed stage that a Catch took to the failure path', () => {
    const history = historyOf([
      {
        state: 'Publish',
        payload: { releaseId: 'rel-1', stageId: 'publish', kind: 'publish' },
        entered: '2026-03-02T02:00:00.000Z',
        exited: '2026-03-02T02:00:05.000Z',
        fail: 'Error',
      },
      {
        state: 'RecordFailure',
        payload: { releaseId: 'rel-1', stageId: 'publish', error: { Error: 'Error' } },
        entered: '2026-03-02T02:00:05.000Z',
        exited: '2026-03-02T02:00:06.000Z',
      },
    ]);

    const rows = stepRows(DKIP_MALUT, release([]), EXEC, history, WIT);

    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ stageId: 'publish', action: 'failed', withinStandard: false, note: 'Error: boom' });
  });
});

const TEXT_SHA256 = 'c0ffee'.padEnd(64, '0');

describe('export formats', () => {
  const rows = stepRows(
    DKIP_MALUT,
    release([
      {
        stageId: 'review',
        round: 1,
        action: 'approve',
        actor: { id: 'k', name: 'Nurul "Kasi" Fitriani', role: 'kasi', email: 'k@example.go.id' },
        at: '2026-03-02T03:10:00.000Z',
        paraf: {
          personId: 'k',
          name: 'Nurul "Kasi" Fitriani',
          role: 'kasi',
          at: '2026-03-02T03:10:00.000Z',
          round: 1,
          textSha256: TEXT_SHA256,
        },
        note: 'Baik, lanjutkan.\nTerima kasih',
      },
    ]),
    EXEC,
    historyOf([
      {
        state: 'Review',
        payload: { stageId: 'review', kind: 'review', round: 1 },
        entered: '2026-03-02T03:00:00.000Z',
        exited: '2026-03-02T03:10:00.000Z',
      },
    ]),
    WIT,
  );
  const meta = { generatedAt: '2026-03-31T00:00:00.000Z', scope: { from: '2026-03-01', to: '2026-03-31' }, executions: [EXEC] };

  it('writes CSV a spreadsheet reads back: BOM, quoting, newlines in notes, defused formulas, checksum footer', () => {
    const csv = stepRowsCsv(rows, meta);

    expect(csv.startsWith(BOM)).toBe(true);
    const records = parse(csv.slice(1), { relax_column_count: true });
    expect(records[1]![5]).toBe('Nurul "Kasi" Fitriani');
    expect(records[1]![9]).toBe('Baik, lanjutkan.\nTerima kasih');
    expect(records[0]!.slice(15, 17)).toEqual(['Durasi (detik) / Duration (s)', 'Durasi jam kerja (detik) / Working-time duration (s)']);
    expect(records[1]!.slice(15, 17)).toEqual(['600', '600']);
    expect(records.at(-3)![1]).toBe(EXEC);
    expect(verifyCsv(csv)).toBe(true);
    expect(records[1]![10]).toContain(`round 1, SHA-256 ${TEXT_SHA256}`);
    expect(records[1]![11]).toBe(TEXT_SHA256);
    expect(verifyCsv(csv.replace(TEXT_SHA256, 'f'.repeat(64)))).toBe(false);
  });

  it('defuses a note that a spreadsheet would run as a formula', () => {
    const hostile = [{ ...rows[0]!, note: '=HYPERLINK("http://evil")' }];

    const records = parse(stepRowsCsv(hostile, meta).slice(1), { relax_column_count: true });

    expect(records[1]![9]).toBe(`'=HYPERLINK("http://evil")`);
  });

  it('carries a JSON checksum that shows a changed row', () => {
    const doc = jsonExport(rows, meta);
    expect(verifyJsonExport(doc)).toBe(true);

    const tampered = { ...doc, rows: [{ ...rows[0]!, actor: { ...rows[0]!.actor, name: 'Someone else' } }] };

    expect(verifyJsonExport(tampered)).toBe(false);
  });
});
