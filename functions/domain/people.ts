/**
 * The office's people: who holds which role, and who a stage's task goes to.
 * The list is the configuration's people merged with the run-time edits (DIRECTORY items).
 */
import type { Person } from './config.js';
import type { HumanStageKind, Role, SopProfile, Stage } from './profiles.js';
import { ESCALATES_TO } from './profiles.js';
import type { Release } from './release.js';

export function peopleWithRole(people: Person[], role: Role): Person[] {
  return people.filter((p) => p.roles.includes(role));
}

export function personById(people: Person[], id: string): Person | undefined {
  return people.find((p) => p.id === id);
}

/** People one role above, for escalation; empty at the top. */
export function escalationTargets(people: Person[], role: Role, exclude: string[] = []): Person[] {
  const above = ESCALATES_TO[role];
  return above ? peopleWithRole(people, above).filter((p) => !exclude.includes(p.id)) : [];
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
