/**
 * Where a request carries its secret: a task link's id in the LINK_HEADER (the page's own
 * requests, `/api/task`) or, for links mailed before, in the path (`/api/tasks/{linkId}`);
 * a status key in the STATUS_KEY_HEADER or the older `?key=` query. A header wins over the
 * older form, so a page that sends both is read the way that keeps the secret out of logs.
 */
import { LINK_HEADER, STATUS_KEY_HEADER } from '#domain/links.js';
import { header, type HttpEvent } from './respond.js';

export const linkIdOf = (event: HttpEvent): string | undefined => header(event, LINK_HEADER) ?? event.pathParameters?.linkId;

export const statusKeyOf = (event: HttpEvent): string => header(event, STATUS_KEY_HEADER) ?? event.queryStringParameters?.key ?? '';
