/**
 * EventBridge "Step Functions Execution Status Change" (ended executions only, by the
 * rule's pattern) → the execution's whole history copied into the archive bucket.
 * Idempotent: an existing copy is left alone (the archive bucket is under Object Lock).
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { archiveHistory } from '#aws/execution-history.js';
import { logger } from '#aws/logger.js';

interface StatusChange {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
}

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

export const handler = async (event: EventBridgeEvent<'Step Functions Execution Status Change', StatusChange>) => {
  const { executionArn, status, name } = event.detail ?? ({} as StatusChange);
  if (!executionArn || !ENDED.has(status)) {
    logger.info('ignored: not an ended execution', { status });
    return { skipped: true };
  }
  logger.appendKeys({ releaseId: name });
  const result = await archiveHistory(executionArn);
  logger.info(result.written ? 'history archived' : 'history already archived', { key: result.key, eventCount: result.eventCount });
  return result;
};
