/**
 * POST /api/releases -> 201 {id, agendaNumber, statusKey, statusUrl}.
 * Validates the submission with the shared schema and the office's news types, claims
 * each attachment for this release (a conditional update: an upload belongs to one
 * release), claims the agenda number, stores the release with it (status received, only
 * the status key's hash) and starts the workflow (execution name = release id).
 *
 * A valid, unused proof-of-work (`altcha`) is required; functions/http/captcha-guard.ts.
 *
 * Retries: with an Idempotency-Key header the same request returns the same release,
 * and a request cut short half-way is finished by its retry (every step finds what the
 * earlier attempt did). Without the header each POST is a new submission.
 */
import { newsTypesOf } from '#domain/config.js';
import { Conflict, Invalid } from '#domain/errors.js';
import { canonicalJson, EVENT_TYPES } from '#domain/events.js';
import { newSecret, newUlid, sha256Hex } from '#domain/ids.js';
import { statusUrl } from '#domain/links.js';
import type { Attachment, Release } from '#domain/release.js';
import { submissionSchema } from '#domain/submission.js';
import { ENV } from '#domain/workflow.js';
import { ensureAgendaNumber } from '#aws/agenda-book.js';
import { config, env, webOrigin } from '#aws/env.js';
import { claimIdempotencyKey } from '#aws/idempotency-store.js';
import { logger } from '#aws/logger.js';
import { appendEvent, findRelease, putNewRelease } from '#aws/release-store.js';
import { claimUpload, releaseUploadClaim } from '#aws/upload-store.js';
import { startExecution } from '#aws/workflow-engine.js';
import { header, httpHandler, parseBody } from '#http/respond.js';
import { requireJsonFromOurSite } from '#http/request-guard.js';
import { requireCaptcha } from '#http/captcha-guard.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;

async function claimAttachments(uploadIds: string[], releaseId: string): Promise<Attachment[]> {
  const claimed: Attachment[] = [];
  try {
    for (const uploadId of uploadIds) {
      const u = await claimUpload(uploadId, releaseId);
      // The sha256 comes later, from the register stage (hashing a large file here would not fit the API's time).
      claimed.push({ uploadId, key: u.key, name: u.name, contentType: u.contentType ?? u.declaredType, size: u.size, sha256: '', ...(u.etag ? { etag: u.etag } : {}) });
    }
    return claimed;
  } catch (e) {
    // Nothing stored half: give back what this request took before the refusal.
    await Promise.all(claimed.map((a) => releaseUploadClaim(a.uploadId, releaseId)));
    throw e;
  }
}

export const handler = httpHandler(async (event, { locale }) => {
  requireJsonFromOurSite(event);
  const submission = parseBody(event, submissionSchema);
  const cfg = config();
  if (!Object.hasOwn(newsTypesOf(cfg), submission.newsType)) throw new Invalid('invalid.fields', {}, [{ path: 'newsType', key: 'invalid.newsType' }]);
  if (submission.attachments.length > cfg.uploads.maxFiles) throw new Invalid('invalid.tooManyFiles', { max: cfg.uploads.maxFiles });
  if (new Set(submission.attachments).size !== submission.attachments.length) throw new Invalid('invalid.duplicateAttachment');
  submission.submitter.locale ??= locale;
  const captcha = await requireCaptcha(event);

  let { releaseId, statusKey } = { releaseId: newUlid(), statusKey: newSecret() };
  const idempotencyKey = header(event, 'idempotency-key');
  if (idempotencyKey !== undefined) {
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) throw new Invalid('invalid.idempotencyKey');
    ({ releaseId, statusKey } = await claimIdempotencyKey(idempotencyKey, sha256Hex(canonicalJson(submission)), { releaseId, statusKey }));
  }
  // Spent only now: a submission refused for its own fields keeps its solution for the resend.
  await captcha.spend();

  // A fresh id (no Idempotency-Key) cannot have been stored yet: nothing to look up.
  let release = idempotencyKey === undefined ? undefined : await findRelease(releaseId);
  // Stored by this request: it has no events yet.
  let storedNow = false;
  if (!release) {
    const attachments = await claimAttachments(submission.attachments, releaseId);
    const now = new Date().toISOString();
    // The number first, so the release is stored with it in one write. A retry (same
    // Idempotency-Key) of a request cut short here finds this claim and keeps it; a fresh id
    // can have no claim yet, so the search is skipped.
    const agenda = await ensureAgendaNumber(cfg, releaseId, {
      receivedAt: now,
      newsType: submission.newsType,
      title: submission.title,
      sender: submission.submitter.name,
      institution: submission.submitter.institution,
    }, { fresh: idempotencyKey === undefined });
    const fresh: Release = {
      id: releaseId,
      status: 'received',
      profile: cfg.profile,
      newsType: submission.newsType,
      submission,
      agendaNumber: agenda.agendaNumber,
      agendaYear: agenda.agendaYear,
      agendaSeq: agenda.agendaSeq,
      statusKeyHash: sha256Hex(statusKey),
      attachments,
      decisions: [],
      createdAt: now,
      updatedAt: now,
    };
    try {
      await putNewRelease(fresh, statusKey);
      release = fresh;
      storedNow = true;
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
      release = (await findRelease(releaseId))!;
    }
  }
  logger.appendKeys({ releaseId });

  await appendEvent(releaseId, { type: EVENT_TYPES.received, data: { agendaNumber: release.agendaNumber, attachments: release.attachments.length }, key: 'received' }, storedNow ? { after: null } : {});

  // The register stage records the execution on the release; until then a retry starts it
  // again, which Step Functions answers with the same execution (its name is the id).
  if (!release.executionArn) await startExecution(env(ENV.stateMachineArn), { releaseId });
  logger.info('release received', { agendaNumber: release.agendaNumber });
  return {
    status: 201,
    body: { id: releaseId, agendaNumber: release.agendaNumber, statusKey, statusUrl: statusUrl(webOrigin(), releaseId, statusKey) },
  };
});
