/**
 * The desk's fetch wrapper. Desk requests always go to a RELATIVE url: on AWS CloudFront
 * sends `/api/desk/*` and `/api/session*` to the desk API on the web app's own origin, and
 * locally the web server forwards `/api/*`; either way the session cookie (HttpOnly,
 * SameSite=Strict) travels because the request is same-origin. A refusal by the session
 * authorizer (API Gateway's own `{"message"}` body) becomes an ApiError like any other.
 */
import { ApiError, normaliseDetails } from '../../lib/api.js';
import { i18n } from '../../lib/i18n/index.svelte.js';

export async function deskApi<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.locale, ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: string; message?: string; fields?: unknown } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? `http-${response.status}`, error?.message ?? '', normaliseDetails(error?.fields));
}

/** A refusal that means "sign in (again)": no cookie (401), or a session the authorizer no longer knows (403 without our error body). */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || (error.status === 403 && error.code === 'http-403'));
}
