/**
 * The office's structure and calendar as the config states them: who is above whom (a
 * person's superior, a role's role above, up to the head) and when the office works.
 * Checked at synth, so a cycle or a role cut off from the head fails `cdk synth` by name.
 */
import type { WartaConfig } from './config.js';
import type { OfficeCalendar, OfficeDay, Weekday } from './office-clock.js';
import { isHumanStage, type Role, type SopProfile } from './profiles.js';

/**
 * Five working days (Senin to Jumat) for an office that states no hours of its own; a
 * real office writes its own, as the samples do.
 */
export const DEFAULT_OFFICE_HOURS: Partial<Record<Weekday, string>> = {
  mon: '08:00-16:00',
  tue: '08:00-16:00',
  wed: '08:00-16:00',
  thu: '08:00-16:00',
  fri: '08:00-16:30',
};

/** The usual line of a Dinas when the config names none: staff, section, division, secretary, head. */
export const DEFAULT_ROLE_ABOVE: Partial<Record<Role, Role>> = {
  petugas: 'kasi',
  operator: 'koordinator',
  kasi: 'kabid',
  koordinator: 'sekretaris',
  kabid: 'sekretaris',
  sekretaris: 'kepala',
};

export interface ConfigProblem {
  path: (string | number)[];
  message: string;
}

type Structured = Pick<WartaConfig, 'office' | 'people' | 'holidays' | 'organization' | 'acting'>;

/** The office's calendar: its zone, hours and every closed date of every configured year. */
export function calendarOf(cfg: Pick<WartaConfig, 'office' | 'holidays'>): OfficeCalendar {
  const closed = new Set(Object.values(cfg.holidays).flatMap((year) => [...year.liburNasional, ...year.cutiBersama]));
  const hours: Partial<Record<Weekday, OfficeDay>> = {};
  for (const [day, span] of Object.entries(cfg.office.hours) as [Weekday, string | undefined][]) {
    if (span) hours[day] = { open: span.slice(0, 5), close: span.slice(6) };
  }
  return { timeZone: cfg.office.timeZone, hours, closedDates: closed };
}

/** Follows `next` from `start`; returns the cycle it runs into, or undefined when it ends. */
function cycleFrom<T>(start: T, next: (t: T) => T | undefined): T[] | undefined {
  const seen: T[] = [];
  for (let at: T | undefined = start; at !== undefined; at = next(at)) {
    const i = seen.indexOf(at);
    if (i >= 0) return [...seen.slice(i), at];
    seen.push(at);
  }
  return undefined;
}

function roleProblems(cfg: Structured, profile: SopProfile): ConfigProblem[] {
  const { head, roleAbove } = cfg.organization;
  const problems: ConfigProblem[] = [];
  if (roleAbove[head]) problems.push({ path: ['organization', 'roleAbove', head], message: `"${head}" is the head; nothing is above it` });
  const roles = new Set<Role>([
    ...(Object.keys(roleAbove) as Role[]),
    ...profile.stages.filter((s) => isHumanStage(s.kind)).map((s) => s.role),
  ]);
  const cycles = new Set<string>();
  for (const role of roles) {
    if (role === head) continue;
    const cycle = cycleFrom<Role>(role, (r) => (r === head ? undefined : roleAbove[r]));
    if (cycle) {
      const named = cycle.join(' → ');
      // Each role on a cycle finds it; one message per cycle, whichever role it starts at.
      const key = [...new Set(cycle)].sort().join(',');
      if (!cycles.has(key)) problems.push({ path: ['organization', 'roleAbove'], message: `the roles form a cycle: ${named}` });
      cycles.add(key);
      continue;
    }
    let top: Role = role;
    while (roleAbove[top] && top !== head) top = roleAbove[top]!;
    if (top !== head) {
      problems.push({
        path: ['organization', 'roleAbove', role],
        message: `"${role}" does not reach the head "${head}": the line stops at "${top}", which names no role above it`,
      });
    }
  }
  return problems;
}

function peopleProblems(cfg: Structured): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map(cfg.people.map((p) => [p.id, p]));
  const cycles = new Set<string>();
  cfg.people.forEach((person, i) => {
    if (!person.superior) return;
    if (!byId.has(person.superior)) {
      problems.push({ path: ['people', i, 'superior'], message: `names "${person.superior}", who is not among the people` });
      return;
    }
    const cycle = cycleFrom(person.id, (id) => byId.get(id)?.superior);
    if (cycle) {
      const key = [...new Set(cycle)].sort().join(',');
      if (!cycles.has(key)) problems.push({ path: ['people', i, 'superior'], message: `superiors form a cycle: ${cycle.join(' → ')}` });
      cycles.add(key);
    }
  });
  return problems;
}

function calendarProblems(cfg: Structured): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (Object.keys(cfg.office.hours).length === 0)
    problems.push({ path: ['office', 'hours'], message: 'the office must be open on at least one weekday' });
  for (const [year, lists] of Object.entries(cfg.holidays)) {
    const seen = new Set<string>();
    for (const list of ['liburNasional', 'cutiBersama'] as const) {
      lists[list].forEach((date, i) => {
        if (!date.startsWith(`${year}-`)) problems.push({ path: ['holidays', year, list, i], message: `${date} is not in ${year}` });
        if (seen.has(date)) problems.push({ path: ['holidays', year, list, i], message: `${date} is listed twice` });
        seen.add(date);
      });
    }
  }
  return problems;
}

function actingProblems(cfg: Structured): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map(cfg.people.map((p) => [p.id, p]));
  cfg.acting.forEach((a, i) => {
    if (!byId.has(a.person)) problems.push({ path: ['acting', i, 'person'], message: `"${a.person}" is not among the people` });
    if (a.from > a.to) problems.push({ path: ['acting', i, 'to'], message: `ends (${a.to}) before it starts (${a.from})` });
    if (a.replaces) {
      const replaced = byId.get(a.replaces);
      if (!replaced) problems.push({ path: ['acting', i, 'replaces'], message: `"${a.replaces}" is not among the people` });
      else if (!replaced.roles.includes(a.role))
        problems.push({ path: ['acting', i, 'replaces'], message: `"${a.replaces}" does not hold the role "${a.role}"` });
    }
  });
  return problems;
}

/** Every human stage needs someone who holds its role. */
export function roleHolderProblems(cfg: Pick<WartaConfig, 'people'>, profile: SopProfile): ConfigProblem[] {
  return profile.stages
    .filter((stage) => isHumanStage(stage.kind) && !cfg.people.some((p) => p.roles.includes(stage.role)))
    .map((stage) => ({ path: ['people'], message: `nobody has the role "${stage.role}" that stage "${stage.id}" needs` }));
}

/** Everything wrong with the structure and calendar, each with the path of the field to fix. */
export function structureProblems(cfg: Structured, profile: SopProfile): ConfigProblem[] {
  return [...roleProblems(cfg, profile), ...peopleProblems(cfg), ...calendarProblems(cfg), ...actingProblems(cfg)];
}
