import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, type Person } from '../../functions/domain/config.js';
import { calendarOf } from '../../functions/domain/office-structure.js';
import { escalationTargets, peopleOnDuty, pickAssignees } from '../../functions/domain/people.js';
import { resolveProfile, stageById } from '../../functions/domain/profiles.js';

const office = () => JSON.parse(readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8'));
const problemsOf = (edit: (cfg: any) => void): string[] => {
  const cfg = office();
  edit(cfg);
  try {
    parseConfig(cfg);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message.split('\n').slice(1);
  }
  throw new Error('the configuration was accepted');
};

describe("the office's structure and calendar in the config", () => {
  it('ships WIT office hours and the 2026 holidays and cuti bersama for Maluku Utara', () => {
    // Act
    const cal = calendarOf(parseConfig(office()));
    // Assert
    expect(cal.timeZone).toBe('Asia/Jayapura');
    expect(cal.hours.fri).toEqual({ open: '07:30', close: '16:30' });
    expect(cal.hours.sat).toBeUndefined();
    expect(cal.closedDates.has('2026-06-01')).toBe(true);
    expect(cal.closedDates.has('2026-03-20')).toBe(true);
  });

  it.each([
    [
      'office.timeZone: an IANA time zone such as Asia/Jayapura (WIT), Asia/Makassar (WITA) or Asia/Jakarta (WIB)',
      (c: any) => (c.office.timeZone = 'WIT'),
    ],
    ['office.hours.mon: opening and closing like 07:30-16:00', (c: any) => (c.office.hours.mon = '7.30 - 16')],
    ['office.hours.mon: the office must open before it closes', (c: any) => (c.office.hours.mon = '16:00-07:30')],
    ['office.hours: the office must be open on at least one weekday', (c: any) => (c.office.hours = {})],
    ['holidays.2026.liburNasional.0: not a day of the calendar', (c: any) => (c.holidays['2026'].liburNasional[0] = '2026-02-30')],
    ['holidays.2026.cutiBersama.0: 2027-01-02 is not in 2026', (c: any) => (c.holidays['2026'].cutiBersama[0] = '2027-01-02')],
    ['holidays.2026.cutiBersama.0: 2026-01-01 is listed twice', (c: any) => (c.holidays['2026'].cutiBersama[0] = '2026-01-01')],
    ['organization.roleAbove: the roles form a cycle: kasi → kabid → kasi', (c: any) => (c.organization.roleAbove.kabid = 'kasi')],
    [
      'organization.roleAbove.kasi: "kasi" does not reach the head "kepala": the line stops at "kabid", which names no role above it',
      (c: any) => delete c.organization.roleAbove.kabid,
    ],
    [
      'organization.roleAbove.kepala: "kepala" is the head; nothing is above it',
      (c: any) => (c.organization.roleAbove.kepala = 'sekretaris'),
    ],
    ['people.2.superior: superiors form a cycle: kabid-piks → kasi-piks → kabid-piks', (c: any) => (c.people[2].superior = 'kasi-piks')],
    ['people.0.superior: names "nobody", who is not among the people', (c: any) => (c.people[0].superior = 'nobody')],
    [
      'acting.0.person: "nobody" is not among the people',
      (c: any) => (c.acting = [{ person: 'nobody', role: 'kabid', from: '2026-06-01', to: '2026-06-05' }]),
    ],
    [
      'acting.0.to: ends (2026-06-01) before it starts (2026-06-05)',
      (c: any) => (c.acting = [{ person: 'kasi-piks', role: 'kabid', from: '2026-06-05', to: '2026-06-01' }]),
    ],
    [
      'acting.0.replaces: "sekretaris" does not hold the role "kabid"',
      (c: any) => (c.acting = [{ person: 'kasi-piks', role: 'kabid', from: '2026-06-01', to: '2026-06-05', replaces: 'sekretaris' }]),
    ],
  ])('names what is wrong and where: %s', (line, edit) => {
    expect(problemsOf(edit)).toContain(`  - ${line}`);
  });
});

const person = (id: string, roles: Person['roles'], superior?: string): Person => ({
  id,
  name: id,
  email: `${id}@x.example.go.id`,
  roles,
  locale: 'id',
  superior,
});
const people = [
  person('kepala', ['kepala']),
  person('sek', ['sekretaris']),
  person('kabid', ['kabid'], 'kepala'),
  person('kasi-a', ['kasi'], 'kabid'),
  person('kasi-b', ['kasi']),
  person('jft', ['petugas'], 'kasi-b'),
];
const organization = {
  head: 'kepala' as const,
  roleAbove: { petugas: 'kasi', kasi: 'kabid', kabid: 'sekretaris', sekretaris: 'kepala' } as const,
};
const dkip = resolveProfile('dkip-malut');

describe('escalation along the office structure', () => {
  it("goes to the assignee's named superior before the role above", () => {
    expect(escalationTargets(people, { organization, acting: [] }, 'kabid', ['kabid']).map((p) => p.id)).toEqual(['kepala']);
    expect(escalationTargets(people, { organization, acting: [] }, 'petugas', ['jft']).map((p) => p.id)).toEqual(['kasi-b']);
    // kasi-b names no superior: the role above kasi.
    expect(escalationTargets(people, { organization, acting: [] }, 'kasi', ['kasi-b']).map((p) => p.id)).toEqual(['kabid']);
  });

  it('climbs past a role nobody holds, and stops at the head', () => {
    const noKabid = people.filter((p) => p.id !== 'kabid');
    expect(escalationTargets(noKabid, { organization, acting: [] }, 'kasi', ['kasi-b']).map((p) => p.id)).toEqual(['sek']);
    expect(escalationTargets(people, { organization, acting: [] }, 'kepala', ['kepala'])).toEqual([]);
  });

  it("gives a replaced official's tasks and escalations to the acting official during their dates only", () => {
    // Prepare: kasi-b is Plh Kabid for kabid from 1 to 5 June 2026.
    const acting = [
      { person: 'kasi-b', role: 'kabid' as const, from: '2026-06-01', to: '2026-06-05', replaces: 'kabid', kind: 'plh' as const },
    ];
    const during = peopleOnDuty(people, acting, '2026-06-05');
    const after = peopleOnDuty(people, acting, '2026-06-06');
    // Act, Assert
    expect(pickAssignees(stageById(dkip, 'dispose'), {}, during).map((p) => p.id)).toEqual(['kasi-b']);
    expect(pickAssignees(stageById(dkip, 'dispose'), {}, after).map((p) => p.id)).toEqual(['kabid']);
    expect(escalationTargets(during, { organization, acting }, 'kasi', ['kasi-a'], '2026-06-05').map((p) => p.id)).toEqual(['kasi-b']);
    expect(escalationTargets(after, { organization, acting }, 'kasi', ['kasi-a'], '2026-06-06').map((p) => p.id)).toEqual(['kabid']);
  });
});
