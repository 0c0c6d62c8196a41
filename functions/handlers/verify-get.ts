/**
 * GET /api/verify/{archiveId}: the public verification page's data for an archived
 * release (functions/domain/verification.ts says what it shows and why nothing private).
 * An unknown id, a malformed one and a release not archived yet answer alike: 404.
 * It reads one item by key; its role may do no more (infra/cdk/wiring.ts).
 */
import { profileOf } from '#domain/config.js';
import { NotFound } from '#domain/errors.js';
import { uploadIdSchema } from '#domain/submission.js';
import { verificationView } from '#domain/verification.js';
import { config } from '#runtime/env.js';
import { findRelease } from '#adapters/release-store.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler(async (event) => {
  const archiveId = event.pathParameters?.archiveId ?? '';
  if (!uploadIdSchema.safeParse(archiveId).success) throw new NotFound('verify.notFound');
  const release = await findRelease(archiveId);
  const view = release && verificationView(release, profileOf(config()));
  if (!view) throw new NotFound('verify.notFound');
  // An archived release does not change: a few minutes in a cache spare the table a flood of scans.
  return { status: 200, body: view, headers: { 'cache-control': 'public, max-age=300' } };
});
