/**
 * The one fetch wrapper: JSON in and out, the base URL from /config.json, the interface
 * language in Accept-Language, and every non-2xx answer turned into an ApiError.
 */
import { i18n, isMessageKey } from './i18n/index.svelte.js';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the submission form's privacy notice states: the office's contact and retention periods. */
export interface PrivacyNotice {
  contact: string;
  removeAfterDays: number;
  archiveYears: number;
}

/** /config.json: where the API is, and optionally the office's own news types and privacy notice. */
export interface WebConfig {
  apiUrl?: string;
  siteUrl?: string;
  newsTypes?: Record<string, { id: string; en: string }>;
  privacy?: PrivacyNotice;
}
let config: Promise<WebConfig> | undefined;

/** Deployment data (CloudFront vs `npm start`) is read at run time, not built in. */
export function webConfig(): Promise<WebConfig> {
  config ??= fetch('/config.json')
    .then((r): Promise<WebConfig> | WebConfig => (r.ok ? r.json() : {}))
    .catch(() => ({}));
  return config;
}

/** Forgets the fetched /config.json, so the next call reads it again (tests of the page's configuration). */
export function resetWebConfig(): void {
  config = undefined;
}

export async function apiUrl(path: string): Promise<string> {
  return ((await webConfig()).apiUrl ?? '').replace(/\/$/, '') + path;
}

export async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.locale, ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(await apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: string; message?: string; fields?: unknown; details?: unknown } } | undefined)?.error;
  throw new ApiError(
    response.status,
    error?.code ?? `http-${response.status}`,
    error?.message ?? '',
    normaliseDetails(error?.fields ?? error?.details),
  );
}

/**
 * Field errors come back as `[{path, code, message}]` (code: a catalogue key, message: the
 * server's sentence), zod issues, or `{field: message}`: accept all. A key we know wins, so
 * the message follows a later language switch.
 */
export function normaliseDetails(details: unknown): FieldProblem[] {
  if (Array.isArray(details)) {
    return details.flatMap((d: { path?: unknown; message?: unknown; code?: unknown; field?: unknown }) => {
      const path = Array.isArray(d?.path) ? d.path.join('.') : String(d?.path ?? d?.field ?? '');
      if (typeof d?.code === 'string' && isMessageKey(d.code)) return [{ path, message: d.code }];
      return typeof d?.message === 'string' ? [{ path, message: d.message }] : [];
    });
  }
  if (details && typeof details === 'object') {
    return Object.entries(details).flatMap(([path, m]) =>
      typeof m === 'string' ? [{ path, message: m }] : Array.isArray(m) ? m.map((message) => ({ path, message: String(message) })) : [],
    );
  }
  return [];
}
