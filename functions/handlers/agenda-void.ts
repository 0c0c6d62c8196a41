/**
 * POST /api/agenda/void {agendaNumber, reason} — an officer voids a mistaken agenda number
 * (IAM-authorised on AWS, the local audit key on the local cloud; both checked before this
 * runs). The officer is the caller's IAM identity. 200 with the void (also when the number
 * was voided before: `alreadyVoided`); 404 for a number not in the book; 409 with the
 * reason when its release may not lose its number (see domain/voids.ts).
 */
import { voidRequestSchema } from '#domain/voids.js';
import { voidAgendaNumber } from '#usecases/agenda-void.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

interface IamAuthorizer {
  iam?: { userArn?: string };
}

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const request = parseBody(event, voidRequestSchema);
  const by = (event.requestContext as { authorizer?: IamAuthorizer }).authorizer?.iam?.userArn ?? 'unknown';
  const outcome = await voidAgendaNumber(config(), request, by);
  logger.info('agenda number voided', {
    agendaNumber: outcome.agendaNumber,
    releaseId: outcome.releaseId,
    by,
    alreadyVoided: outcome.alreadyVoided,
  });
  return { status: 200, body: outcome };
});
