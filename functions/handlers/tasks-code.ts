/**
 * POST /api/task/code (the link id in a header; or the older /api/tasks/{linkId}/code): mails the link's owner a 6-digit paraf code, for a stage
 * whose config asks for one (stageSettings.<stage>.parafCode). It answers 202 with how long
 * the code lasts, and never the code. Asked again within a minute, it is the same request.
 */
import { Gone, Invalid } from '#domain/errors.js';
import { needsParafCode } from '#domain/paraf-code.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { requestParafCode } from '#usecases/paraf-code.js';
import { openTaskLink } from '#usecases/task-access.js';
import { httpHandler } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';
import { linkIdOf } from '#adapters/http/secrets.js';

export const handler = httpHandler(async (event) => {
  requireJsonFromOurSite(event);
  const linkId = linkIdOf(event);
  const opened = await openTaskLink(linkId);
  const cfg = config();
  if (!needsParafCode(cfg, opened.stage.id)) throw new Invalid('paraf.codeNotNeeded');
  if (opened.view !== 'open') throw new Gone('task.closed');
  logger.appendKeys({ releaseId: opened.release.id, stage: opened.stage.id, agendaNumber: opened.release.agendaNumber });
  const { validUntil, repeated } = await requestParafCode(cfg, opened, linkId!);
  logger.info('paraf code', { repeated });
  return { status: 202, body: { state: 'sent', validUntil } };
});
