/**
 * SES bounce and complaint events (EventBridge or SNS): suppress each hard-bounced or
 * complaining address, so no further mail — media or task — goes to it, and note on the
 * sent mail what became of it (the desk shows it). Idempotent: suppressing an address
 * again keeps the first reason; the same report twice notes the same.
 */
import { mailOutcomesFrom, suppressionsFrom } from '#domain/mail/feedback.js';
import { logger } from '#runtime/logger.js';
import { mailsBounced } from '#runtime/metrics.js';
import { suppress } from '#adapters/suppression-store.js';
import { recordMailOutcome } from '#adapters/mail-log.js';

export const handler = async (event: unknown) => {
  const suppressions = suppressionsFrom(event);
  for (const s of suppressions) await suppress(s.email, s.reason);
  for (const o of mailOutcomesFrom(event)) await recordMailOutcome(o.messageId, o.outcome, o.at, o.detail);
  mailsBounced(suppressions.filter((s) => s.reason.startsWith('bounce:')).length);
  logger.info('mail feedback', { suppressed: suppressions.length, reasons: suppressions.map((s) => s.reason) });
  return { suppressed: suppressions.length };
};
