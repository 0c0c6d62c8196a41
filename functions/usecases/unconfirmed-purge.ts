/**
 * Deletes submissions whose sender never confirmed, once their 48 hours are over: the held
 * item with the sender's name, address and text, the records of the uploads it claimed and
 * their objects. The table's TTL would delete the item too, but only within a few days and
 * not the uploads (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html),
 * so the sweep does it on time. Idempotent: each delete is conditional or finds nothing,
 * and a submission confirmed meanwhile is left alone.
 */
import { ENV } from '#contract/handlers.js';
import { deleteHeldSubmission, forgetHeldRelease, heldSubmissionsDue } from '#adapters/confirmation-store.js';
import { env } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { deleteObject } from '#adapters/object-store.js';
import { findRelease } from '#adapters/release-store.js';
import { findUpload, forgetUpload } from '#adapters/upload-store.js';

export interface UnconfirmedPurgeResult {
  deleted: number;
  failed: number;
}

/** Never throws: a failure is logged and counted, and the next run tries again. */
export async function purgeUnconfirmedSubmissions(now: Date): Promise<UnconfirmedPurgeResult> {
  const result: UnconfirmedPurgeResult = { deleted: 0, failed: 0 };
  let due;
  try {
    due = await heldSubmissionsDue(now);
  } catch (e) {
    result.failed++;
    logger.error('could not look for unconfirmed submissions past their time', { error: (e as Error).name });
    return result;
  }
  for (const held of due) {
    try {
      // Received under another link of the same submission (a client's retry): its uploads are the release's now.
      const received = await findRelease(held.releaseId);
      if (!received) {
        for (const uploadId of held.submission?.attachments ?? []) {
          const upload = await findUpload(uploadId, now);
          if (upload?.releaseId !== held.releaseId) continue;
          await deleteObject(env(ENV.uploadsBucket), upload.key);
          await forgetUpload(uploadId, held.releaseId);
        }
      }
      if (await deleteHeldSubmission(held.tokenHash)) {
        result.deleted++;
        if (!received) await forgetHeldRelease(held.releaseId);
      }
      logger.info('unconfirmed submission deleted', { releaseId: held.releaseId, createdAt: held.createdAt });
    } catch (e) {
      result.failed++;
      logger.error('could not delete an unconfirmed submission', { releaseId: held.releaseId, error: (e as Error).name });
    }
  }
  return result;
}
