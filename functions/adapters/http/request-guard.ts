/**
 * What a state-changing POST must look like: a JSON body (Content-Type application/json
 * or +json) and, when a browser says where it comes from, the web app's own origin.
 *
 * Why: an HTML form on another site can POST text/plain, urlencoded or multipart bodies
 * without a CORS preflight, and a text/plain body can carry valid JSON. Requiring the JSON
 * content type forces a preflight, which the API's CORS configuration refuses for foreign
 * origins; the Origin check refuses the rest. A missing Origin (curl, server-to-server,
 * the tests' harness) is allowed: the secret in the link or the status key is the
 * authorization, this only stops a browser from being used against its own user.
 */
import { Forbidden, Unsupported } from '#domain/errors.js';
import { webOrigin } from '#runtime/env.js';
import { header, type HttpEvent } from './respond.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export function requireJsonFromOurSite(event: HttpEvent): void {
  const origin = header(event, 'origin');
  if (origin !== undefined && origin.replace(/\/+$/, '') !== webOrigin()) throw new Forbidden('request.foreignOrigin');
  if (!JSON_TYPE.test(header(event, 'content-type') ?? '')) throw new Unsupported('request.notJson');
}

/** A bodyless state change (DELETE): only the web app's own origin, when a browser names one. */
export function requireSameSite(event: HttpEvent): void {
  const origin = header(event, 'origin');
  if (origin !== undefined && origin.replace(/\/+$/, '') !== webOrigin()) throw new Forbidden('request.foreignOrigin');
}
