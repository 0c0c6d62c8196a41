/**
 * The archived release as a PDF: the record an archivist files under its archive
 * number — facts (agenda and archive numbers, classification, sender, letter), the
 * disposition sheet, the approved text with its photos, the approval trail with each
 * decision's actor, time, note, paraf record and any in-place correction, the list of
 * media with their sha256, and a QR code to the public verification page with the
 * published text's SHA-256.
 * Indonesian first, English second. All user text goes through `pdfText`.
 */
import type { Correction } from '../correction.js';
import { parafLine } from '../paraf.js';
import type { Release } from '../release.js';
import { paragraphs, pdfText } from './escape.js';
import { FONT, newPdf, pdfBytes } from './pdf-engine.js';
import { formatBytes, formatDate, formatDateTime } from '../format.js';
import { correctionSummary } from '../text-changes.js';
import { ACTION_WORDS, WORDS, type Words } from './words.js';
import { drawQrCode } from './qr.js';

export interface ArchiveImage {
  uploadId: string;
  /** JPEG or PNG bytes; other types are listed, not embedded. */
  bytes: Uint8Array;
  caption?: string;
}

export interface ArchivePdfInput {
  release: Release;
  office: { name: Words; address?: string; timeZone: string };
  archiveNumber: string;
  classification: { code: string; label?: Words };
  newsType: Words;
  /** Stage labels of the SOP profile, by stage id. */
  stageLabels: Record<string, Words>;
  archivedAt: string;
  images: ArchiveImage[];
  /** The public verification page (`<web>/v/<archive id>`), drawn as a QR code. */
  verifyUrl: string;
  /** SHA-256 of the published text's canonical form (paraf.ts approvedText). */
  textSha256: string;
}

const QR_SIZE = 96;

const MARGIN = 56;
const MUTED = '#555555';

export async function renderArchivePdf(input: ArchivePdfInput): Promise<Buffer> {
  const { release, office, timeZone } = { ...input, timeZone: input.office.timeZone };
  const draft = release.draft;
  const title = draft?.title ?? release.submission.title;
  const doc = await newPdf({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: pdfText(title),
      Subject: `${input.archiveNumber} / ${release.agendaNumber}`,
      Author: pdfText(office.name.id),
      Keywords: `${input.archiveNumber}, ${release.agendaNumber}, ${input.classification.code}`,
      CreationDate: new Date(input.archivedAt),
    },
  });
  const width = doc.page.width - MARGIN * 2;
  const heading = (w: Words) => {
    doc.moveDown(0.8).font(FONT.bold).fontSize(12).fillColor('black').text(pdfText(w.id), { continued: true });
    doc
      .font(FONT.regular)
      .fillColor(MUTED)
      .text(` / ${pdfText(w.en)}`)
      .fillColor('black')
      .moveDown(0.3);
  };
  const field = (w: Words, value: string | undefined) => {
    if (!value) return;
    doc
      .font(FONT.bold)
      .fontSize(10)
      .fillColor('black')
      .text(`${pdfText(w.id)} `, { continued: true });
    doc
      .font(FONT.regular)
      .fillColor(MUTED)
      .text(`(${pdfText(w.en)}): `, { continued: true });
    doc.fillColor('black').text(pdfText(value));
  };

  // Letterhead
  doc.font(FONT.bold).fontSize(13).text(pdfText(office.name.id), { align: 'center' });
  doc.font(FONT.regular).fontSize(10).fillColor(MUTED).text(pdfText(office.name.en), { align: 'center' });
  if (office.address) doc.text(pdfText(office.address), { align: 'center' });
  doc.fillColor('black').moveDown(0.5);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .stroke();
  doc.moveDown(0.5).font(FONT.bold).fontSize(14).text(`${WORDS.archiveTitle.id} / ${WORDS.archiveTitle.en}`, { align: 'center' });
  doc.moveDown(0.5);

  field(WORDS.archiveNumber, input.archiveNumber);
  const classLabel = input.classification.label ? ` ${input.classification.label.id} / ${input.classification.label.en}` : '';
  field(WORDS.classification, `${input.classification.code}${classLabel}`);
  field(WORDS.agendaNumber, release.agendaNumber);
  field(WORDS.newsType, `${input.newsType.id} / ${input.newsType.en}`);
  field(WORDS.submittedAt, formatDateTime(release.createdAt, 'id', timeZone));
  const s = release.submission.submitter;
  field(WORDS.submittedBy, `${s.name}, ${s.institution} <${s.email}>${s.phone ? `, ${s.phone}` : ''}`);
  if (release.submission.letter) {
    field(WORDS.letter, `${release.submission.letter.number}, ${formatDate(release.submission.letter.date, 'id', timeZone)}`);
  }
  if (release.submission.eventDate) field(WORDS.eventDate, formatDate(release.submission.eventDate, 'id', timeZone));
  field(WORDS.eventPlace, release.submission.eventPlace);
  if (release.publication) {
    field(WORDS.publishedAt, `${release.publication.url} (${formatDateTime(release.publication.publishedAt, 'id', timeZone)})`);
  }
  field(WORDS.archivedAt, formatDateTime(input.archivedAt, 'id', timeZone));

  heading(WORDS.verification);
  if (doc.y > doc.page.height - MARGIN - QR_SIZE) doc.addPage();
  const top = doc.y;
  drawQrCode(doc, input.verifyUrl, MARGIN, top, QR_SIZE);
  doc.x = MARGIN + QR_SIZE + 12;
  doc.y = top + 6;
  const beside = { width: width - QR_SIZE - 12 };
  doc.font(FONT.regular).fontSize(9).fillColor(MUTED).text(`${WORDS.verifyHint.id} / ${WORDS.verifyHint.en}`, beside);
  doc
    .fillColor('black')
    .font(FONT.bold)
    .text(input.verifyUrl, { ...beside, link: input.verifyUrl });
  doc.font(FONT.regular).text(`${WORDS.textSha256.id} / ${WORDS.textSha256.en}:`, beside).font(FONT.bold).text(input.textSha256, beside);
  doc.x = MARGIN;
  doc.y = Math.max(doc.y, top + QR_SIZE) + 4;

  if (release.disposition) {
    const d = release.disposition;
    heading(WORDS.disposition);
    field(WORDS.actor, d.by);
    field({ id: 'Kepada', en: 'To' }, d.assignees.join(', '));
    field(WORDS.urgency, d.urgency);
    field(WORDS.arahan, d.arahan);
    if (d.dueDate) field({ id: 'Batas waktu', en: 'Due' }, formatDate(d.dueDate, 'id', timeZone));
    field(WORDS.time, formatDateTime(d.at, 'id', timeZone));
  }

  // The text as approved
  heading(WORDS.text);
  doc.font(FONT.bold).fontSize(13).text(pdfText(title)).moveDown(0.3);
  if (draft?.lead) doc.font(FONT.italic).fontSize(11).text(pdfText(draft.lead)).moveDown(0.3);
  doc.font(FONT.regular).fontSize(11);
  for (const p of paragraphs(draft?.body ?? release.submission.body)) doc.text(pdfText(p), { align: 'justify' }).moveDown(0.4);
  for (const q of draft?.quotes ?? []) {
    doc
      .font(FONT.italic)
      .text(`"${pdfText(q.text)}"`, { indent: 18 })
      .font(FONT.regular)
      .text(`- ${pdfText(q.by)}`, { indent: 18 })
      .moveDown(0.3);
  }

  for (const image of input.images) {
    try {
      if (doc.y > doc.page.height - MARGIN - 220) doc.addPage();
      doc.image(image.bytes as unknown as Buffer, MARGIN, doc.y, { fit: [width, 200] });
      doc.y += 205;
      if (image.caption) doc.font(FONT.italic).fontSize(9).fillColor(MUTED).text(pdfText(image.caption)).fillColor('black');
      doc.font(FONT.regular).fontSize(11).moveDown(0.5);
    } catch {
      // A photo PDFKit cannot decode is still listed under the media below, with its hash.
    }
  }

  // The approval trail
  heading(WORDS.approvalTrail);
  if (release.decisions.length === 0) doc.font(FONT.regular).fontSize(10).text(WORDS.noDecisions.id);
  for (const d of release.decisions) {
    const stage = input.stageLabels[d.stageId];
    const action = ACTION_WORDS[d.action] ?? { id: d.action, en: d.action };
    if (doc.y > doc.page.height - MARGIN - 90) doc.addPage();
    doc
      .font(FONT.bold)
      .fontSize(10)
      .text(pdfText(`${stage?.id ?? d.stageId}${d.round > 1 ? ` (${d.round})` : ''}: ${action.id} / ${action.en}`));
    const actor = `${d.actor.name}${d.actor.title ? `, ${d.actor.title}` : ''} (${d.actor.role})`;
    field(WORDS.actor, d.onBehalfOf ? `${actor}, ${WORDS.onBehalfOf.id} ${d.onBehalfOf}` : actor);
    field(WORDS.time, formatDateTime(d.at, 'id', timeZone));
    field(WORDS.note, d.note ?? (typeof d.details?.reason === 'string' ? d.details.reason : undefined));
    field(
      WORDS.paraf,
      parafLine(d.paraf, (iso) => formatDateTime(iso, 'id', timeZone)),
    );
    // The reviewer approved a text other than the one sent up: the record shows what they changed.
    const correction = d.details?.correction as Correction | undefined;
    if (correction) {
      doc.font(FONT.bold).fontSize(10).fillColor('black').text(`${WORDS.correction.id} / ${WORDS.correction.en}:`);
      doc
        .font(FONT.regular)
        .fontSize(9)
        .text(pdfText(correctionSummary(correction)), { indent: 12 });
    }
    doc.moveDown(0.4);
  }

  if (release.attachments.length) {
    heading(WORDS.media);
    doc.font(FONT.regular).fontSize(9);
    for (const a of release.attachments) {
      doc.text(pdfText(`${a.name} (${a.contentType}, ${formatBytes(a.size)}) sha256 ${a.sha256}`));
    }
  }
  return pdfBytes(doc);
}
