/**
 * Stage "notify": tells the sender the outcome in their own language — published, with
 * the link to the newsroom page, or (payload `outcome: "rejected"`) rejected with the
 * reviewer's reason. One mail per release and outcome, however often it runs.
 */
import { config, webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { sendMail } from '#adapters/mailer.js';
import { appendEvent, getRelease, updateRelease } from '#adapters/release-store.js';
import { stageHandler } from '#runtime/stage.js';
import { Conflict } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { officeView } from '#domain/newsroom.js';
import type { Release } from '#domain/release.js';
import { type NotifyOutcome, renderNotifyEmail } from '#domain/render/notify-email.js';
import { IN_ENGLISH } from '#domain/zod-english.js';
import { automatedStagePayload } from '#domain/stage-payloads.js';
import { recordStageStarted } from '#usecases/stage-start.js';

const payloadSchema = automatedStagePayload('notify');

// Passing failures (SES throttling, a store's 5xx) surface as Warta.Transient: the machine retries them.
export const handler = stageHandler(async (input: unknown) => {
  const payload = payloadSchema.parse(input, IN_ENGLISH);
  const cfg = config();
  const release = await getRelease(payload.releaseId);
  logger.appendKeys({ releaseId: release.id, agendaNumber: release.agendaNumber, stage: payload.stageId });
  await recordStageStarted(release.id, payload);
  const kind = payload.outcome ?? (release.status === 'rejected' ? 'rejected' : 'published');
  const outcome = outcomeOf(release, kind);

  const submitter = release.submission.submitter;
  const mail = renderNotifyEmail(
    {
      name: submitter.name,
      title: release.draft?.title ?? release.submission.title,
      agendaNumber: release.agendaNumber,
      locale: submitter.locale ?? cfg.locale,
      outcome,
    },
    officeView(cfg, webOrigin()),
  );
  const result = await sendMail({
    to: submitter.email,
    toName: submitter.name,
    ...mail,
    idempotencyKey: `notify#${release.id}#${kind}`,
    releaseId: release.id,
  });

  if (kind === 'rejected' && (release.status === 'received' || release.status === 'in-progress')) {
    await updateRelease(release.id, { status: 'rejected' }, { expectStatus: ['received', 'in-progress'] }).catch((e) => {
      if (!(e instanceof Conflict)) throw e;
    });
  }
  await appendEvent(release.id, {
    type: EVENT_TYPES.stageFinished,
    stageId: payload.stageId,
    key: `finished#${payload.stageId}`,
    data: { enteredAt: payload.enteredAt, outcome: kind, mail: result },
  });
  logger.info('sender notified', { outcome: kind, mail: result });
  return { releaseId: release.id, outcome: kind, mail: result };
});

function outcomeOf(release: Release, kind: 'published' | 'rejected'): NotifyOutcome {
  if (kind === 'published') {
    if (!release.publication) throw new Conflict('release.wrongStatus', { id: release.id, status: release.status });
    return { kind, url: release.publication.url };
  }
  const rejection = [...release.decisions].reverse().find((d) => d.action === 'reject');
  const reason = rejection?.note ?? (typeof rejection?.details?.reason === 'string' ? rejection.details.reason : '');
  return { kind, reason };
}
