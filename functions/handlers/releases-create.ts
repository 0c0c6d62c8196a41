/**
 * POST /api/releases -> 201 {id, agendaNumber, statusKey, statusUrl}, or 202 {id, statusKey,
 * statusUrl, confirmation: "sent"} for a sender who has not confirmed their address lately.
 * Validates the submission with the shared schema and the office's news types and counts it
 * against its IP's hourly limit (429 past it). A confirmed sender's release is received
 * (release-intake.ts: attachments, agenda number, release, workflow); another's is held
 * until the link mailed to them is followed (sender-confirmation.ts).
 *
 * A valid, unused proof-of-work (`altcha`) is required; functions/adapters/http/captcha-guard.ts.
 *
 * Retries: with an Idempotency-Key header the same request returns the same release,
 * and a request cut short half-way is finished by its retry (every step finds what the
 * earlier attempt did). Without the header each POST is a new submission.
 */
import { newsTypesOf } from '#domain/config.js';
import { Invalid } from '#domain/errors.js';
import { canonicalJson } from '#domain/events.js';
import { newSecret, newUlid, sha256Hex } from '#domain/ids.js';
import { submissionsPerIp } from '#domain/limits.js';
import { statusUrl } from '#domain/links.js';
import { submissionSchema } from '#domain/submission.js';
import { config, webOrigin } from '#runtime/env.js';
import { claimIdempotencyKey } from '#adapters/idempotency-store.js';
import { receiveRelease } from '#usecases/release-intake.js';
import { holdForConfirmation, needsConfirmation } from '#usecases/sender-confirmation.js';
import { limitBySourceIp } from '#adapters/http/client-limits.js';
import { header, httpHandler, parseBody } from '#adapters/http/respond.js';
import { requireJsonFromOurSite } from '#adapters/http/request-guard.js';
import { requireCaptcha } from '#adapters/http/captcha-guard.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

export const handler = httpHandler(async (event, { locale }) => {
  requireJsonFromOurSite(event);
  const submission = parseBody(event, submissionSchema);
  const cfg = config();
  if (!Object.hasOwn(newsTypesOf(cfg), submission.newsType))
    throw new Invalid('invalid.fields', {}, [{ path: 'newsType', key: 'invalid.newsType' }]);
  if (submission.attachments.length > cfg.uploads.maxFiles) throw new Invalid('invalid.tooManyFiles', { max: cfg.uploads.maxFiles });
  if (new Set(submission.attachments).size !== submission.attachments.length) throw new Invalid('invalid.duplicateAttachment');
  submission.submitter.locale ??= locale;
  await limitBySourceIp(event, submissionsPerIp(cfg));
  const captcha = await requireCaptcha(event);

  let { releaseId, statusKey } = { releaseId: newUlid(), statusKey: newSecret() };
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new Invalid('invalid.idempotencyKey');
    ({ releaseId, statusKey } = await claimIdempotencyKey(idempotencyKey, sha256Hex(canonicalJson(submission)), { releaseId, statusKey }));
  }
  // Spent only now: a submission refused for its own fields keeps its solution for the resend.
  await captcha.spend();

  if (await needsConfirmation(submission.submitter.email)) {
    return { status: 202, body: await holdForConfirmation(cfg, { releaseId, statusKey, submission }, locale) };
  }
  // A fresh id (no Idempotency-Key) cannot have been stored yet: nothing to look up.
  const release = await receiveRelease(cfg, { releaseId, statusKey, submission, fresh: idempotencyKey === undefined });
  return {
    status: 201,
    body: { id: releaseId, agendaNumber: release.agendaNumber, statusKey, statusUrl: statusUrl(webOrigin(), releaseId, statusKey) },
  };
});
