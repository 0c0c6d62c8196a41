/**
 * A release's attachments with short-lived links to download and to view each, for the
 * pages of the office's people (task page, release detail). The page asks again before
 * `linksExpireAt`, so a page left open keeps working links.
 */
import { ENV } from '#contract/handlers.js';
import type { Release } from '#domain/release.js';
import { env } from '#runtime/env.js';
import { presignGet, presignView } from '#adapters/object-store.js';

export const DOWNLOAD_URL_SECONDS = 15 * 60;

export async function attachmentLinks(release: Release, now: Date = new Date()) {
  const bucket = env(ENV.uploadsBucket);
  return {
    attachments: await Promise.all(
      release.attachments.map(async (a) => ({
        uploadId: a.uploadId,
        name: a.name,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
        url: await presignGet(bucket, a.key, DOWNLOAD_URL_SECONDS, a.name),
        viewUrl: await presignView(bucket, a.key, DOWNLOAD_URL_SECONDS, a.contentType),
      })),
    ),
    linksExpireAt: new Date(now.getTime() + DOWNLOAD_URL_SECONDS * 1000).toISOString(),
  };
}
