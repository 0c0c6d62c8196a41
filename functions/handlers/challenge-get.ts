/**
 * GET /api/challenge -> 200 an ALTCHA challenge {parameters, signature} for the submission
 * form's widget. Signed and self-expiring, so nothing is stored: each GET is a new one.
 */
import { config } from '#aws/env.js';
import { issueChallenge } from '#aws/captcha.js';
import { httpHandler } from '#http/respond.js';

export const handler = httpHandler(async () => ({ status: 200, body: await issueChallenge(config().captcha) }));
