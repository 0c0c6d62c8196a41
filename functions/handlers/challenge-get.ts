/**
 * GET /api/challenge -> 200 an ALTCHA challenge {parameters, signature} for the submission
 * form's widget. Signed and self-expiring, so nothing is stored: each GET is a new one.
 */
import { config } from '#runtime/env.js';
import { issueChallenge } from '#usecases/captcha.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler(async () => ({ status: 200, body: await issueChallenge(config().captcha) }));
