/**
 * The current route as reactive state, kept in step with the history API: `navigate`
 * pushes a new entry, the back button (popstate) and a changed fragment are followed. An
 * address of the older form, with its secret in the path or query, is replaced in the
 * address bar (and the history entry) by its fragment form as soon as it is read.
 */
import 'svelte';
import { matchRoute, type Route } from './routes.js';

function here(): Route {
  const where = globalThis.location;
  const route = matchRoute(where?.pathname ?? '/', where?.search ?? '', where?.hash ?? '');
  if ('canonical' in route && route.canonical) globalThis.history?.replaceState(globalThis.history.state, '', route.canonical);
  return route;
}

export const router = $state<{ route: Route }>({ route: here() });

export function navigate(href: string): void {
  history.pushState({}, '', href);
  router.route = here();
  globalThis.scrollTo?.(0, 0);
}

/** Starts following the back/forward buttons and fragment changes; returns the function that stops it. */
export function followHistory(): () => void {
  const onPop = () => (router.route = here());
  addEventListener('popstate', onPop);
  addEventListener('hashchange', onPop);
  return () => {
    removeEventListener('popstate', onPop);
    removeEventListener('hashchange', onPop);
  };
}
