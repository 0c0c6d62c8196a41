/**
 * A release's detail on the desk: everything its task page shows, plus the stages against
 * Mutu Baku with who holds the current one, its whole event log, the mails sent about it
 * (to whom, when, and whether they were delivered or bounced), its publication and its
 * archive record.
 */
import { profileOf } from '#domain/config.js';
import { stageMarks } from '#domain/activity.js';
import { NotFound } from '#domain/errors.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { peopleOnDuty } from '#domain/people.js';
import { briefOf, decisionHistory, dispositionView, releaseSummary } from '#domain/release-view.js';
import { stageTimings } from '#domain/sla.js';
import { uploadIdSchema } from '#domain/submission.js';
import { config } from '#runtime/env.js';
import { listPeople } from '#adapters/directory-store.js';
import { mailsOfRelease } from '#adapters/mail-log.js';
import { findRelease, listEvents } from '#adapters/release-store.js';
import { tasksOfRelease } from '#adapters/task-store.js';
import { attachmentLinks } from './attachment-links.js';

export async function releaseDetail(id: string, now: Date = new Date()) {
  if (!uploadIdSchema.safeParse(id).success) throw new NotFound('release.notFound');
  const release = await findRelease(id);
  if (!release) throw new NotFound('release.notFound');
  const cfg = config();
  const profile = profileOf(cfg);
  const cal = calendarOf(cfg);
  const [events, tasks, mails, directory] = await Promise.all([listEvents(id), tasksOfRelease(id), mailsOfRelease(id), listPeople()]);
  const people = peopleOnDuty(directory, cfg.acting, localDateOf(cal, now));
  const open = tasks.filter((t) => t.state === 'open');
  const nameOf = (personId: string | undefined) => (personId ? (briefOf(people, [personId])[0]?.name ?? personId) : null);
  const timeline = stageTimings(profile, stageMarks(release, events, profile), now, cal).map((entry) => {
    const holders = open.filter((t) => t.stageId === entry.stageId).flatMap((t) => [...t.assignees, ...t.escalatedTo]);
    return { ...entry, holders: briefOf(people, [...new Set(holders)]) };
  });
  const stage = profile.stages.find((s) => s.id === release.currentStage);
  return {
    release: releaseSummary(release, cfg),
    currentStage: stage ? { id: stage.id, label: stage.label } : null,
    ...(await attachmentLinks(release, now)),
    disposition: dispositionView(release, people),
    draft: release.draft ?? null,
    history: decisionHistory(release),
    timeline,
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      stageId: e.stageId ?? null,
      actor: nameOf(e.actorId),
      at: e.at,
      hash: e.hash,
    })),
    tasks: tasks.map((t) => ({
      stageId: t.stageId,
      round: t.round,
      state: t.state,
      holders: briefOf(people, [...new Set([...t.assignees, ...t.escalatedTo])]),
      createdAt: t.createdAt,
      dueAt: t.dueAt,
      remindedAt: t.remindedAt ?? null,
      escalatedAt: t.escalatedAt ?? null,
    })),
    mails,
    publication: release.publication ?? null,
    archive: release.archive
      ? {
          classification: release.archive.classification,
          classificationLabel: cfg.classification.labels[release.archive.classification] ?? null,
          archiveNumber: release.archive.archiveNumber,
          archivedAt: release.archive.archivedAt,
          textSha256: release.archive.textSha256 ?? null,
          verifyUrl: release.archive.verifyUrl ?? null,
          pdfKey: release.archive.pdfKey,
          mediaCount: release.archive.mediaKeys.length,
        }
      : null,
    voided: release.voided ?? null,
    failure: release.failure ? { stageId: release.failure.stageId, error: release.failure.error, at: release.failure.at } : null,
  };
}

export type ReleaseDetail = Awaited<ReturnType<typeof releaseDetail>>;
