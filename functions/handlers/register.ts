/**
 * Stage `register` (SOP step 1: receive, register in the agenda book, attach the
 * disposition form). Idempotent: run again it finds the agenda claim, the moved files,
 * the sent receipt and the written events, and does nothing twice.
 *  1. ensures the agenda number (the same claim releases-create made, or a new one);
 *  2. records the disposition form data (news type, date, sender) in the agenda book
 *     entry and the event log;
 *  3. moves the attachments from `incoming/` to `releases/<id>/` (copy, then delete, only
 *     of the object checked at /complete), checks size and type again on the moved bytes
 *     and takes each one's sha256 from them (the archive, the task pages and the event log
 *     carry it); a hash already recorded by an earlier run is kept. An attachment replaced
 *     since its check refuses the release: the sender is mailed why, and the stage fails;
 *  4. mails the sender the receipt with the agenda number and the private status link;
 *  5. sets the release in progress and records its execution (for the audit).
 */
import { newsTypesOf, profileOf } from '#domain/config.js';
import { promisedMails } from '#domain/sender-mails.js';
import { EVENT_TYPES } from '#domain/events.js';
import { statusUrl } from '#domain/links.js';
import { formatDateTime } from '#domain/format.js';
import { receiptMail } from '#domain/mail/receipt.js';
import { refusalMail } from '#domain/mail/refusal.js';
import { parseStagePayload } from '#domain/stage-payloads.js';
import { ENV } from '#contract/handlers.js';
import { ensureAgendaNumber } from '#adapters/agenda-book.js';
import { config, env, webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { stageHandler } from '#runtime/stage.js';
import { sendMail } from '#adapters/mailer.js';
import { AttachmentRefused, moveCheckedAttachment } from '#usecases/attachment-move.js';
import { appendEvent, clearPendingStatusKey, getReleaseWithPendingKey, updateRelease } from '#adapters/release-store.js';
import { recordStageStarted } from '#usecases/stage-start.js';

export const handler = stageHandler(async (input: unknown) => {
  const payload = parseStagePayload(input);
  logger.appendKeys({ releaseId: payload.releaseId, stage: payload.stageId });
  const cfg = config();
  let { release, pendingStatusKey: statusKey } = await getReleaseWithPendingKey(payload.releaseId);
  // Each append passes on the event it wrote, so the next one needs no read of the log.
  let head = await recordStageStarted(release.id, payload);

  const sender = release.submission.submitter;
  // releases-create records the number on the release before it starts the execution;
  // a release that came without one (or a run cut short before it) claims it here.
  const agenda = release.agendaNumber
    ? { agendaNumber: release.agendaNumber, agendaYear: release.agendaYear, agendaSeq: release.agendaSeq }
    : await ensureAgendaNumber(cfg, release.id, {
        receivedAt: release.createdAt,
        newsType: release.newsType,
        title: release.submission.title,
        sender: sender.name,
        institution: sender.institution,
      });
  logger.appendKeys({ agendaNumber: agenda.agendaNumber });

  const bucket = env(ENV.uploadsBucket);
  const attachments = [];
  try {
    for (const a of release.attachments) attachments.push(await moveCheckedAttachment(bucket, a, `releases/${release.id}/${a.uploadId}`));
  } catch (e) {
    if (!(e instanceof AttachmentRefused)) throw e;
    // The sender learns why; the error then takes the failure path, which records it on
    // the release (record-failure), and the execution ends: nothing is published.
    const locale = sender.locale ?? cfg.locale;
    const mail = refusalMail({
      locale,
      officeName: cfg.office.name[locale],
      submitterName: sender.name,
      title: release.submission.title,
      agendaNumber: agenda.agendaNumber,
      reason: e.reason,
    });
    const result = await sendMail({
      to: sender.email,
      toName: sender.name,
      ...mail,
      idempotencyKey: `refused#${release.id}`,
      releaseId: release.id,
    });
    logger.warn('attachment refused', { reason: e.message, mail: result });
    throw e;
  }
  // Moved files and a number claimed here are recorded at once; otherwise the stage is
  // recorded with the status at the end, in one write.
  if (attachments.length > 0 || release.agendaSeq !== agenda.agendaSeq) {
    release = await updateRelease(release.id, {
      agendaNumber: agenda.agendaNumber,
      agendaYear: agenda.agendaYear,
      agendaSeq: agenda.agendaSeq,
      attachments,
      currentStage: payload.stageId,
    });
  }
  head = await appendEvent(
    release.id,
    {
      type: EVENT_TYPES.registered,
      stageId: payload.stageId,
      data: {
        agendaNumber: agenda.agendaNumber,
        newsType: release.newsType,
        receivedAt: release.createdAt,
        sender: sender.name,
        institution: sender.institution,
        letter: release.submission.letter,
        files: release.attachments.map((a) => ({ uploadId: a.uploadId, name: a.name, size: a.size, sha256: a.sha256 })),
      },
      key: 'registered',
    },
    { after: head },
  );

  if (statusKey) {
    const locale = sender.locale ?? cfg.locale;
    const newsType = newsTypesOf(cfg)[release.newsType];
    const mail = receiptMail({
      locale,
      officeName: cfg.office.name[locale],
      submitterName: sender.name,
      title: release.submission.title,
      agendaNumber: agenda.agendaNumber,
      newsTypeLabel: newsType ? newsType[locale] : release.newsType,
      receivedAt: formatDateTime(release.createdAt, locale, cfg.office.timeZone),
      statusUrl: statusUrl(webOrigin(), release.id, statusKey),
      promises: promisedMails(profileOf(cfg)),
    });
    const result = await sendMail({
      to: sender.email,
      toName: sender.name,
      ...mail,
      idempotencyKey: `receipt#${release.id}`,
      releaseId: release.id,
    });
    logger.info('receipt', { result });
  }

  // The receipt is out: the raw status key goes in the same write that sets the status.
  // The execution is recorded here, not by releases-create: one write fewer on the API's path.
  await updateRelease(
    release.id,
    { status: 'in-progress', currentStage: payload.stageId, executionArn: payload.executionId },
    { expectStatus: ['received', 'in-progress'], clearPendingStatusKey: statusKey !== undefined },
  ).catch(async (e: Error) => {
    // A later stage already moved the release on: a late redelivery must not move it back.
    if (e.name !== 'Conflict') throw e;
    if (statusKey !== undefined) await clearPendingStatusKey(release.id);
  });
  await appendEvent(
    release.id,
    { type: EVENT_TYPES.stageFinished, stageId: payload.stageId, key: `finished#${payload.stageId}` },
    { after: head },
  );
  return { releaseId: release.id, agendaNumber: agenda.agendaNumber };
});
