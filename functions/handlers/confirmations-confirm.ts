/**
 * POST /api/confirmations/{token} -> 200 {id, agendaNumber, statusUrl}.
 * The page behind the mailed link `<web>/k/#<token>` calls this with a real click's POST
 * (a mail scanner fetching the link only loads the page). The held submission is received
 * now: agenda number, release, workflow; the address counts as confirmed for 180 days.
 * Confirming again answers the same; an unknown token is a 404, an expired one a 410.
 */
import { NotFound } from '#domain/errors.js';
import { SECRET_PATTERN } from '#domain/ids.js';
import { config } from '#runtime/env.js';
import { confirmSubmission } from '#usecases/sender-confirmation.js';
import { httpHandler } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const token = event.pathParameters?.token;
  if (!token || !SECRET_PATTERN.test(token)) throw new NotFound('confirmation.unknown');
  return { status: 200, body: await confirmSubmission(config(), token) };
});
