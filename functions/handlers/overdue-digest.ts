/**
 * Scheduled every hour: on the first run of each working morning in the office's zone, the
 * digest of overdue tasks (usecases/overdue-digest.ts). The other runs of the morning find
 * each mail already sent; runs outside the morning, on holidays or with the digest turned
 * off send nothing.
 */
import { sendOverdueDigests } from '#usecases/overdue-digest.js';
import { config, webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';

/** The schedule's EventBridge event; its `time` is the digest's clock (a test passes its own). */
export const handler = async (event?: { time?: string }) => {
  const now = event?.time && !Number.isNaN(Date.parse(event.time)) ? new Date(event.time) : new Date();
  const result = await sendOverdueDigests(config(), webOrigin(), now);
  logger.info('overdue digest', { ...result });
  return result;
};
