/**
 * The current route as reactive state, kept in step with the history API: `navigate`
 * pushes a new entry, the back button (popstate) is followed.
 */
import 'svelte';
import { matchRoute, type Route } from './routes.js';

const here = (): Route => matchRoute(globalThis.location?.pathname ?? '/', globalThis.location?.search ?? '');

export const router = $state<{ route: Route }>({ route: here() });

export function navigate(href: string): void {
  history.pushState({}, '', href);
  router.route = here();
  globalThis.scrollTo?.(0, 0);
}

/** Starts following the back/forward buttons; returns the function that stops it. */
export function followHistory(): () => void {
  const onPop = () => (router.route = here());
  addEventListener('popstate', onPop);
  return () => removeEventListener('popstate', onPop);
}
