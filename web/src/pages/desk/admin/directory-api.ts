/**
 * The admin page's calls: relative `/api/desk/...` URLs (same origin, so the session cookie
 * goes with them), errors as the app's ApiError.
 */
import { ApiError, normaliseDetails } from '../../../lib/api.js';
import { i18n } from '../../../lib/i18n/index.svelte.js';
import type { DirectoryView, Kind } from './types.js';

async function desk<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': i18n.locale };
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
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: string; message?: string; fields?: unknown } } | undefined)?.error;
  throw new ApiError(response.status, error?.code ?? `http-${response.status}`, error?.message ?? '', normaliseDetails(error?.fields));
}

export const loadDirectory = () => desk<DirectoryView>('GET', '/api/desk/directory');

export const saveEntry = (kind: Kind, expectedVersion: number, entry: object) =>
  desk<unknown>('POST', '/api/desk/directory', { kind, expectedVersion, entry });

export const removeEntry = (kind: Kind, expectedVersion: number, id: string) =>
  desk<unknown>('POST', '/api/desk/directory', { kind, expectedVersion, remove: id });

export interface DigestSetting {
  enabled: boolean;
  version: number;
  canChange: boolean;
  changedBy?: { name: string };
  changedAt?: string;
}

export const loadDigest = () => desk<DigestSetting>('GET', '/api/desk/digest');
export const saveDigest = (enabled: boolean, expectedVersion: number) =>
  desk<unknown>('POST', '/api/desk/digest', { enabled, expectedVersion });
