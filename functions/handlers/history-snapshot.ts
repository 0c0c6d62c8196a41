/**
 * Execution histories into the archive bucket (the archive bucket is under Object Lock;
 * an existing copy is left alone, so every run is safe to repeat):
 * - EventBridge "Step Functions Execution Status Change" (ended executions only, by the
 *   rule's pattern) -> that execution's whole history;
 * - the daily schedule ("Scheduled Event") -> the catch-up: any ended execution whose
 *   history the first path missed (execution-history.ts archiveMissedHistories). Its
 *   `time` is the catch-up's clock (a test passes its own).
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { ENV } from '#contract/handlers.js';
import { archiveHistory, archiveMissedHistories } from '#adapters/execution-history.js';
import { env } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';

interface StatusChange {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
}

type HistoryEvent = EventBridgeEvent<'Step Functions Execution Status Change', StatusChange> | EventBridgeEvent<'Scheduled Event', unknown>;

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export const handler = async (event: HistoryEvent) => {
  if (event['detail-type'] === 'Scheduled Event') return catchUp(event.time);
  const { executionArn, status, name } = event.detail ?? {};
  if (!executionArn || !ENDED.has(status)) {
    logger.info('ignored: not an ended execution', { status });
    return { skipped: true };
  }
  logger.appendKeys({ releaseId: name });
  const result = await archiveHistory(executionArn);
  logger.info(result.written ? 'history archived' : 'history already archived', { key: result.key, eventCount: result.eventCount });
  return result;
};

async function catchUp(time: string | undefined) {
  const now = time && !Number.isNaN(Date.parse(time)) ? new Date(time) : new Date();
  const result = await archiveMissedHistories(env(ENV.stateMachineArn), now);
  // A history archived here is one the finished-execution event did not get archived: worth a look.
  if (result.archived.length) logger.warn('histories archived by the catch-up', { checked: result.checked, archived: result.archived });
  else logger.info('every ended execution has its history archived', { checked: result.checked });
  return result;
}
