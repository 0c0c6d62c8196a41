/**
 * A release as the office's people read it, on the task page and on the desk's release
 * detail alike: the submission, the lembar disposisi, the officer's draft and the
 * decisions so far, with people named. Attachment links are the caller's (they are signed).
 */
import type { Person, WartaConfig } from './config.js';
import { newsTypesOf } from './config.js';
import type { Release } from './release.js';

export interface PersonBrief {
  id: string;
  name: string;
  title: string | null;
}

export function briefOf(people: Person[], ids: string[]): PersonBrief[] {
  return people.filter((p) => ids.includes(p.id)).map((p) => ({ id: p.id, name: p.name, title: p.title ?? null }));
}

export function releaseSummary(release: Release, cfg: WartaConfig) {
  const s = release.submission;
  return {
    id: release.id,
    agendaNumber: release.agendaNumber,
    status: release.status,
    newsType: { id: release.newsType, label: newsTypesOf(cfg)[release.newsType] ?? null },
    title: s.title,
    body: s.body,
    eventDate: s.eventDate ?? null,
    eventPlace: s.eventPlace ?? null,
    submitter: {
      name: s.submitter.name,
      institution: s.submitter.institution,
      email: s.submitter.email,
      phone: s.submitter.phone ?? null,
    },
    letter: s.letter ?? null,
    receivedAt: release.createdAt,
  };
}

export function dispositionView(release: Release, people: Person[]) {
  const d = release.disposition;
  if (!d) return null;
  return {
    by: briefOf(people, [d.by])[0] ?? { id: d.by, name: d.by, title: null },
    assignees: briefOf(people, d.assignees),
    arahan: d.arahan,
    urgency: d.urgency,
    dueDate: d.dueDate ?? null,
    at: d.at,
  };
}

export function decisionHistory(release: Release) {
  return release.decisions.map((d) => ({
    stageId: d.stageId,
    round: d.round,
    action: d.action,
    actor: { name: d.actor.name, title: d.actor.title ?? null },
    onBehalfOf: d.onBehalfOf ?? null,
    at: d.at,
    note: d.note ?? null,
    paraf: d.paraf ?? null,
    details: d.details ?? null,
  }));
}
