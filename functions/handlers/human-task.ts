/**
 * Human stages `dispose`, `accept`, `edit`, `review` (lambda:invoke.waitForTaskToken).
 * Stores the task (token, stage, round, assignees, due time = Mutu Baku after the stage was
 * entered, on the office's clock unless the disposition said "sangat segera") under an
 * id derived from the delivery, supersedes an older open task of the same stage and
 * round, and mails each assignee a link of their own. A redelivery of the same
 * invocation finds its task and its sent mails: no second task, no second email.
 * The token and the link ids are never logged.
 */
import { profileOf } from '#domain/config.js';
import { EVENT_TYPES } from '#domain/events.js';
import { taskIdOf } from '#domain/links.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { peopleOnDuty, personById, pickAssignees } from '#domain/people.js';
import { afterOnClock, clockFor } from '#domain/sla.js';
import { stageById } from '#domain/profiles.js';
import { MailThrottled } from '#runtime/errors.js';
import type { DecisionRecord } from '#domain/release.js';
import { addMinutes, workflowAction, type ActionName, type TaskItem } from '#domain/tasks.js';
import { parseHumanStagePayload } from '#domain/stage-payloads.js';
import { loadDirectory } from '#adapters/directory-store.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { stageHandler } from '#runtime/stage.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { mailTaskLink } from '#usecases/task-mailer.js';
import { putTask, supersedeTask, tasksOf } from '#adapters/task-store.js';
import { sendDecision, TokenSpent } from '#adapters/workflow-engine.js';

export const handler = stageHandler(async (input: unknown) => {
  const payload = parseHumanStagePayload(input);
  logger.appendKeys({ releaseId: payload.releaseId, stage: payload.stageId, round: payload.round });
  const cfg = config();
  const stage = stageById(profileOf(cfg), payload.stageId);
  let release = await getRelease(payload.releaseId);
  // The standard time runs from when the state machine entered the stage: the Context
  // object's State.EnteredTime, which a Retry of the same state keeps (only RetryCount
  // grows), so a redelivery neither restarts the clock nor finds other people on duty
  // (https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html).
  const enteredAt = payload.enteredAt && !Number.isNaN(Date.parse(payload.enteredAt)) ? new Date(payload.enteredAt) : new Date();
  const calendar = calendarOf(cfg);
  const { people: everyone, acting } = await loadDirectory();
  const people = peopleOnDuty(everyone, acting, localDateOf(calendar, enteredAt));
  const taskId = taskIdOf(payload.executionId, payload.stageId, payload.round, payload.taskToken);

  const earlier = await tasksOf(release.id, stage.id, payload.round);
  // A redelivery (the machine retried this state, e.g. after a throttled mail) may come
  // after the person already acted on the earlier delivery's link: that decision is the
  // answer to this token too. Opening a new task would mail the person again and wait
  // for a second decision that never comes.
  const decided = earlier.find((t) => t.taskId !== taskId && t.state === 'done' && t.decision);
  if (decided?.decision) return forwardDecision(decided.decision, payload.taskToken);
  for (const older of earlier) {
    if (older.taskId !== taskId && older.state === 'open' && (await supersedeTask(older.taskId))) {
      await appendEvent(release.id, {
        type: EVENT_TYPES.taskSuperseded,
        stageId: stage.id,
        data: { round: payload.round },
        key: `superseded#${older.taskId}`,
      });
    }
  }

  const now = new Date();
  const assignees = pickAssignees(stage, release, people);
  const clock = clockFor(release.disposition?.urgency);
  const { created, task } = await putTask({
    taskId,
    releaseId: release.id,
    executionId: payload.executionId,
    stageId: stage.id,
    kind: payload.kind,
    round: payload.round,
    taskToken: payload.taskToken,
    assignees: assignees.map((p) => p.id),
    escalatedTo: [],
    state: 'open',
    createdAt: enteredAt.toISOString(),
    dueAt: afterOnClock(calendar, clock, enteredAt, stage.mutuBakuMinutes).toISOString(),
    clock,
    closesAt: addMinutes(enteredAt, cfg.sla.expireAfterDays * 24 * 60).toISOString(),
  } satisfies TaskItem);
  logger.info(created ? 'task opened' : 'task redelivered', { assignees: task.assignees });

  release = await updateRelease(
    release.id,
    { currentStage: stage.id, status: 'in-progress' },
    { expectStatus: ['received', 'in-progress'] },
  );
  const started = await appendEvent(release.id, {
    type: EVENT_TYPES.stageStarted,
    stageId: stage.id,
    data: { round: payload.round, at: payload.enteredAt },
    key: `started#${stage.id}#${payload.round}`,
  });
  // The event just written is the head: the next append needs no read of the log.
  await appendEvent(
    release.id,
    {
      type: EVENT_TYPES.taskOpened,
      stageId: stage.id,
      data: { round: payload.round, assignees: task.assignees, dueAt: task.dueAt },
      key: `task#${taskId}`,
    },
    { after: started },
  );

  if (task.state !== 'open') return { taskState: task.state };
  if (task.assignees.length === 0) logger.error('nobody can take this task; the SLA sweep will escalate it', { role: stage.role });
  // Everyone is mailed, and a throttled address is tried again here, before a throttle fails
  // the invocation: the machine's redelivery supersedes this task with a new task and link, so
  // the people already mailed would get the task a second time. This is the one retry beyond
  // the SES client's own (which has already backed off for each address), for that reason alone.
  let pending = task.assignees;
  for (let attempt = 1; pending.length > 0; attempt++) {
    const throttled: string[] = [];
    for (const personId of pending) {
      const person = personById(people, personId);
      try {
        const result = person ? await mailTaskLink('task', person, { cfg, release, stage, task }, now) : 'unknown-person';
        if (result === 'suppressed' || result === 'unknown-person')
          logger.warn('an assignee cannot be mailed; the SLA sweep will escalate', { personId, result });
      } catch (e) {
        if (!(e instanceof MailThrottled) || attempt >= MAIL_ROUNDS) throw e;
        throttled.push(personId);
      }
    }
    pending = throttled;
    if (pending.length) await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 250 * 2 ** attempt)));
  }
  return { taskState: task.state };
});

/** Rounds over the still-throttled assignees before the invocation fails (see the loop above). */
const MAIL_ROUNDS = 4;

async function forwardDecision(decision: DecisionRecord, taskToken: string): Promise<{ taskState: 'done' }> {
  const action = workflowAction(decision.action as ActionName);
  try {
    if (action) await sendDecision(taskToken, { action, actorId: decision.actor.id, decidedAt: decision.at });
    logger.info('redelivered stage answered with the decision already made', { action: decision.action, actor: decision.actor.id });
  } catch (e) {
    if (!(e instanceof TokenSpent)) throw e;
  }
  return { taskState: 'done' };
}
