/**
 * Scheduled: reminders and escalations past Mutu Baku (gsi2, open tasks by due time).
 * - after remindAfter x the standard time: one reminder to each assignee;
 * - after escalateAfter x: the assignees' configured superiors, else the people of the role
 *   above (config `organization`, acting officials included), become assignees and get a
 *   link of their own; they act on behalf of the original assignee, whose link keeps working;
 * - both on the office's clock: outside office hours nothing is sent, except for a release
 *   disposed "sangat segera" (domain/sla.ts);
 * - past the task's closing time: the task expires and the execution is told
 *   (SendTaskFailure `TaskExpired`, which its Catch records as a failure).
 * It deletes submissions whose sender never confirmed, past their time, with their uploads.
 * It also starts the workflow of any release stored but never started: the API stores the
 * release (with its agenda number) before StartExecution, and a submitter who gives up
 * after that call failed would otherwise leave it `received` for good.
 * Idempotent: each step is mailed once per person (mail marks) and marked once on the task;
 * a workflow is started by its release id, so a second start finds the first.
 */
import { profileOf } from '#domain/config.js';
import { MailThrottled } from '#runtime/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { escalationTargets, peopleOnDuty, personById } from '#domain/people.js';
import { stageById } from '#domain/profiles.js';
import { slaStepsDue, sweepHorizon } from '#domain/sla.js';
import type { TaskItem } from '#domain/tasks.js';
import { loadDirectory } from '#adapters/directory-store.js';
import { ENV } from '#contract/handlers.js';
import { config, env } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { tasksOverdue } from '#runtime/metrics.js';
import { purgeExpiredPersonalData } from '#usecases/personal-data-purge.js';
import { appendEvent, findRelease, releasesCreatedBetween } from '#adapters/release-store.js';
import { mailTaskLink } from '#usecases/task-mailer.js';
import { expireTask, markOnce, openTasksDueBefore } from '#adapters/task-store.js';
import { failTask, startExecution } from '#adapters/workflow-engine.js';
import { redeliverDecisions } from '#usecases/decision-redelivery.js';
import { purgeUnconfirmedSubmissions } from '#usecases/unconfirmed-purge.js';

export interface SweepResult {
  reminded: number;
  escalated: number;
  expired: number;
  /** Workflows of releases left `received` that the sweep started (or found started). */
  started: number;
  /** Stored decisions sent again to the state machine (decision-redelivery.ts). */
  redelivered: number;
  /** Submissions never confirmed, deleted with their uploads past their time (unconfirmed-purge.ts). */
  unconfirmedDeleted: number;
  failed: number;
}

/** Longer than the API's 29 s: a release younger than this may still be in its request. */
const START_GRACE_MS = 2 * 60_000;
/** How far back the sweep looks for releases left unstarted: a day's releases, a few dozen items. */
const START_LOOKBACK_MS = 24 * 3_600_000;

/** Starts the workflows of releases stored between a day and two minutes ago and still `received`. */
async function startUnstartedWorkflows(now: Date, result: SweepResult): Promise<void> {
  const since = new Date(now.getTime() - START_LOOKBACK_MS).toISOString();
  const left = await releasesCreatedBetween(since, new Date(now.getTime() - START_GRACE_MS).toISOString(), { status: 'received' });
  for (const release of left) {
    try {
      // The same name and input as the API's call: Step Functions answers a running
      // execution with itself and a finished one with ExecutionAlreadyExists, never a twin.
      await startExecution(env(ENV.stateMachineArn), { releaseId: release.id });
      result.started++;
      // Also logged for a register stage still at work (e.g. hashing large files): then the start found it running.
      logger.warn('asked to start the workflow of a release left received', { releaseId: release.id, agendaNumber: release.agendaNumber });
    } catch (e) {
      result.failed++;
      logger.error('could not start the workflow of a release left received', { releaseId: release.id, error: (e as Error).name });
    }
  }
}

/** The schedule's EventBridge event; its `time` is the sweep's clock (a test passes its own). */
export const handler = async (event?: { time?: string }): Promise<SweepResult> => {
  const now = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : new Date();
  const cfg = config();
  const profile = profileOf(cfg);
  const longest = Math.max(...profile.stages.map((s) => s.mutuBakuMinutes));
  const calendar = calendarOf(cfg);
  const tasks = await openTasksDueBefore(sweepHorizon(now, cfg.sla, longest, calendar).toISOString());
  const today = localDateOf(calendar, now);
  const { people: everyone, acting } = await loadDirectory();
  const people = peopleOnDuty(everyone, acting, today);
  const result: SweepResult = { reminded: 0, escalated: 0, expired: 0, started: 0, redelivered: 0, unconfirmedDeleted: 0, failed: 0 };
  try {
    await startUnstartedWorkflows(now, result);
  } catch (e) {
    // The tasks below are swept all the same; the next run looks again.
    result.failed++;
    logger.error('could not look for releases left received', { error: (e as Error).name });
  }
  await purgeExpiredPersonalData(cfg, now);
  const unconfirmed = await purgeUnconfirmedSubmissions(now);
  result.unconfirmedDeleted = unconfirmed.deleted;
  result.failed += unconfirmed.failed;

  // Decisions stored but not delivered to their executions are sent again.
  await redeliverDecisions(now, result);

  const sweep = async (task: TaskItem) => {
    const release = await findRelease(task.releaseId);
    if (!release) return;
    if (now.getTime() > Date.parse(task.closesAt)) {
      if (await expireTask(task.taskId)) {
        await appendEvent(release.id, {
          type: EVENT_TYPES.expired,
          stageId: task.stageId,
          data: { round: task.round },
          key: `expired#${task.taskId}`,
        });
        await failTask(task.taskToken, 'TaskExpired', `the ${task.stageId} task was not acted on before it closed`);
        result.expired++;
      }
      return;
    }
    const stage = stageById(profile, task.stageId);
    const steps = slaStepsDue(task, cfg.sla, stage.mutuBakuMinutes, calendar, now);
    const assignees = task.assignees.map((id) => personById(people, id)).filter((p) => p !== undefined);
    if (steps.includes('remind')) {
      for (const person of assignees) await mailTaskLink('reminder', person, { cfg, release, stage, task }, now);
      if (await markOnce(task.taskId, 'remindedAt', now.toISOString())) {
        await appendEvent(release.id, {
          type: EVENT_TYPES.reminded,
          stageId: task.stageId,
          data: { round: task.round, to: task.assignees },
          key: `reminded#${task.taskId}`,
        });
        result.reminded++;
      }
    }
    if (steps.includes('escalate')) {
      const targets = escalationTargets(people, { organization: cfg.organization, acting }, stage.role, task.assignees, today);
      const onBehalfOf = task.assignees[0];
      const originalNames = assignees.map((p) => p.name).join(', ');
      for (const person of targets) await mailTaskLink('escalation', person, { cfg, release, stage, task, onBehalfOf, originalNames }, now);
      if (await markOnce(task.taskId, 'escalatedAt', now.toISOString(), { escalatedTo: targets.map((p) => p.id) })) {
        await appendEvent(release.id, {
          type: EVENT_TYPES.escalated,
          stageId: task.stageId,
          data: { round: task.round, to: targets.map((p) => p.id) },
          key: `escalated#${task.taskId}`,
        });
        result.escalated++;
      }
    }
  };

  for (const task of tasks) {
    try {
      await sweep(task);
    } catch (e) {
      result.failed++;
      if (e instanceof MailThrottled) {
        logger.warn('SES throttled the sweep; the next run continues');
        break;
      }
      logger.error('sweep of a task failed', { releaseId: task.releaseId, stage: task.stageId, error: (e as Error).name });
    }
  }
  tasksOverdue(tasks.filter((t) => Date.parse(t.dueAt) < now.getTime()).length);
  logger.info('sla sweep', { ...result, open: tasks.length });
  return result;
};
