/**
 * The app's three addresses, matched by hand (no SvelteKit): the form at `/`, the private
 * status page `/s/<id>#<statusKey>` and the task page `/t/#<linkId>` from the emails. The
 * secret rides in the fragment, which a browser never sends to a server, so no access log
 * or Referer holds it. Links mailed in the older forms (`/s/<id>?key=<statusKey>`,
 * `/t/<linkId>`) still open; their route names the fragment form (`canonical`) that the
 * router puts in the address bar in their place. The public verification page
 * `/v/<archive id>` is what the archive PDF's QR code opens. The office's desk is under
 * `/meja`, and its sign-in link opens `/masuk/#<token>`.
 */
export type Route =
  | { page: 'submit' }
  | { page: 'status'; id: string; key: string; canonical?: string }
  | { page: 'task'; linkId: string; canonical?: string }
  | { page: 'confirm' }
  | { page: 'verify'; archiveId: string }
  | { page: 'signIn' }
  | { page: 'desk'; path: string }
  | { page: 'notFound' };

const SEGMENT = /^[A-Za-z0-9_-]{1,128}$/;

export function matchRoute(pathname: string, search = '', hash = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') return { page: 'submit' };
  // The confirmation token is in the fragment, which the page reads itself.
  if (path === '/k') return { page: 'confirm' };
  // So is the desk's sign-in token; the desk's own sections are chosen by its shell (pages/desk/sections.ts).
  if (path === '/masuk') return { page: 'signIn' };
  if (path === '/meja' || path.startsWith('/meja/')) return { page: 'desk', path };
  const fragment = hash.replace(/^#/, '');
  const [, section, value, ...rest] = path.split('/');
  if (section === 't' && value === undefined && SEGMENT.test(fragment)) return { page: 'task', linkId: fragment };
  if (rest.length > 0 || value === undefined || !SEGMENT.test(value)) return { page: 'notFound' };
  if (section === 's') {
    if (SEGMENT.test(fragment)) return { page: 'status', id: value, key: fragment };
    const key = new URLSearchParams(search).get('key') ?? '';
    return { page: 'status', id: value, key, ...(SEGMENT.test(key) ? { canonical: `/s/${value}#${key}` } : {}) };
  }
  if (section === 't') return { page: 'task', linkId: value, canonical: `/t/#${value}` };
  if (section === 'v') return { page: 'verify', archiveId: value };
  return { page: 'notFound' };
}
