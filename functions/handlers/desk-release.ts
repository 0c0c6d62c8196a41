/**
 * GET /api/desk/releases/{id} -> the release's detail for the office's people: the task
 * page's view of it, the stages against Mutu Baku, the event log, the mails sent (to whom,
 * when, delivered or bounced) and the archive record. It changes nothing.
 */
import { config } from '#runtime/env.js';
import { releaseDetail } from '#usecases/desk-release.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler(async (event) => {
  requireDeskRole(event, 'desk-release');
  const detail = await releaseDetail(event.pathParameters?.id ?? '');
  return { status: 200, body: { ...detail, timeZone: config().office.timeZone } };
});
