/**
 * The confirmation step before a release is received (functions/domain/confirmation.ts):
 * holding an unconfirmed sender's submission and mailing the link, and receiving it when
 * the link is followed. Both are safe to run twice: a confirmed token answers with the
 * release it made, and receiving finds what an earlier run stored.
 */
import {
  CONFIRMATION_LINK_HOURS,
  confirmationTimes,
  confirmationUrl,
  isOfficeAddress,
  senderConfirmedUntil,
} from '#domain/confirmation.js';
import type { WartaConfig } from '#domain/config.js';
import { Expired, NotFound } from '#domain/errors.js';
import { newSecret, sha256Hex } from '#domain/ids.js';
import { confirmationMailsPerAddress } from '#domain/limits.js';
import { statusUrl } from '#domain/links.js';
import { confirmationMail } from '#domain/mail/confirmation.js';
import type { Locale } from '#domain/messages.js';
import type { Submission } from '#domain/submission.js';
import {
  findHeldSubmission,
  isConfirmedSender,
  markHeldConfirmed,
  markSenderConfirmed,
  putHeldSubmission,
} from '#adapters/confirmation-store.js';
import { webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { sendMail } from '#adapters/mailer.js';
import { takeFromLimit } from '#adapters/rate-limiter.js';
import { claimAttachments, receiveRelease } from './release-intake.js';
import { findRelease } from '#adapters/release-store.js';
import { listPeople } from '#adapters/directory-store.js';

/** The office's own people and addresses confirmed in the last 180 days submit straight away. */
export async function needsConfirmation(email: string, now: Date = new Date()): Promise<boolean> {
  if (isOfficeAddress(await listPeople(), email)) return false;
  return !(await isConfirmedSender(email, now));
}

export interface HeldAnswer {
  id: string;
  statusKey: string;
  statusUrl: string;
  confirmation: 'sent';
}

/**
 * Stores the submission as unconfirmed (no agenda number, no workflow) and mails its sender
 * the confirmation link; past the address's daily number of mails, a 429 and nothing stored.
 * The attachments are claimed now, so a wrong one is refused while the sender is still on the form.
 */
export async function holdForConfirmation(
  cfg: WartaConfig,
  held: { releaseId: string; statusKey: string; submission: Submission },
  locale: Locale,
  now: Date = new Date(),
): Promise<HeldAnswer> {
  const { releaseId, statusKey, submission } = held;
  await takeFromLimit(confirmationMailsPerAddress(cfg), submission.submitter.email, now);
  await claimAttachments(submission.attachments, releaseId);
  const token = newSecret();
  const tokenHash = sha256Hex(token);
  await putHeldSubmission({ tokenHash, releaseId, statusKey, submission, createdAt: now.toISOString(), ...confirmationTimes(now) });
  const mail = confirmationMail({
    locale: submission.submitter.locale ?? locale,
    officeName: cfg.office.name[submission.submitter.locale ?? locale],
    submitterName: submission.submitter.name,
    title: submission.title,
    url: confirmationUrl(webOrigin(), token),
    validHours: CONFIRMATION_LINK_HOURS,
  });
  const result = await sendMail({
    to: submission.submitter.email,
    toName: submission.submitter.name,
    ...mail,
    idempotencyKey: `confirm#${tokenHash}`,
  });
  logger.info('submission held for confirmation', { releaseId, mail: result });
  return { id: releaseId, statusKey, statusUrl: statusUrl(webOrigin(), releaseId, statusKey), confirmation: 'sent' };
}

export interface ConfirmedAnswer {
  id: string;
  agendaNumber: string;
  statusUrl: string;
}

/** Follows a confirmation link: receives the held submission (number, workflow) and confirms the address. */
export async function confirmSubmission(cfg: WartaConfig, token: string, now: Date = new Date()): Promise<ConfirmedAnswer> {
  const tokenHash = sha256Hex(token);
  const held = await findHeldSubmission(tokenHash);
  // Past its deletion time the item may still be there (TTL is late): it is gone all the same.
  if (!held || (!held.confirmedAt && Date.parse(held.deleteAt) <= now.getTime())) throw new NotFound('confirmation.unknown');
  const answer = (agendaNumber: string): ConfirmedAnswer => ({
    id: held.releaseId,
    agendaNumber,
    statusUrl: statusUrl(webOrigin(), held.releaseId, held.statusKey),
  });
  if (held.confirmedAt) {
    const release = await findRelease(held.releaseId);
    if (release) return answer(release.agendaNumber);
  }
  if (Date.parse(held.linkExpiresAt) <= now.getTime()) throw new Expired('confirmation.expired', { hours: CONFIRMATION_LINK_HOURS });
  if (!held.submission) throw new NotFound('confirmation.unknown');
  const release = await receiveRelease(cfg, {
    releaseId: held.releaseId,
    statusKey: held.statusKey,
    submission: held.submission,
    fresh: false,
  });
  await markSenderConfirmed(held.submission.submitter.email, now, senderConfirmedUntil(now));
  await markHeldConfirmed(tokenHash, now.toISOString());
  return answer(release.agendaNumber);
}
