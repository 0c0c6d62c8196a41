import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig, profileOf, type Person } from '../../functions/domain/config.js';
import { applyChange, directoryProblems, withActingIds, type Directory } from '../../functions/domain/directory.js';
import { calendarOf } from '../../functions/domain/office-structure.js';
import { digestsOf, isDigestMorning } from '../../functions/domain/overdue-digest.js';
import type { TaskItem } from '../../functions/domain/tasks.js';

const cfg = parseConfig(JSON.parse(readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8')));
const seeded = (): Directory => ({ people: cfg.people, acting: withActingIds(cfg.acting), outlets: cfg.media });
const person = (id: string): Person => cfg.people.find((p) => p.id === id)!;
const problems = (dir: Directory) => directoryProblems(cfg, profileOf(cfg), dir).map((p) => `${p.path}: ${p.message}`);

describe('a directory change checked by the synth rules', () => {
  it('accepts the configured directory and names an acting official by person, role and start', () => {
    // Act
    const dir = applyChange(seeded(), {
      kind: 'acting',
      expectedVersion: 0,
      entry: { person: 'kasi-piks', role: 'kabid', from: '2026-12-01', to: '2026-12-31', kind: 'plt' },
    });
    // Assert
    expect(problems(seeded())).toEqual([]);
    expect(dir.acting.map((a) => a.id)).toEqual(['kasi-piks-kabid-2026-12-01']);
  });

  it.each([
    [
      'people.kabid-piks.superior: superiors form a cycle: kabid-piks → kasi-piks → kabid-piks',
      (d: Directory) => applyChange(d, { kind: 'person', expectedVersion: 0, entry: { ...person('kabid-piks'), superior: 'kasi-piks' } }),
    ],
    [
      'people.kasi-piks.superior: names "kabid-piks", who is not among the people',
      (d: Directory) => applyChange(d, { kind: 'person', expectedVersion: 0, remove: 'kabid-piks' }),
    ],
    [
      'people: nobody has the role "kabid" that stage "dispose" needs',
      (d: Directory) => applyChange(d, { kind: 'person', expectedVersion: 0, entry: { ...person('kabid-piks'), roles: ['kasi'] } }),
    ],
    [
      'acting.budi-kabid-2026-12-09.to: ends (2026-12-01) before it starts (2026-12-09)',
      (d: Directory) =>
        applyChange(d, {
          kind: 'acting',
          expectedVersion: 0,
          entry: { id: 'budi-kabid-2026-12-09', person: 'petugas-2', role: 'kabid', from: '2026-12-09', to: '2026-12-01', kind: 'plh' },
        }),
    ],
    [
      'people.petugas-2.email: kasi.piks@kominfo.example.go.id is already the address of "kasi-piks"',
      (d: Directory) =>
        applyChange(d, { kind: 'person', expectedVersion: 0, entry: { ...person('petugas-2'), email: 'kasi.piks@kominfo.example.go.id' } }),
    ],
  ])('names the problem: %s', (expected, change) => {
    // Act
    const found = problems(change(seeded()));
    // Assert
    expect(found).toContain(expected);
  });
});

describe('the overdue digest', () => {
  const cal = calendarOf(cfg);
  const task = (id: string, assignees: string[], dueAt: string): TaskItem => ({
    taskId: id,
    releaseId: `r-${id}`,
    executionId: 'e',
    stageId: 'accept',
    kind: 'accept',
    round: 1,
    taskToken: 't',
    assignees,
    escalatedTo: [],
    state: 'open',
    createdAt: dueAt,
    dueAt,
    closesAt: '2027-01-01T00:00:00Z',
  });

  it('lists each overdue task for its holder and their superior, once per person', () => {
    // Prepare: Nurul and Andi (kasi) both answer to Rahmat (kabid-piks); one task is not yet due.
    const now = new Date('2026-12-08T00:00:00Z');
    const tasks = [
      { task: task('a', ['kasi-piks'], '2026-12-07T03:00:00Z'), role: 'kasi' as const },
      { task: task('b', ['kasi-humas'], '2026-12-07T02:00:00Z'), role: 'kasi' as const },
      { task: task('c', ['kasi-humas'], '2026-12-08T05:00:00Z'), role: 'kasi' as const },
    ];
    // Act
    const digests = digestsOf(tasks, cfg.people, cfg, cal, now);
    // Assert
    const byId = Object.fromEntries(
      digests.map((d) => [d.person.id, { own: d.own.map((o) => o.task.taskId), staff: d.staff.map((o) => o.task.taskId) }]),
    );
    expect(byId).toEqual({
      'kasi-humas': { own: ['b'], staff: [] },
      'kabid-piks': { own: [], staff: ['b', 'a'] },
      'kasi-piks': { own: ['a'], staff: [] },
    });
  });

  it('knows a working morning on the office clock: not a holiday, not a weekend, not the afternoon', () => {
    // Assert: Asia/Jayapura is UTC+9 and the office opens at 07:30.
    expect(isDigestMorning(cal, new Date('2026-12-08T23:00:00Z'))).toBe(true); // Wed 08:00
    expect(isDigestMorning(cal, new Date('2026-12-08T22:00:00Z'))).toBe(false); // Wed 07:00, closed
    expect(isDigestMorning(cal, new Date('2026-12-09T05:00:00Z'))).toBe(false); // Wed 14:00
    expect(isDigestMorning(cal, new Date('2026-12-12T00:00:00Z'))).toBe(false); // Sat
    expect(isDigestMorning(cal, new Date('2026-12-25T00:00:00Z'))).toBe(false); // Christmas, libur nasional
  });
});
