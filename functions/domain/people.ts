/**
 * The office's people: who holds which role, and who a stage's task goes to.
 * The list is the configuration's people merged with the run-time edits (DIRECTORY items).
 */
import type { ActingOfficial, Person, WartaConfig } from './config.js';
import type { HumanStageKind, Role, SopProfile, Stage } from './profiles.js';
import type { Release } from './release.js';

export function peopleWithRole(people: Person[], role: Role): Person[] {
  return people.filter((p) => p.roles.includes(role));
}

export function personById(people: Person[], id: string): Person | undefined {
  return people.find((p) => p.id === id);
}

/** Acting officials (Plt/Plh) whose dates include the office's local date `date` (YYYY-MM-DD). */
export function actingOn(acting: ActingOfficial[], date: string): ActingOfficial[] {
  return acting.filter((a) => a.from <= date && date <= a.to);
}

/**
 * The people as they stand on a local date: an acting official holds the role they act in,
 * and the official they replace does not hold it meanwhile.
 */
export function peopleOnDuty(people: Person[], acting: ActingOfficial[], date: string): Person[] {
  const now = actingOn(acting, date);
  return people.map((person) => {
    const gained = now.filter((a) => a.person === person.id).map((a) => a.role);
    const lost = now.filter((a) => a.replaces === person.id).map((a) => a.role);
    if (gained.length === 0 && lost.length === 0) return person;
    return { ...person, roles: [...new Set([...person.roles.filter((r) => !lost.includes(r)), ...gained])] };
  });
}

/**
 * Whom a late task escalates to: the assignees' named superiors (or whoever acts for a
 * superior who is replaced), else the people of the first role above the stage's role
 * that someone holds, climbing to the head. Never the assignees themselves; empty at the top.
 */
export function escalationTargets(
  people: Person[],
  structure: Pick<WartaConfig, 'organization'> & { acting: ActingOfficial[] },
  role: Role,
  assignees: string[] = [],
  date = '',
): Person[] {
  const onDuty = (id: string) => {
    const standIn = actingOn(structure.acting, date).find((a) => a.replaces === id);
    return personById(people, standIn?.person ?? id);
  };
  const superiors = assignees
    .map((id) => personById(people, id)?.superior)
    .filter((id): id is string => !!id)
    .map(onDuty)
    .filter((p): p is Person => !!p && !assignees.includes(p.id));
  if (superiors.length > 0) return [...new Map(superiors.map((p) => [p.id, p])).values()];
  const { head, roleAbove } = structure.organization;
  // Synth refuses a cycle; `seen` guards the loop all the same.
  const seen = new Set<Role>([role]);
  let above = role === head ? undefined : roleAbove[role];
  while (above && !seen.has(above)) {
    seen.add(above);
    const holders = peopleWithRole(people, above).filter((p) => !assignees.includes(p.id));
    if (holders.length > 0) return holders;
    above = above === head ? undefined : roleAbove[above];
  }
  return [];
}

/** The next human stage after `stageId` in the profile (whose role a disposition names). */
export function nextHumanStage(profile: SopProfile, stageId: string): Stage | undefined {
  const i = profile.stages.findIndex((s) => s.id === stageId);
  return profile.stages.slice(i + 1).find((s) => ['dispose', 'accept', 'edit', 'review'].includes(s.kind));
}

export function firstStageOfKind(profile: SopProfile, kind: HumanStageKind): Stage | undefined {
  return profile.stages.find((s) => s.kind === kind);
}

/**
 * Who gets the task of a human stage:
 * dispose and review -> everyone with the stage's role; accept -> the disposition's
 * assignees; edit -> the officer chosen at accept, else the officer who wrote the draft
 * (a revision goes back to the same person), else everyone with the role.
 * Unknown ids are dropped; when nobody is left, the stage's role gets it.
 */
export function pickAssignees(stage: Stage, release: Pick<Release, 'disposition' | 'officer' | 'draft'>, people: Person[]): Person[] {
  const byIds = (ids: string[]) => ids.map((id) => personById(people, id)).filter((p): p is Person => !!p);
  let chosen: Person[] = [];
  if (stage.kind === 'accept' && release.disposition) chosen = byIds(release.disposition.assignees);
  if (stage.kind === 'edit') {
    if (release.officer) chosen = byIds([release.officer]);
    else if (release.draft?.savedBy) chosen = byIds([release.draft.savedBy]);
  }
  return chosen.length > 0 ? chosen : peopleWithRole(people, stage.role);
}
