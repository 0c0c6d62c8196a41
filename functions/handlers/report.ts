/**
 * Stage "report": writes the release's activity record (`REPORT#<yyyy-mm>` /
 * `<releaseId>`) — each stage's start, finish and duration against its Mutu Baku, and
 * the counts the periodic report sums — then marks the release completed. The month is
 * that of the stage's own start, so a re-run rewrites the same record.
 */
import { recordActivity } from '#adapters/archive-store.js';
import { logger } from '#runtime/logger.js';
import { releaseCompleted } from '#runtime/metrics.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { stageHandler } from '#runtime/stage.js';
import { EVENT_TYPES } from '#domain/events.js';
import { IN_ENGLISH } from '#domain/zod-english.js';
import { automatedStagePayload } from '#domain/stage-payloads.js';
import { recordStageStarted } from '#usecases/stage-start.js';

const payloadSchema = automatedStagePayload('report');

// Passing failures (SES throttling, a store's 5xx) surface as Warta.Transient: the machine retries them.
export const handler = stageHandler(async (input: unknown) => {
  const payload = payloadSchema.parse(input, IN_ENGLISH);
  const release = await getRelease(payload.releaseId);
  logger.appendKeys({ releaseId: release.id, agendaNumber: release.agendaNumber, stage: payload.stageId });
  await recordStageStarted(release.id, payload);
  const enteredAt = payload.enteredAt && !Number.isNaN(Date.parse(payload.enteredAt)) ? payload.enteredAt : new Date().toISOString();
  const { month: period, steps } = await recordActivity(release, { stageId: payload.stageId, enteredAt });

  if (release.status !== 'rejected' && release.status !== 'failed' && release.status !== 'completed') {
    await updateRelease(release.id, { status: 'completed', currentStage: payload.stageId });
    releaseCompleted(release.id);
  }
  await appendEvent(release.id, {
    type: EVENT_TYPES.stageFinished,
    stageId: payload.stageId,
    key: `finished#${payload.stageId}`,
    data: { enteredAt, month: period },
  });
  logger.info('activity recorded', { month: period, steps });
  return { releaseId: release.id, month: period, steps };
});
