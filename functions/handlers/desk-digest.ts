/**
 * GET /api/desk/digest — whether the morning mail of overdue tasks is on, and whether the
 * caller may change it. POST /api/desk/digest {enabled, expectedVersion} — the head of
 * office (organization.head, or whoever acts in that role today) turns it on or off; 403
 * for anyone else, 409 when it was changed since `expectedVersion`.
 */
import * as z from 'zod/mini';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { peopleOnDuty } from '#domain/people.js';
import { setOverdueDigest } from '#usecases/directory-admin.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { loadDirectory, loadSettings } from '#adapters/directory-store.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

const digestRequest = z.object({ enabled: z.boolean(), expectedVersion: z.number().check(z.int(), z.gte(0)) });

export const handler = httpHandler(async (event) => {
  const caller = requireDeskRole(event, 'desk-digest');
  const cfg = config();
  const now = new Date();
  if (event.requestContext.http.method !== 'POST') {
    const [settings, directory] = await Promise.all([loadSettings(), loadDirectory()]);
    const onDuty = peopleOnDuty(directory.people, directory.acting, localDateOf(calendarOf(cfg), now));
    const canChange = !!onDuty.find((p) => p.id === caller.personId)?.roles.includes(cfg.organization.head);
    return { status: 200, body: { ...settings.overdueDigest, canChange } };
  }
  requireJsonFromOurSite(event);
  const request = parseBody(event, digestRequest);
  const record = await setOverdueDigest(cfg, request, { personId: caller.personId, name: caller.name }, now);
  logger.info('overdue digest set', { enabled: request.enabled, version: record.version, by: caller.personId });
  return { status: 200, body: record };
});
