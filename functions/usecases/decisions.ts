/**
 * Delivering a decision once its task is done: onto the release record (with what the
 * decision carries — disposition, officer, draft), into the event log, and to the state
 * machine (SendTaskSuccess). Each step checks what is already there, so a request that
 * died half-way is finished by the next one that finds the task done, or by the sweep
 * (decision-redelivery.ts), which sends every decision left undelivered again.
 */
import { correctedDraft } from '#domain/correction.js';
import { Conflict } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import type { DecisionRecord, Disposition, Draft, Release } from '#domain/release.js';
import type { Decision } from '#domain/workflow.js';
import { workflowAction, type ActionName, type TaskItem } from '#domain/tasks.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { markDelivered } from '#adapters/task-store.js';
import { sendDecision, TokenSpent } from '#adapters/workflow-engine.js';

const same = (a: DecisionRecord, b: DecisionRecord) =>
  a.stageId === b.stageId && a.round === b.round && a.action === b.action && a.at === b.at;

/** What the decision changes on the release besides the decision list. */
export function releasePatch(d: DecisionRecord, release: Release): Partial<Release> {
  const x = d.details ?? {};
  switch (d.action) {
    case 'dispose':
      return {
        disposition: {
          by: d.actor.id,
          assignees: x.assignees as string[],
          arahan: String(x.arahan),
          urgency: x.urgency as Disposition['urgency'],
          dueDate: x.dueDate as string | undefined,
          at: d.at,
        },
      };
    case 'accept':
      return x.officer ? { officer: String(x.officer) } : {};
    case 'submit':
      return {
        draft: { ...(x.draft as Omit<Draft, 'savedAt' | 'savedBy' | 'submitted'>), savedAt: d.at, savedBy: d.actor.id, submitted: true },
      };
    case 'approve': {
      // A corrected approval publishes the corrected text (correction.ts approvedText).
      const draft = correctedDraft(release, d);
      return draft ? { draft } : {};
    }
    case 'reject':
      // The machine goes on to tell the sender; no further task may act on the release.
      return { status: 'rejected' };
    default:
      return {};
  }
}

/**
 * Appends the decision to the release with an optimistic lock on `updatedAt` (a draft
 * saved at the same moment must not be lost, nor the decision), once.
 */
async function recordOnRelease(releaseId: string, decision: DecisionRecord): Promise<Release> {
  for (let attempt = 0; ; attempt++) {
    const release = await getRelease(releaseId);
    if (release.decisions.some((d) => same(d, decision))) return release;
    try {
      return await updateRelease(
        release.id,
        { ...releasePatch(decision, release), decisions: [...release.decisions, decision] },
        { condition: { expression: '#lockU = :lockU', names: { '#lockU': 'updatedAt' }, values: { ':lockU': release.updatedAt } } },
      );
    } catch (e) {
      if (!(e instanceof Conflict) || attempt >= 10) throw e;
    }
  }
}

/** Returns false when the state machine no longer takes the token (the execution moved on). */
export async function deliverDecision(task: TaskItem, decision: DecisionRecord): Promise<boolean> {
  const release = await recordOnRelease(task.releaseId, decision);
  const decided = await appendEvent(release.id, {
    type: EVENT_TYPES.decision,
    stageId: task.stageId,
    actorId: decision.actor.id,
    data: {
      round: task.round,
      action: decision.action,
      onBehalfOf: decision.onBehalfOf,
      note: decision.note,
      paraf: decision.paraf,
      clientIp: decision.clientIp,
      correction: decision.details?.correction,
    },
    key: `decision#${task.taskId}`,
  });
  await appendEvent(
    release.id,
    { type: EVENT_TYPES.stageFinished, stageId: task.stageId, data: { round: task.round }, key: `finished#${task.stageId}#${task.round}` },
    { after: decided },
  );
  let accepted = true;
  if (!task.deliveredAt) {
    const output = task.output ?? decisionOutput(decision);
    try {
      if (output) await sendDecision(task.taskToken, output);
    } catch (e) {
      if (!(e instanceof TokenSpent)) throw e;
      accepted = false;
    }
    await markDelivered(task.taskId, new Date().toISOString(), accepted);
  }
  return accepted;
}

/** What SendTaskSuccess carries for a decision; none for one the machine does not wait on. */
export function decisionOutput(decision: DecisionRecord): Decision | undefined {
  const action = workflowAction(decision.action as ActionName);
  return action && { action, actorId: decision.actor.id, decidedAt: decision.at };
}
