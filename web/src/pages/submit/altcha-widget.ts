/**
 * The ALTCHA widget as the site's Content-Security-Policy allows it: the build without
 * inline workers (a worker from a blob: URL is refused by `script-src 'self'`), its own
 * stylesheet, and the PBKDF2 worker served as a file of the site. Imported lazily by
 * Captcha.svelte, so none of it weighs on the page's first load.
 */
import 'altcha/external';
import 'altcha/altcha.css';
import Pbkdf2Worker from 'altcha/workers/pbkdf2?worker';

/** The one algorithm Warta's challenges use (functions/usecases/captcha.ts). */
(globalThis as unknown as { $altcha: { algorithms: Map<string, () => Worker> } }).$altcha.algorithms.set(
  'PBKDF2/SHA-256',
  () => new Pbkdf2Worker(),
);
