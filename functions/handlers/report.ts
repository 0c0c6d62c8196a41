/**
 * Stage "report": writes the release's activity record (`REPORT#<yyyy-mm>` /
 * `<releaseId>`) — each stage's start, finish and duration against its Mutu Baku, and
 * the counts the periodic report sums — then marks the release completed. The month is
 * that of the stage's own start, so a re-run rewrites the same record.
 */
import { z } from 'zod';
import { putActivityRecord } from '#aws/archive-store.js';
import { listOutlets } from '#aws/directory-store.js';
import { config } from '#aws/env.js';
import { logger } from '#aws/logger.js';
import { appendEvent, getRelease, listEvents, updateRelease } from '#aws/release-store.js';
import { buildActivityRecord } from '#domain/activity.js';
import { EVENT_TYPES } from '#domain/events.js';
import { yearMonthIn } from '#domain/agenda.js';
import { profileOf } from '#domain/config.js';

const payloadSchema = z.object({
  releaseId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  stageId: z.string().min(1).default('report'),
  enteredAt: z.string().optional(),
});

export const handler = async (input: unknown) => {
  const payload = payloadSchema.parse(input);
  const cfg = config();
  const release = await getRelease(payload.releaseId);
  logger.appendKeys({ releaseId: release.id, agendaNumber: release.agendaNumber, stage: payload.stageId });
  await appendEvent(release.id, { type: EVENT_TYPES.stageStarted, stageId: payload.stageId, data: { at: payload.enteredAt }, key: `started#${payload.stageId}` });
  const now = new Date();
  const enteredAt = payload.enteredAt && !Number.isNaN(Date.parse(payload.enteredAt)) ? payload.enteredAt : now.toISOString();
  const { year, month } = yearMonthIn(new Date(enteredAt), cfg.office.timeZone);
  const period = `${year}-${String(month).padStart(2, '0')}`;

  const outletTypes = Object.fromEntries((await listOutlets()).map((o) => [o.id, o.type]));
  const record = buildActivityRecord({
    release: { ...release, status: release.status === 'rejected' || release.status === 'failed' ? release.status : 'completed' },
    events: await listEvents(release.id),
    profile: profileOf(cfg),
    cfg,
    reportStage: { stageId: payload.stageId, enteredAt },
    month: period,
    now,
    outletTypes,
  });
  await putActivityRecord(period, release.id, record);

  if (release.status !== 'rejected' && release.status !== 'failed' && release.status !== 'completed') {
    await updateRelease(release.id, { status: 'completed', currentStage: payload.stageId });
  }
  await appendEvent(release.id, {
    type: EVENT_TYPES.stageFinished,
    stageId: payload.stageId,
    key: `finished#${payload.stageId}`,
    data: { enteredAt, month: period },
  });
  logger.info('activity recorded', { month: period, steps: record.steps.length });
  return { releaseId: release.id, month: period, steps: record.steps.length };
};
