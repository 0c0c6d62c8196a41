/**
 * SES bounce and complaint events (EventBridge or SNS): suppress each hard-bounced or
 * complaining address, so no further mail — media or task — goes to it. Idempotent:
 * suppressing an address again keeps the first reason.
 */
import { suppressionsFrom } from '#domain/mail/feedback.js';
import { logger } from '#runtime/logger.js';
import { mailsBounced } from '#runtime/metrics.js';
import { suppress } from '#adapters/suppression-store.js';

export const handler = async (event: unknown) => {
  const suppressions = suppressionsFrom(event);
  for (const s of suppressions) await suppress(s.email, s.reason);
  mailsBounced(suppressions.filter((s) => s.reason.startsWith('bounce:')).length);
  logger.info('mail feedback', { suppressed: suppressions.length, reasons: suppressions.map((s) => s.reason) });
  return { suppressed: suppressions.length };
};
