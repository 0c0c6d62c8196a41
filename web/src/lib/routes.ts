/**
 * The app's three addresses, matched by hand (no SvelteKit): the form at `/`, the private
 * status page `/s/<id>?key=<statusKey>`, the task page `/t/<linkId>` from the emails and the
 * public verification page `/v/<archive id>` that the archive PDF's QR code opens.
 */
export type Route =
  | { page: 'submit' }
  | { page: 'status'; id: string; key: string }
  | { page: 'task'; linkId: string }
  | { page: 'verify'; archiveId: string }
  | { page: 'notFound' };

const SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return { page: 'submit' };
  const [, section, value, ...rest] = path.split('/');
  if (rest.length > 0 || value === undefined || !SEGMENT.test(value)) return { page: 'notFound' };
  if (section === 's') return { page: 'status', id: value, key: new URLSearchParams(search).get('key') ?? '' };
  if (section === 't') return { page: 'task', linkId: value };
  if (section === 'v') return { page: 'verify', archiveId: value };
  return { page: 'notFound' };
}
