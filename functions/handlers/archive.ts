/**
 * Stage "archive": gives the release its classification code and the next archive
 * number, then writes to the archive bucket under `releases/<year>/<agendaSeq>-<id>/`
 * the release as a PDF (text, photos, approval trail with paraf, agenda and archive
 * numbers, a QR code to the public verification page), its media and `record.json` (the release and its events), without the
 * submitter's phone and the approvers' IP and user agent. The agenda book
 * entry and the release record say where it lies; status archived (completed, with the
 * activity record, when the SOP ends here). Run twice it claims
 * no second number and writes no second version of any object (Object Lock on AWS).
 */
import { copyUploadToArchiveOnce, putArchiveObjectOnce, readUpload, recordActivity } from '#adapters/archive-store.js';
import { config, webOrigin } from '#runtime/env.js';
import { logger } from '#runtime/logger.js';
import { releaseCompleted } from '#runtime/metrics.js';
import { appendEvent, getRelease, listEvents, updateRelease } from '#adapters/release-store.js';
import { claimSequence, findClaim, updateSequenceEntry } from '#adapters/sequence-store.js';
import { stageHandler } from '#runtime/stage.js';
import { agendaPartition, archivePartition, yearMonthIn } from '#domain/agenda.js';
import { archiveFolder, archiveYear, classificationFor, formatArchiveNumber } from '#domain/archive-numbering.js';
import { newsTypesOf, profileOf } from '#domain/config.js';
import { Conflict } from '#domain/errors.js';
import { EVENT_TYPES } from '#domain/events.js';
import { keys } from '#domain/keys.js';
import type { ArchiveRecord, Attachment, Release } from '#domain/release.js';
import { type ArchiveImage, renderArchivePdf } from '#domain/render/archive-pdf.js';
import { safeFileName } from '#domain/render/escape.js';
import { IN_ENGLISH } from '#domain/zod-english.js';
import { automatedStagePayload } from '#domain/stage-payloads.js';
import { archivableEvents, archivableRelease } from '#domain/personal-data.js';
import { approvedTextSha256, textOf } from '#domain/paraf.js';
import { verifyUrl } from '#domain/verification.js';
import { recordStageStarted } from '#usecases/stage-start.js';

const payloadSchema = automatedStagePayload('archive');

/** Photos embedded in the PDF: enough for the record, bounded for the Lambda's memory. */
const MAX_IMAGES = 10;
const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

// Passing failures (SES throttling, a store's 5xx) surface as Warta.Transient: the machine retries them.
export const handler = stageHandler(async (input: unknown) => {
  const payload = payloadSchema.parse(input, IN_ENGLISH);
  const cfg = config();
  const release = await getRelease(payload.releaseId);
  logger.appendKeys({ releaseId: release.id, agendaNumber: release.agendaNumber, stage: payload.stageId });
  if (release.status === 'rejected' || release.status === 'failed') {
    throw new Conflict('release.wrongStatus', { id: release.id, status: release.status });
  }
  await recordStageStarted(release.id, payload);

  const classification = classificationFor(cfg, release.newsType);
  const { seq, claimedAt, partition } = await claimArchiveNumber(release, classification.code);
  const at = yearMonthIn(new Date(claimedAt), cfg.office.timeZone);
  const archiveNumber = release.archive?.archiveNumber ?? formatArchiveNumber(cfg, seq, classification.code, at);
  const archivedAt = release.archive?.archivedAt ?? claimedAt;

  const folder = archiveFolder(release);
  const mediaKeys: string[] = [];
  const names = new Set<string>();
  for (const a of release.attachments) {
    const key = `${folder}media/${uniqueName(a, names)}`;
    await copyUploadToArchiveOnce(a.key, key, a.contentType);
    mediaKeys.push(key);
  }

  const record: ArchiveRecord = {
    classification: classification.code,
    archiveNumber,
    pdfKey: `${folder}release.pdf`,
    recordKey: `${folder}record.json`,
    mediaKeys,
    archivedAt,
    // What the QR code on the PDF leads to: the published text's hash and who approved it.
    textSha256: approvedTextSha256(textOf(release)),
    verifyUrl: verifyUrl(webOrigin(), release.id),
  };
  // Object Lock keeps these objects for years and cannot forget: no phone, IP or user agent in them.
  const archived: Release = archivableRelease({ ...release, archive: record });
  const profile = profileOf(cfg);
  const pdf = await renderArchivePdf({
    release: archived,
    office: { name: cfg.office.name, address: cfg.office.address, timeZone: cfg.office.timeZone },
    archiveNumber,
    classification,
    newsType: newsTypesOf(cfg)[release.newsType] ?? { id: release.newsType, en: release.newsType },
    stageLabels: Object.fromEntries(profile.stages.map((s) => [s.id, s.label])),
    archivedAt,
    images: await imagesFor(release),
    verifyUrl: record.verifyUrl!,
    textSha256: record.textSha256!,
  });
  const pdfWrite = await putArchiveObjectOnce(record.pdfKey, pdf, 'application/pdf');
  const events = await listEvents(release.id);
  const recordWrite = await putArchiveObjectOnce(
    record.recordKey,
    JSON.stringify({ release: archived, events: archivableEvents(events) }, null, 2),
    'application/json',
  );

  // Where it lies, in the archive book and the agenda book.
  await updateSequenceEntry(partition, seq, { archiveNumber, classification: classification.code, folder, pdfKey: record.pdfKey });
  await updateSequenceEntry(agendaPartition(release.agendaYear), release.agendaSeq, { archiveNumber, archiveFolder: folder, archivedAt });

  // An SOP that ends with archiving (esdm-babel) has no report stage: this stage closes
  // the release and writes its activity record for the periodic report.
  const closesRelease = profile.stages.at(-1)?.id === payload.stageId;
  if (closesRelease) {
    await recordActivity({ ...release, archive: record }, { stageId: payload.stageId, enteredAt: payload.enteredAt ?? archivedAt });
  }
  const status = closesRelease ? ('completed' as const) : ('archived' as const);
  const advance = release.status !== 'completed';
  await updateRelease(release.id, { archive: record, currentStage: payload.stageId, ...(advance ? { status } : {}) });
  if (advance && status === 'completed') releaseCompleted(release.id);
  await appendEvent(release.id, {
    type: EVENT_TYPES.stageFinished,
    stageId: payload.stageId,
    key: `finished#${payload.stageId}`,
    data: { enteredAt: payload.enteredAt, archiveNumber, classification: classification.code, folder },
  });
  logger.info('archived', { archiveNumber, folder, pdf: pdfWrite, record: recordWrite });
  return { releaseId: release.id, archiveNumber, classification: classification.code, folder };
});

/**
 * The release's archive number: the one it already has (also when a re-run falls in the
 * next year, hence last year's book is looked at too), or the next of this year's book.
 */
async function claimArchiveNumber(release: Release, classification: string) {
  const cfg = config();
  const year = archiveYear(cfg, new Date()).year;
  for (const y of [year, year - 1]) {
    const found = await findClaim(archivePartition(y), release.id, keys.archiveOf(release.id));
    if (found) return { seq: found.seq, claimedAt: found.claimedAt, partition: archivePartition(y) };
  }
  const claim = await claimSequence(archivePartition(year), release.id, keys.archiveOf(release.id), {
    agendaNumber: release.agendaNumber,
    classification,
  });
  return { seq: claim.seq, claimedAt: claim.entry.claimedAt, partition: archivePartition(year) };
}

function uniqueName(a: Attachment, used: Set<string>): string {
  let name = safeFileName(a.name);
  if (used.has(name)) name = `${a.uploadId.slice(-6).toLowerCase()}-${name}`;
  used.add(name);
  return name;
}

/** The approved photos (or every JPEG/PNG when none were chosen), within the limits. */
async function imagesFor(release: Release): Promise<ArchiveImage[]> {
  const embeddable = (a: Attachment) => a.contentType === 'image/jpeg' || a.contentType === 'image/png';
  const byId = new Map(release.attachments.map((a) => [a.uploadId, a]));
  const chosen = release.draft?.photos?.length
    ? release.draft.photos.flatMap((p) => {
        const a = byId.get(p.uploadId);
        return a && embeddable(a) ? [{ a, caption: p.caption }] : [];
      })
    : release.attachments.filter(embeddable).map((a) => ({ a, caption: undefined as string | undefined }));
  const images: ArchiveImage[] = [];
  let total = 0;
  for (const { a, caption } of chosen.slice(0, MAX_IMAGES)) {
    if (total + a.size > MAX_IMAGE_BYTES) continue;
    total += a.size;
    images.push({ uploadId: a.uploadId, bytes: await readUpload(a.key), ...(caption ? { caption } : {}) });
  }
  return images;
}
