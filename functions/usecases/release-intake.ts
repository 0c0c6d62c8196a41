/**
 * Receiving a release: the one path by which a submission becomes a release, for a
 * confirmed sender's POST /api/releases and for a held submission confirmed later. It
 * claims each attachment for the release (a conditional update: an upload belongs to one
 * release), claims the agenda number, stores the release with it (status received, only
 * the status key's hash) and starts the workflow (execution name = release id).
 * Run again with the same release id, every step finds what the earlier run did.
 */
import type { WartaConfig } from '#domain/config.js';
import { Conflict } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { sha256Hex } from '#domain/ids.js';
import type { Attachment, Release } from '#domain/release.js';
import type { Submission } from '#domain/submission.js';
import { ENV } from '#contract/handlers.js';
import { ensureAgendaNumber } from '#adapters/agenda-book.js';
import { env } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { appendEvent, findRelease, putNewRelease } from '#adapters/release-store.js';
import { claimUpload, releaseUploadClaim } from '#adapters/upload-store.js';
import { startExecution } from '#adapters/workflow-engine.js';

export async function claimAttachments(uploadIds: string[], releaseId: string): Promise<Attachment[]> {
  const claimed: Attachment[] = [];
  try {
    for (const uploadId of uploadIds) {
      const u = await claimUpload(uploadId, releaseId);
      // The sha256 comes later, from the register stage (hashing a large file here would not fit the API's time).
      claimed.push({
        uploadId,
        key: u.key,
        name: u.name,
        contentType: u.contentType ?? u.declaredType,
        size: u.size,
        sha256: '',
        ...(u.etag ? { etag: u.etag } : {}),
      });
    }
    return claimed;
  } catch (e) {
    // Nothing stored half: give back what this request took before the refusal.
    await Promise.all(claimed.map((a) => releaseUploadClaim(a.uploadId, releaseId)));
    throw e;
  }
}

export interface Intake {
  releaseId: string;
  statusKey: string;
  submission: Submission;
  /** True when the release id was made by this request: nothing can be stored under it yet, so no lookups. */
  fresh: boolean;
}

export async function receiveRelease(cfg: WartaConfig, intake: Intake): Promise<Release> {
  const { releaseId, statusKey, submission, fresh } = intake;
  let release = fresh ? undefined : await findRelease(releaseId);
  // Stored by this run: it has no events yet.
  let storedNow = false;
  if (!release) {
    const attachments = await claimAttachments(submission.attachments, releaseId);
    const now = new Date().toISOString();
    // The number first, so the release is stored with it in one write. A retry of a run
    // cut short here finds this claim and keeps it; a fresh id can have no claim yet, so
    // the search is skipped.
    const agenda = await ensureAgendaNumber(
      cfg,
      releaseId,
      {
        receivedAt: now,
        newsType: submission.newsType,
        title: submission.title,
        sender: submission.submitter.name,
        institution: submission.submitter.institution,
      },
      { fresh },
    );
    const created: Release = {
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
      await putNewRelease(created, statusKey);
      release = created;
      storedNow = true;
    } catch (e) {
      if (!(e instanceof Conflict)) throw e;
      release = (await findRelease(releaseId))!;
    }
  }
  logger.appendKeys({ releaseId });

  await appendEvent(
    releaseId,
    { type: EVENT_TYPES.received, data: { agendaNumber: release.agendaNumber, attachments: release.attachments.length }, key: 'received' },
    storedNow ? { after: null } : {},
  );

  // The register stage records the execution on the release; until then a retry starts it
  // again, which Step Functions answers with the same execution (its name is the id).
  if (!release.executionArn) await startExecution(env(ENV.stateMachineArn), { releaseId });
  logger.info('release received', { agendaNumber: release.agendaNumber });
  return release;
}
