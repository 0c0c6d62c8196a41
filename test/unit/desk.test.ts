import { describe, expect, it } from 'vitest';
import { boardRow, dueStanding, matchesFilter, myTasks } from '../../functions/domain/desk.js';
import { OFFICE_ROLES } from '../../functions/domain/roles.js';
import type { OfficeCalendar } from '../../functions/domain/office-clock.js';
import type { SopProfile } from '../../functions/domain/profiles.js';
import type { Release } from '../../functions/domain/release.js';
import type { TaskItem } from '../../functions/domain/tasks.js';

const day = { open: '07:30', close: '16:00' };
/** WIT (UTC+9); 1 June 2026 (Monday) is Hari Lahir Pancasila. */
const wit: OfficeCalendar = {
  timeZone: 'Asia/Jayapura',
  hours: { mon: day, tue: day, wed: day, thu: day, fri: { open: '07:30', close: '16:30' } },
  closedDates: new Set(['2026-06-01']),
};
const local = (isoLocal: string) => new Date(`${isoLocal}+09:00`);

const profile = {
  id: 'test',
  stages: [
    { id: 'dispose', kind: 'dispose', role: 'kabid', mutuBakuMinutes: 15, label: { id: 'Disposisi', en: 'Disposition' } },
    { id: 'publish', kind: 'publish', role: 'operator', mutuBakuMinutes: 60, label: { id: 'Terbit', en: 'Publish' } },
  ],
} as unknown as SopProfile;

function release(id: string, extra: Partial<Release> = {}): Release {
  return {
    id,
    status: 'in-progress',
    newsType: 'kegiatan',
    agendaNumber: `00${id}/PR/2026`,
    currentStage: 'dispose',
    submission: { title: `Rilis ${id}`, body: 'Isi', submitter: { name: 'Budi', institution: 'Dinas Y', email: 'b@y.go.id' } },
    decisions: [],
    attachments: [],
    createdAt: '2026-05-29T00:00:00.000Z',
    ...extra,
  } as unknown as Release;
}

function task(releaseId: string, dueLocal: string, extra: Partial<TaskItem> = {}): TaskItem {
  return {
    taskId: `t-${releaseId}`,
    releaseId,
    executionId: 'e',
    stageId: 'dispose',
    kind: 'dispose',
    round: 1,
    taskToken: 'secret',
    assignees: ['kabid'],
    escalatedTo: [],
    state: 'open',
    createdAt: local('2026-05-29T15:00:00').toISOString(),
    dueAt: local(dueLocal).toISOString(),
    clock: 'working',
    closesAt: '2027-01-01T00:00:00.000Z',
    ...extra,
  };
}

describe("the desk's due times", () => {
  it('counts a task due Friday 15:15 as 90 office minutes late on Tuesday 07:45 after a holiday weekend', () => {
    const standing = dueStanding(wit, 'working', local('2026-05-29T15:15:00').toISOString(), local('2026-06-02T07:45:00'));
    // Friday 15:15-16:30 (75) + Tuesday 07:30-07:45 (15): the weekend and the holiday do not count.
    expect(standing).toEqual({ overdue: true, minutesLeft: 0, minutesOver: 90 });
  });

  it('counts every minute for a "sangat segera" task', () => {
    const standing = dueStanding(wit, 'elapsed', local('2026-05-30T10:00:00').toISOString(), local('2026-05-30T09:00:00'));
    expect(standing).toEqual({ overdue: false, minutesLeft: 60, minutesOver: 0 });
  });

  it("lists a person's open tasks overdue first, and leaves out others' tasks and closed releases", () => {
    // Prepare
    const releases = new Map([
      ['1', release('1')],
      ['2', release('2')],
      ['3', release('3', { status: 'rejected' })],
      ['4', release('4')],
    ]);
    const tasks = [
      task('1', '2026-06-02T09:00:00'),
      task('2', '2026-06-02T07:40:00', { assignees: ['sekretaris'], escalatedTo: ['kabid'] }),
      task('3', '2026-06-02T07:35:00'),
      task('4', '2026-06-02T07:35:00', { assignees: ['kasi'] }),
    ];
    // Act
    const mine = myTasks('kabid', tasks, releases, profile, wit, local('2026-06-02T08:00:00'));
    // Assert
    expect(mine.map((t) => [t.releaseId, t.overdue, t.escalated])).toEqual([
      ['2', true, true],
      ['1', false, false],
    ]);
    expect(mine[1]).toMatchObject({ minutesLeft: 60, stage: { id: 'dispose' }, inOfficeHours: true });
  });

  it('marks a board row overdue from its task, and a system step from its start against Mutu Baku', () => {
    // Prepare
    const now = local('2026-06-02T10:00:00');
    // Act
    const held = boardRow(release('1'), [task('1', '2026-06-02T09:00:00')], undefined, profile, wit, now);
    const publishing = boardRow(
      release('2', { currentStage: 'publish' }),
      [],
      { stageId: 'publish', at: local('2026-06-02T08:30:00').toISOString() },
      profile,
      wit,
      now,
    );
    // Assert
    expect(held).toMatchObject({ overdue: true, minutesOver: 60, holders: ['kabid'], stage: { id: 'dispose', mutuBakuMinutes: 15 } });
    expect(publishing).toMatchObject({ overdue: true, minutesOver: 30, minutesAtStage: 90, holders: [], dueAt: null });
    expect(matchesFilter(held, { overdue: true, stage: 'dispose', institution: 'dinas y' })).toBe(true);
    expect(matchesFilter(held, { newsType: 'pengumuman' })).toBe(false);
    expect(matchesFilter(publishing, { overdue: false })).toBe(false);
  });

  it('opens the board to the SOP roles, not to auditors or a bare admin', () => {
    expect(OFFICE_ROLES).toEqual(expect.arrayContaining(['kepala', 'kabid', 'kasi', 'petugas', 'operator']));
    expect(OFFICE_ROLES).not.toContain('auditor');
    expect(OFFICE_ROLES).not.toContain('admin');
  });
});
