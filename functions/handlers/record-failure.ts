/**
 * The Catch path of every stage: records on the release that the workflow failed (the
 * stage, the error and its cause) and appends the event, before the execution fails.
 * Idempotent: the event is keyed by execution and stage, the record is simply set again.
 */
import { EVENT_TYPES } from '#domain/events.js';
import { parseFailurePayload } from '#domain/stage-payloads.js';
import { logger } from '#runtime/logger.js';
import { releaseFailed } from '#runtime/metrics.js';
import { stageHandler } from '#runtime/stage.js';
import { appendEvent, findRelease, updateRelease } from '#adapters/release-store.js';

const bounded = (s: string | undefined, max: number) => (s === undefined ? undefined : s.length > max ? `${s.slice(0, max - 1)}…` : s);

export const handler = stageHandler(async (input: unknown) => {
  const payload = parseFailurePayload(input);
  logger.appendKeys({ releaseId: payload.releaseId, stage: payload.stageId });
  const release = await findRelease(payload.releaseId);
  if (!release) {
    logger.error('failure of an unknown release', { error: payload.error?.Error });
    return { recorded: false };
  }
  const error = bounded(payload.error?.Error ?? 'Unknown', 200)!;
  const cause = bounded(payload.error?.Cause, 4000);
  const at =
    release.failure?.stageId === payload.stageId && release.failure.error === error ? release.failure.at : new Date().toISOString();
  await updateRelease(release.id, { status: 'failed', failure: { stageId: payload.stageId, error, cause, at } });
  if (release.status !== 'failed') releaseFailed(release.id, payload.stageId);
  await appendEvent(release.id, {
    type: EVENT_TYPES.failed,
    stageId: payload.stageId,
    data: { error, cause, executionId: payload.executionId },
    key: `failed#${payload.executionId}#${payload.stageId}`,
  });
  logger.error('stage failed', { error });
  return { recorded: true, releaseId: release.id, status: 'failed' };
});
