/**
 * The SLA sweep's share of "decisions always arrive": every decision stored but not
 * delivered (its request's SendTaskSuccess failed, or the request died) is delivered again.
 * Safe to run twice: delivery marks the task once and takes it out of the undelivered
 * index; a token the execution no longer takes (it moved on, timed out or ended) ends the
 * pending state without touching the execution. SendTaskSuccess refuses such a token with
 * TaskTimedOut, TaskDoesNotExist or InvalidToken, which workflow-engine.ts turns into TokenSpent
 * (https://docs.aws.amazon.com/step-functions/latest/apireference/API_SendTaskSuccess.html).
 */
import { deliverDecision } from './decisions.js';
import { logger } from '#runtime/logger.js';
import { undeliveredDecisionsBefore } from '#adapters/task-store.js';

/** Longer than the API's 29 s: a younger decision may still be in its own request. */
const DELIVERY_GRACE_MS = 60_000;

/** The sweep's counters this adds to. */
export interface RedeliveryCounts {
  redelivered: number;
  failed: number;
}

export async function redeliverDecisions(now: Date, counts: RedeliveryCounts): Promise<void> {
  let pending;
  try {
    pending = await undeliveredDecisionsBefore(new Date(now.getTime() - DELIVERY_GRACE_MS).toISOString());
  } catch (e) {
    // The rest of the sweep goes on; the next run looks again.
    counts.failed++;
    logger.error('could not look for undelivered decisions', { error: (e as Error).name });
    return;
  }
  for (const task of pending) {
    if (!task.decision) continue;
    try {
      if (await deliverDecision(task, task.decision)) {
        counts.redelivered++;
        logger.info('redelivered a decision', { releaseId: task.releaseId, stage: task.stageId, action: task.decision.action });
      } else {
        logger.warn('a stored decision found its token spent; the execution had moved on', {
          releaseId: task.releaseId,
          stage: task.stageId,
          action: task.decision.action,
        });
      }
    } catch (e) {
      counts.failed++;
      logger.error('could not redeliver a decision; the next sweep tries again', {
        releaseId: task.releaseId,
        stage: task.stageId,
        error: (e as Error).name,
      });
    }
  }
}
