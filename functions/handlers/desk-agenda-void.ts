/**
 * POST /api/desk/agenda/void {agendaNumber, reason} — an officer signed in on the desk voids
 * a mistaken agenda number (batal); the entry stays in the book, marked. The same use case
 * as the officers' machine route, with the signed-in person as the one who voided it.
 * 200 with the void (also when it was voided before: `alreadyVoided`); 404 for a number not
 * in the book; 409 with the reason when its release may not lose its number.
 */
import { voidRequestSchema } from '#domain/voids.js';
import { voidAgendaNumber } from '#usecases/agenda-void.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  const caller = requireDeskRole(event, 'desk-agenda-void');
  requireJsonFromOurSite(event);
  const request = parseBody(event, voidRequestSchema);
  const by = `${caller.name} <${caller.email}>`;
  const outcome = await voidAgendaNumber(config(), request, by);
  logger.info('agenda number voided on the desk', {
    agendaNumber: outcome.agendaNumber,
    releaseId: outcome.releaseId,
    personId: caller.personId,
    alreadyVoided: outcome.alreadyVoided,
  });
  return { status: 200, body: outcome };
});
