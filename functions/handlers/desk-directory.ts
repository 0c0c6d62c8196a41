/**
 * GET /api/desk/directory — the people, acting officials (Plt/Plh) and media outlets as they
 * stand, with each entry's version and the history of changes.
 * POST /api/desk/directory {kind, expectedVersion, entry | remove} — one change by an admin:
 * 200 with the change recorded; 400 naming every rule the directory would break after it
 * (the rules synth applies to the config); 404 removing what is not there; 409 when someone
 * changed the entry since `expectedVersion`. Sending the same change again answers 200.
 */
import { directoryRequestSchema, entrySchemaOf, type DirectoryChange } from '#domain/directory.js';
import { Invalid } from '#domain/errors.js';
import { changeDirectory, directoryView } from '#usecases/directory-admin.js';
import { config } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler, parseBody, parseWith } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';

export const handler = httpHandler(async (event) => {
  const caller = requireDeskRole(event, 'desk-directory');
  if (event.requestContext.http.method !== 'POST') return { status: 200, body: await directoryView() };

  requireJsonFromOurSite(event);
  const request = parseBody(event, directoryRequestSchema());
  if (request.remove === undefined && request.entry === undefined) throw new Invalid('directory.entryOrRemove');
  const change: DirectoryChange =
    request.remove !== undefined
      ? { kind: request.kind, expectedVersion: request.expectedVersion, remove: request.remove }
      : ({
          kind: request.kind,
          expectedVersion: request.expectedVersion,
          entry: parseWith(entrySchemaOf(request.kind), request.entry),
        } as DirectoryChange);
  const record = await changeDirectory(config(), change, { personId: caller.personId, name: caller.name }, new Date());
  logger.info('directory changed', {
    kind: record.kind,
    id: record.id,
    version: record.version,
    action: record.action,
    by: caller.personId,
  });
  return { status: 200, body: record };
});
