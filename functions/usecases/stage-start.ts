import { appendEvent } from '#adapters/release-store.js';
import { EVENT_TYPES } from '#domain/events.js';
import type { ReleaseEvent } from '#domain/release.js';

/**
 * Records that an automated stage began on a release. Every automated stage writes the
 * same event under the same key, so the status page reads them alike and a rerun of the
 * stage finds its event already there.
 */
export function recordStageStarted(releaseId: string, stage: { stageId: string; enteredAt?: string | undefined }): Promise<ReleaseEvent> {
  return appendEvent(releaseId, {
    type: EVENT_TYPES.stageStarted,
    stageId: stage.stageId,
    data: { at: stage.enteredAt },
    key: `started#${stage.stageId}`,
  });
}
