/**
 * POST /api/task {action, ...} (the link id in the LINK_HEADER; POST /api/tasks/{linkId}
 * for pages opened before links carried their secret in the fragment): acts once. The task item moves open -> done by
 * one conditional update; the loser of a double click gets 409 saying who acted when.
 * The decision records who (the link's person), when, the client address, user agent,
 * note and, on approval, the paraf record with the hash of the text approved; then it
 * reaches the release, the event log and the state machine.
 * The decision is stored first, undelivered, with the output SendTaskSuccess carries: when
 * the send still fails after the SDK's own retries, the person gets 202 "delivering" (their
 * decision holds) and the SLA sweep sends it again.
 * `save-draft` on an edit task saves the draft and leaves the task open.
 * From a signed-in desk the page posts to POST /api/desk/task, behind the session
 * authorizer: the same decision, which then also records the session it was made in.
 */
import { profileOf } from '#domain/config.js';
import { correctionOf, keepsMaterial, textUnderReview } from '#domain/correction.js';
import { Conflict, Gone, Invalid } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { formatDateTime } from '#domain/format.js';
import { firstStageOfKind, nextHumanStage, peopleWithRole, personById } from '#domain/people.js';
import { parafOf, textOf } from '#domain/paraf.js';
import type { DecisionRecord, Draft } from '#domain/release.js';
import { taskActionSchema, type TaskAction } from '#domain/submission.js';
import { allowedActions, type TaskItem } from '#domain/tasks.js';
import { decisionOutput, deliverDecision } from '#usecases/decisions.js';
import { requireParafCode } from '#usecases/paraf-code.js';
import { needsParafCode } from '#domain/paraf-code.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { stageDecided } from '#runtime/metrics.js';
import { appendEvent, updateRelease } from '#adapters/release-store.js';
import { openTaskLink, type OpenedTask } from '#usecases/task-access.js';
import { completeTask, getTask } from '#adapters/task-store.js';
import { header, httpHandler, parseBody, type HttpEvent } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';
import { linkIdOf } from '#adapters/http/secrets.js';
import { requireDeskRole, type DeskCaller } from '#adapters/http/desk-caller.js';
import { DESK_ROUTE_PREFIX } from '#contract/handlers.js';

/** The signed-in caller when the request came by the desk's route (which the authorizer guards); none by the link's own routes. */
function deskCallerOf(event: HttpEvent): DeskCaller | undefined {
  const path = (event.routeKey ?? '').split(' ')[1] ?? '';
  return path.startsWith(DESK_ROUTE_PREFIX) ? requireDeskRole(event, 'tasks-act') : undefined;
}

function draftOf(a: Extract<TaskAction, { action: 'save-draft' | 'submit' }>) {
  return { title: a.title, lead: a.lead, body: a.body, quotes: a.quotes, photos: a.photos };
}

/** Checks the action's choices against the office's people and the release's files. */
function check(action: TaskAction, o: OpenedTask): Record<string, unknown> {
  const profile = profileOf(config());
  switch (action.action) {
    case 'dispose': {
      const role = nextHumanStage(profile, o.stage.id)?.role ?? o.stage.role;
      for (const id of action.assignees) {
        const p = personById(o.people, id);
        if (!p || !p.roles.includes(role)) throw new Invalid('task.unknownPerson', { person: id });
      }
      return { assignees: action.assignees, arahan: action.arahan, urgency: action.urgency, dueDate: action.dueDate };
    }
    case 'accept': {
      const role = firstStageOfKind(profile, 'edit')?.role;
      if (action.officer && (!role || !peopleWithRole(o.people, role).some((p) => p.id === action.officer)))
        throw new Invalid('task.unknownPerson', { person: action.officer });
      return action.officer ? { officer: action.officer } : {};
    }
    case 'save-draft':
    case 'submit': {
      const own = new Set(o.release.attachments.map((a) => a.uploadId));
      for (const photo of action.photos) if (!own.has(photo.uploadId)) throw new Invalid('upload.notFound', { uploadId: photo.uploadId });
      return { draft: draftOf(action) };
    }
    case 'revise':
      return {};
    case 'reject':
      return { reason: action.reason };
    case 'approve': {
      if (!action.correction) return {};
      const underReview = textUnderReview(o.release);
      if (!keepsMaterial(underReview, action.correction)) throw new Invalid('task.correctionMaterial');
      const correction = correctionOf(underReview, action.correction);
      return correction ? { correction } : {};
    }
  }
}

function decisionRecord(
  action: TaskAction,
  o: OpenedTask,
  event: HttpEvent,
  details: Record<string, unknown>,
  caller: DeskCaller | undefined,
): DecisionRecord {
  const p = o.person;
  const role = p.roles.includes(o.stage.role) ? o.stage.role : p.roles[0]!;
  const at = new Date().toISOString();
  return {
    stageId: o.stage.id,
    round: o.task.round,
    action: action.action,
    actor: { id: p.id, name: p.name, role, email: p.email, title: p.title },
    onBehalfOf: o.link.onBehalfOf,
    at,
    clientIp: event.requestContext?.http?.sourceIp,
    userAgent: header(event, 'user-agent')?.slice(0, 300),
    ...(caller ? { session: { sessionId: caller.sessionId, personId: caller.personId, name: caller.name } } : {}),
    note: 'note' in action ? action.note : 'reason' in action ? action.reason : undefined,
    // The text the reviewer was shown is the release's text when the link opened it.
    ...(action.action === 'approve' ? { paraf: parafOf(p, role, o.task.round, at, textOf(o.release)) } : {}),
    details,
  };
}

export const handler = httpHandler(async (event, { locale }) => {
  const caller = deskCallerOf(event);
  requireJsonFromOurSite(event);
  const linkId = linkIdOf(event);
  const opened = await openTaskLink(linkId);
  const action = parseBody(event, taskActionSchema);
  const alreadyDone = async () => {
    const task = (await getTask(opened.task.taskId)) ?? opened.task;
    if (task.state === 'done' && task.decision) {
      if (!task.deliveredAt) await tryDelivering(task, task.decision);
      throw new Conflict('task.done', {
        actor: task.decision.actor.name,
        at: formatDateTime(task.decision.at, locale, config().office.timeZone),
      });
    }
    throw new Gone(task.state === 'superseded' ? 'task.superseded' : task.state === 'expired' ? 'task.expired' : 'task.closed');
  };
  if (opened.view !== 'open') return alreadyDone();
  if (!(allowedActions(opened.stage) as string[]).includes(action.action))
    throw new Invalid('task.actionNotAllowed', { action: action.action });
  const details = check(action, opened);
  // A stage with parafCode acts only with the code mailed to the link's owner, so a forwarded link alone cannot.
  if (needsParafCode(config(), opened.stage.id)) await requireParafCode(linkId!, 'parafCode' in action ? action.parafCode : undefined);
  logger.appendKeys({ releaseId: opened.release.id, stage: opened.stage.id, agendaNumber: opened.release.agendaNumber });

  if (action.action === 'save-draft') {
    const at = new Date().toISOString();
    const draft: Draft = { ...draftOf(action), savedAt: at, savedBy: opened.person.id, submitted: false };
    await updateRelease(opened.release.id, { draft });
    await appendEvent(opened.release.id, {
      type: EVENT_TYPES.draftSaved,
      stageId: opened.stage.id,
      actorId: opened.person.id,
      data: { round: opened.task.round },
    });
    return { status: 200, body: { state: 'open', draftSavedAt: at } };
  }

  const decision = decisionRecord(action, opened, event, details, caller);
  const output = decisionOutput(decision);
  if (!(await completeTask(opened.task.taskId, decision, output))) return alreadyDone();
  stageDecided(opened.stage.id, opened.task.createdAt, decision.at, opened.stage.mutuBakuMinutes);
  const accepted = await tryDelivering({ ...opened.task, state: 'done', decision, output }, decision);
  logger.info('decision', { action: decision.action, actor: decision.actor.id, accepted });
  if (accepted === false) throw new Gone('task.closed');
  if (accepted === 'later') return { status: 202, body: { state: 'delivering', action: decision.action, at: decision.at } };
  return { status: 200, body: { state: 'done', action: decision.action, at: decision.at } };
});

/**
 * Delivers a stored decision; 'later' when it failed and stays for the sweep to send. The
 * SDK has already made its three attempts on a retryable error by then (standard retry mode:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 */
async function tryDelivering(task: TaskItem, decision: DecisionRecord): Promise<boolean | 'later'> {
  try {
    return await deliverDecision(task, decision);
  } catch (e) {
    logger.warn('a decision is stored but did not reach the workflow; the sweep sends it again', {
      stage: task.stageId,
      round: task.round,
      error: (e as Error).name,
    });
    return 'later';
  }
}
