/**
 * GET /api/releases/{id} with the status key in the STATUS_KEY_HEADER (or, from pages
 * opened before, in `?key=`) -> the sender's private status page data:
 * status, agenda number, current stage and the timeline of stages against Mutu Baku.
 * A wrong or missing key answers exactly like an unknown release (404), and nothing
 * here names the people handling it or carries a task link. Before the sender confirms
 * their address the release does not exist yet: the link they were given then shows that
 * it waits for confirmation, until when, and when it will be deleted unconfirmed.
 */
import { newsTypesOf, profileOf } from '#domain/config.js';
import { NotFound } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { secretMatches, SECRET_PATTERN } from '#domain/ids.js';
import { calendarOf } from '#domain/office-structure.js';
import { senderMailTimeline } from '#domain/sender-mails.js';
import { stageTimings, type StageMark } from '#domain/sla.js';
import { uploadIdSchema } from '#domain/submission.js';
import { config } from '#runtime/env.js';
import { findRelease, listEvents } from '#adapters/release-store.js';
import { findHeldRelease } from '#adapters/confirmation-store.js';
import { httpHandler } from '#adapters/http/respond.js';
import { statusKeyOf } from '#adapters/http/secrets.js';

export const handler = httpHandler(async (event) => {
  const id = event.pathParameters?.id ?? '';
  const key = statusKeyOf(event);
  if (!uploadIdSchema.safeParse(id).success || !SECRET_PATTERN.test(key)) throw new NotFound('release.notFound');
  const release = await findRelease(id);
  if (!release) return { status: 200, body: await awaitingConfirmation(id, key) };
  if (!secretMatches(key, release.statusKeyHash)) throw new NotFound('release.notFound');

  const cfg = config();
  const profile = profileOf(cfg);
  const events = await listEvents(id);
  const marks: StageMark[] = events
    .filter((e) => e.stageId && (e.type === EVENT_TYPES.stageStarted || e.type === EVENT_TYPES.stageFinished))
    // A stage started when the machine entered it (`data.at`), not when its Lambda first ran.
    .map((e) => ({
      stageId: e.stageId!,
      type: e.type === EVENT_TYPES.stageStarted ? 'started' : 'finished',
      at: typeof e.data?.at === 'string' ? e.data.at : e.at,
    }));
  const current = profile.stages.find((s) => s.id === release.currentStage);
  const rejection = release.decisions.find((d) => d.action === 'reject');
  return {
    status: 200,
    body: {
      id: release.id,
      status: release.status,
      agendaNumber: release.agendaNumber,
      title: release.submission.title,
      newsType: { id: release.newsType, label: newsTypesOf(cfg)[release.newsType] ?? { id: release.newsType, en: release.newsType } },
      receivedAt: release.createdAt,
      updatedAt: release.updatedAt,
      currentStage: current ? { id: current.id, label: current.label } : null,
      timeline: stageTimings(profile, marks, new Date(), calendarOf(cfg)),
      // The mails the receipt promised, with when each went out.
      senderMails: senderMailTimeline(profile, events),
      attachments: release.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.size })),
      publication: release.publication ? { url: release.publication.url, publishedAt: release.publication.publishedAt } : null,
      rejection: rejection ? { at: rejection.at, reason: String(rejection.details?.reason ?? rejection.note ?? '') } : null,
    },
  };
});

/** The status of a submission held for its sender's confirmation; 404 as for any unknown release otherwise. */
async function awaitingConfirmation(id: string, key: string) {
  const held = await findHeldRelease(id);
  if (!held || !secretMatches(key, held.statusKeyHash) || Date.parse(held.deleteAt) <= Date.now()) throw new NotFound('release.notFound');
  return {
    id,
    status: 'awaiting-confirmation',
    agendaNumber: null,
    title: held.title,
    receivedAt: held.createdAt,
    confirmBy: held.linkExpiresAt,
    deleteAt: held.deleteAt,
    currentStage: null,
    timeline: [],
    senderMails: [],
    attachments: [],
    publication: null,
    rejection: null,
  };
}
