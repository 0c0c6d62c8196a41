/**
 * A desk download that checks itself: the file is fetched (same-origin, so the session
 * cookie travels), its SHA-256 computed here in the browser with WebCrypto and compared with
 * the x-warta-sha256 the server sent; the server's tamper check (x-warta-problems: releases
 * whose event chain or archived history did not hold) comes with it. The person then saves
 * or opens the very bytes that were checked, from an object URL.
 */
import { ApiError, normaliseDetails } from '../../lib/api.js';
import { i18n } from '../../lib/i18n/index.svelte.js';

export interface VerifiedFile {
  filename: string;
  contentType: string;
  size: number;
  /** Computed here, over the bytes received. */
  sha256: string;
  /** The bytes hash to what the server declared. */
  checksumMatches: boolean;
  /** Releases the server's tamper check found changed; undefined when an answer carried no check. */
  problems?: number;
  /** An object URL of the checked bytes; revoke it when the file is no longer offered. */
  url: string;
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function filenameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

export async function verifiedDownload(path: string, fallbackName: string): Promise<VerifiedFile> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'accept-language': i18n.locale } });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string; fields?: unknown } } | undefined;
    const error = payload?.error;
    throw new ApiError(response.status, error?.code ?? `http-${response.status}`, error?.message ?? '', normaliseDetails(error?.fields));
  }
  const bytes = await response.arrayBuffer();
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const problems = response.headers.get('x-warta-problems');
  const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
  return {
    filename: filenameOf(response, fallbackName),
    contentType,
    size: bytes.byteLength,
    sha256,
    checksumMatches: sha256 === response.headers.get('x-warta-sha256'),
    problems: problems === null ? undefined : Number(problems),
    url: URL.createObjectURL(new Blob([bytes], { type: contentType })),
  };
}

/** Whether the file passed every check it carries. */
export function passed(file: VerifiedFile): boolean {
  return file.checksumMatches && (file.problems ?? 0) === 0;
}
