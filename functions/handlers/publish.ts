/**
 * Stage "publish": puts the approved release on the newsroom (its page and media, then
 * the index and the feed rebuilt from the table's list of published releases) and
 * sends it to every media outlet, one mail each. Records the publication on the release
 * and an event; status published. Run twice it publishes the same page at the same
 * time and sends no second mail (idempotency keys per outlet).
 */
import { listActiveOutlets } from '#adapters/directory-store.js';
import { config, webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { publishMailKey, sendToOutlets } from '#usecases/media-sender.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { copyUploadToSite, listNewsroomEntries, putSiteObject, recordNewsroomEntry } from '#adapters/site-store.js';
import { stageHandler } from '#runtime/stage.js';
import { Conflict } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import {
  FEED_SIZE,
  INDEX_SIZE,
  type OfficeView,
  newsroomEntry,
  officeView,
  publicRelease,
  siteKeys,
  sortEntries,
} from '#domain/newsroom.js';
import type { Publication } from '#domain/release.js';
import { renderMediaEmail } from '#domain/render/media-email.js';
import { renderIndexPage, renderReleasePage } from '#domain/render/newsroom-page.js';
import { renderRss } from '#domain/render/rss.js';
import { IN_ENGLISH } from '#domain/zod-english.js';
import { automatedStagePayload } from '#domain/stage-payloads.js';
import { recordStageStarted } from '#usecases/stage-start.js';

const payloadSchema = automatedStagePayload('publish');

const HTML = 'text/html; charset=utf-8';

// Passing failures (SES throttling, a store's 5xx) surface as Warta.Transient: the machine retries them.
export const handler = stageHandler(async (input: unknown) => {
  const payload = payloadSchema.parse(input, IN_ENGLISH);
  const cfg = config();
  const office = officeView(cfg, webOrigin());
  const release = await getRelease(payload.releaseId);
  logger.appendKeys({ releaseId: release.id, agendaNumber: release.agendaNumber, stage: payload.stageId });
  if (release.status === 'rejected' || release.status === 'failed') {
    throw new Conflict('release.wrongStatus', { id: release.id, status: release.status });
  }
  await recordStageStarted(release.id, payload);

  // The first run fixes the publication time; every later run reads it back.
  const draftView = publicRelease(release, cfg, office.origin, release.publication?.publishedAt ?? new Date().toISOString());
  const entry = await recordNewsroomEntry(newsroomEntry(draftView));
  const pr = { ...draftView, publishedAt: entry.publishedAt };

  for (const media of pr.downloads) await copyUploadToSite(media.sourceKey, media.siteKey, media.contentType);
  await putSiteObject(siteKeys.page(pr.slug), renderReleasePage(pr, office), HTML);
  await rebuildIndexAndFeed(office);

  const outlets = await listActiveOutlets();
  const sent = await sendToOutlets(
    outlets,
    (outlet) => {
      const mail = renderMediaEmail(pr, outlet, office);
      return {
        to: outlet.email,
        toName: outlet.outlet,
        ...mail,
        idempotencyKey: publishMailKey(release.id, outlet.id),
        releaseId: release.id,
      };
    },
    { ratePerSecond: cfg.mail.maxSendRate },
  );
  if (sent.suppressed.length) logger.warn('outlets skipped: address suppressed', { outlets: sent.suppressed });

  const publication: Publication = {
    slug: pr.slug,
    url: pr.url,
    publishedAt: pr.publishedAt,
    outletsSent: [...sent.alreadySent, ...sent.sent],
    outletsSkipped: sent.suppressed,
  };
  // A re-run after archiving must not move the status back.
  const advance = release.status === 'received' || release.status === 'in-progress' || release.status === 'published';
  await updateRelease(release.id, { publication, currentStage: payload.stageId, ...(advance ? { status: 'published' as const } : {}) });
  await appendEvent(release.id, {
    type: EVENT_TYPES.stageFinished,
    stageId: payload.stageId,
    key: `finished#${payload.stageId}`,
    data: { enteredAt: payload.enteredAt, url: pr.url, outletsSent: publication.outletsSent, outletsSkipped: publication.outletsSkipped },
  });
  logger.info('published', { url: pr.url, sent: sent.sent.length, alreadySent: sent.alreadySent.length, skipped: sent.suppressed.length });
  return { releaseId: release.id, url: pr.url, outletsSent: publication.outletsSent, outletsSkipped: publication.outletsSkipped };
});

/**
 * Index and feed from the table. If another release was published while these were
 * written, the list read afterwards differs and they are written again, so the last
 * writer always writes a list that includes everyone before it.
 */
async function rebuildIndexAndFeed(office: OfficeView): Promise<void> {
  let entries = sortEntries(await listNewsroomEntries());
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = new Date().toISOString();
    await putSiteObject(siteKeys.index, renderIndexPage(entries.slice(0, INDEX_SIZE), office), HTML);
    await putSiteObject(siteKeys.rss, renderRss(entries.slice(0, FEED_SIZE), office, now), 'application/rss+xml; charset=utf-8');
    const again = sortEntries(await listNewsroomEntries());
    if (again.map((e) => e.releaseId).join() === entries.map((e) => e.releaseId).join()) return;
    entries = again;
  }
}
