/**
 * GET /api/task (the link id in the LINK_HEADER), or GET /api/tasks/{linkId} for pages
 * opened before links carried their secret in the fragment: the task page's data — stage, release, attachments (short-lived
 * download URLs), history and notes, and the actions allowed with the fields each takes.
 * It changes nothing: mail scanners open links, and only a POST from the page acts.
 * Unknown link -> 404; superseded or expired -> 410; done -> shown with state "done", or
 * "delivering" while the decision is stored but has not reached the state machine yet.
 */
import { newsTypesOf, profileOf } from '#domain/config.js';
import { previousRoundText, textUnderReview } from '#domain/correction.js';
import { nextHumanStage, peopleWithRole, firstStageOfKind } from '#domain/people.js';
import { ACTION_FIELDS, allowedActions } from '#domain/tasks.js';
import { ENV } from '#contract/handlers.js';
import { needsParafCode } from '#domain/paraf-code.js';
import { config, env } from '#runtime/env.js';
import { presignGet, presignView } from '#adapters/object-store.js';
import { openTaskLink } from '#usecases/task-access.js';
import { httpHandler } from '#adapters/http/respond.js';
import { linkIdOf } from '#adapters/http/secrets.js';

// The page asks again for the view (fresh links) before these run out, so a page left
// open keeps working links for as long as it is open.
const DOWNLOAD_URL_SECONDS = 15 * 60;

export const handler = httpHandler(async (event) => {
  const { task, release, stage, person, people, link } = await openTaskLink(linkIdOf(event));
  const cfg = config();
  const profile = profileOf(cfg);
  const bucket = env(ENV.uploadsBucket);
  const brief = (ids: string[]) => people.filter((p) => ids.includes(p.id)).map((p) => ({ id: p.id, name: p.name, title: p.title }));
  const choices: Record<string, unknown> = {};
  if (stage.kind === 'dispose') {
    const next = nextHumanStage(profile, stage.id);
    if (next) choices.assignees = brief(peopleWithRole(people, next.role).map((p) => p.id));
  }
  if (stage.kind === 'accept') {
    const edit = firstStageOfKind(profile, 'edit');
    if (edit) choices.officers = brief(peopleWithRole(people, edit.role).map((p) => p.id));
  }
  const s = release.submission;
  const disposition = release.disposition;
  const underReview = textUnderReview(release);
  return {
    status: 200,
    body: {
      state: task.state !== 'done' ? 'open' : task.deliveredAt ? 'done' : 'delivering',
      stage: { id: stage.id, kind: stage.kind, label: stage.label, mutuBakuMinutes: stage.mutuBakuMinutes, round: task.round },
      person: { id: person.id, name: person.name },
      onBehalfOf: link.onBehalfOf ? (brief([link.onBehalfOf])[0] ?? null) : null,
      dueAt: task.dueAt,
      // Shown in the office's zone, and marked when it counts office hours only (jam kerja).
      dueTimeZone: cfg.office.timeZone,
      dueInOfficeHours: task.clock === 'working',
      release: {
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
      },
      attachments: await Promise.all(
        release.attachments.map(async (a) => ({
          uploadId: a.uploadId,
          name: a.name,
          contentType: a.contentType,
          size: a.size,
          sha256: a.sha256,
          url: await presignGet(bucket, a.key, DOWNLOAD_URL_SECONDS, a.name),
          viewUrl: await presignView(bucket, a.key, DOWNLOAD_URL_SECONDS, a.contentType),
        })),
      ),
      linksExpireAt: new Date(Date.now() + DOWNLOAD_URL_SECONDS * 1000).toISOString(),
      disposition: disposition
        ? {
            by: brief([disposition.by])[0] ?? { id: disposition.by, name: disposition.by, title: null },
            assignees: brief(disposition.assignees),
            arahan: disposition.arahan,
            urgency: disposition.urgency,
            dueDate: disposition.dueDate ?? null,
            at: disposition.at,
          }
        : null,
      draft: release.draft ?? null,
      // What a reviewer compares: the text to publish against the submission and the previous round.
      review:
        stage.kind === 'review'
          ? { text: underReview, submission: { title: s.title, body: s.body }, previousRound: previousRoundText(release) ?? null }
          : null,
      history: release.decisions.map((d) => ({
        stageId: d.stageId,
        round: d.round,
        action: d.action,
        actor: { name: d.actor.name, title: d.actor.title ?? null },
        onBehalfOf: d.onBehalfOf ?? null,
        at: d.at,
        note: d.note ?? null,
        paraf: d.paraf ?? null,
        details: d.details ?? null,
      })),
      actions: task.state === 'done' ? [] : allowedActions(stage).map((action) => ({ action, fields: ACTION_FIELDS[action] })),
      choices,
      /** The decision needs a code mailed to the person first (POST /api/tasks/{linkId}/code). */
      parafCode: needsParafCode(cfg, stage.id),
      decision: task.decision ? { action: task.decision.action, actor: task.decision.actor.name, at: task.decision.at } : null,
    },
  };
});
