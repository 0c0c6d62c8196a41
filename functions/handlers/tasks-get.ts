/**
 * GET /api/task (the link id in the LINK_HEADER), or GET /api/tasks/{linkId} for pages
 * opened before links carried their secret in the fragment: the task page's data — stage, release, attachments (short-lived
 * download URLs), history and notes, and the actions allowed with the fields each takes.
 * It changes nothing: mail scanners open links, and only a POST from the page acts.
 * Unknown link -> 404; superseded or expired -> 410; done -> shown with state "done", or
 * "delivering" while the decision is stored but has not reached the state machine yet.
 */
import { profileOf } from '#domain/config.js';
import { briefOf, decisionHistory, dispositionView, releaseSummary } from '#domain/release-view.js';
import { previousRoundText, textUnderReview } from '#domain/correction.js';
import { nextHumanStage, peopleWithRole, firstStageOfKind } from '#domain/people.js';
import { ACTION_FIELDS, allowedActions } from '#domain/tasks.js';
import { needsParafCode } from '#domain/paraf-code.js';
import { config } from '#runtime/env.js';
import { attachmentLinks } from '#usecases/attachment-links.js';
import { openTaskLink } from '#usecases/task-access.js';
import { httpHandler } from '#adapters/http/respond.js';
import { linkIdOf } from '#adapters/http/secrets.js';

export const handler = httpHandler(async (event) => {
  const { task, release, stage, person, people, link } = await openTaskLink(linkIdOf(event));
  const cfg = config();
  const profile = profileOf(cfg);
  const brief = (ids: string[]) => briefOf(people, ids);
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
      release: releaseSummary(release, cfg),
      ...(await attachmentLinks(release)),
      disposition: dispositionView(release, people),
      draft: release.draft ?? null,
      // What a reviewer compares: the text to publish against the submission and the previous round.
      review:
        stage.kind === 'review'
          ? { text: underReview, submission: { title: s.title, body: s.body }, previousRound: previousRoundText(release) ?? null }
          : null,
      history: decisionHistory(release),
      actions: task.state === 'done' ? [] : allowedActions(stage).map((action) => ({ action, fields: ACTION_FIELDS[action] })),
      choices,
      /** The decision needs a code mailed to the person first (POST /api/tasks/{linkId}/code). */
      parafCode: needsParafCode(cfg, stage.id),
      decision: task.decision ? { action: task.decision.action, actor: task.decision.actor.name, at: task.decision.at } : null,
    },
  };
});
