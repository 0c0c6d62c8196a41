/**
 * The auditor exports, built from the audit source and rendered in the format asked:
 * step histories (per release or per period), the agenda book, and the periodic report.
 * Shared by the audit API and the `npm run audit` CLI.
 */
import { agendaBookCsv, bookStatus } from '#domain/audit/agenda-book.js';
import { jsonExport, stepRowsCsv, type Delimiter, type ExportFile } from '#domain/audit/export.js';
import { renderTablePdf } from '#domain/audit/pdf.js';
import { buildReport, periodRange, type PeriodicReport } from '#domain/audit/report.js';
import type { StepRow } from '#domain/audit/steps.js';
import { profileOf } from '#domain/config.js';
import { canonicalJson } from '#domain/events.js';
import { sha256Hex } from '#domain/ids.js';
import { agendaBook } from './agenda-book.js';
import { activitiesForPeriod, auditReleaseById, auditReleases, type ReleaseAudit } from './audit-source.js';
import { file, metaOf, type ExportFormat, type Scope } from './export-files.js';
import { releasesCreatedBetween } from '#adapters/release-store.js';
import { config } from '#runtime/env.js';

export { EXPORT_FORMATS, type ExportFormat, type Scope } from './export-files.js';

function problemsOf(audits: ReleaseAudit[]): ExportFile['problems'] {
  return audits.flatMap((a) => {
    const problems: string[] = [];
    if (!a.chain.intact) problems.push(`event chain broken at #${a.chain.brokenAtSeq}`);
    if (a.problem) problems.push(a.problem);
    return problems.length ? [{ releaseId: a.release.id, agendaNumber: a.release.agendaNumber, problem: problems.join('; ') }] : [];
  });
}

const STEP_PDF_COLUMNS = [
  { header: 'Nomor Agenda', width: 12 },
  { header: 'Tahap / Stage', width: 16 },
  { header: 'Pelaku / Actor', width: 16 },
  { header: 'Tindakan', width: 8 },
  { header: 'Catatan / Note', width: 18 },
  { header: 'Paraf', width: 6 },
  { header: 'Mulai / Started', width: 12 },
  { header: 'Selesai / Finished', width: 12 },
  { header: 'Durasi', width: 6 },
  { header: 'Jam kerja', width: 6 },
  { header: 'Mutu Baku', width: 6 },
  { header: 'Sesuai', width: 5 },
];

function stepPdfRow(r: StepRow): string[] {
  return [
    r.voided ? `${r.agendaNumber} ${r.voided}` : r.agendaNumber,
    `${r.stage.id} / ${r.stage.en}`,
    `${r.actor.name} (${r.actor.role})${r.actor.email ? ` ${r.actor.email}` : ''}`,
    r.action,
    r.correction ? `${r.note}\nKoreksi / Correction:\n${r.correction}`.trim() : r.note,
    r.paraf,
    r.startedAt,
    r.finishedAt,
    `${Math.round(r.durationSeconds / 60)} mnt`,
    `${Math.round(r.workingSeconds / 60)} mnt`,
    `${r.mutuBakuMinutes} mnt`,
    r.withinStandard ? 'ya' : 'tidak',
  ];
}

export async function auditsFor(scope: Scope, onProgress?: (done: number, total: number) => void): Promise<ReleaseAudit[]> {
  if ('releaseId' in scope) return [await auditReleaseById(scope.releaseId)];
  return auditReleases(await releasesCreatedBetween(scope.from, scope.to), { concurrency: 16, onProgress });
}

export async function stepHistoryExport(
  scope: Scope,
  format: ExportFormat,
  options: { delimiter?: Delimiter; onProgress?: (d: number, t: number) => void } = {},
): Promise<ExportFile> {
  const audits = await auditsFor(scope, options.onProgress);
  const rows = audits.flatMap((a) => a.rows);
  const meta = metaOf(
    scope,
    audits.map((a) => a.release),
  );
  const problems = problemsOf(audits);
  const name = 'releaseId' in scope ? `riwayat-${scope.releaseId}` : `riwayat-${scope.from}_${scope.to}`;
  if (format === 'csv') return file(stepRowsCsv(rows, meta, options.delimiter), format, name, meta, problems);
  if (format === 'json') return file(JSON.stringify({ ...jsonExport(rows, meta), problems }, null, 2), format, name, meta, problems);
  const office = config().office.name.id;
  return file(
    await renderTablePdf(
      { title: { id: 'Riwayat Langkah SOP', en: 'SOP step history' }, office, columns: STEP_PDF_COLUMNS, rows: rows.map(stepPdfRow) },
      meta,
    ),
    format,
    name,
    meta,
    problems,
  );
}

const AGENDA_PDF_COLUMNS = [
  { header: 'Nomor Agenda', width: 14 },
  { header: 'Diterima / Received', width: 12 },
  { header: 'Pengirim / Sender', width: 14 },
  { header: 'Surat / Letter', width: 12 },
  { header: 'Jenis / Type', width: 8 },
  { header: 'Judul / Title', width: 20 },
  { header: 'Disposisi / Disposition', width: 16 },
  { header: 'Status', width: 8 },
  { header: 'Klasifikasi', width: 8 },
  { header: 'Nomor Arsip', width: 14 },
];

export async function agendaBookExport(
  from: string,
  to: string,
  format: ExportFormat,
  delimiter?: Delimiter,
  query = '',
): Promise<ExportFile> {
  const { rows, releases } = await agendaBook(from, to, query);
  const meta = metaOf({ from, to }, releases);
  const name = `buku-agenda-${from}_${to}`;
  if (format === 'csv') return file(agendaBookCsv(rows, meta, delimiter), format, name, meta, []);
  if (format === 'json') return file(JSON.stringify(jsonExport(rows, meta), null, 2), format, name, meta, []);
  const office = config().office.name.id;
  const pdfRows = rows.map((r) => [
    r.agendaNumber,
    r.receivedAt.slice(0, 16).replace('T', ' '),
    `${r.sender}, ${r.institution}`,
    r.letterNumber ? `${r.letterNumber} (${r.letterDate})` : '',
    r.newsType,
    r.title,
    r.disposition,
    bookStatus(r),
    r.classification,
    r.archiveNumber,
  ]);
  return file(
    await renderTablePdf({ title: { id: 'Buku Agenda', en: 'Agenda book' }, office, columns: AGENDA_PDF_COLUMNS, rows: pdfRows }, meta),
    format,
    name,
    meta,
    [],
  );
}

export async function periodicReport(spec: string): Promise<PeriodicReport> {
  const period = periodRange(spec);
  const [releases, activities] = await Promise.all([
    releasesCreatedBetween(period.from, period.to),
    activitiesForPeriod(period.from, period.to),
  ]);
  return buildReport(period, profileOf(config()), releases, activities);
}

/**
 * The tamper check over the releases a report counts: their event chains and archived
 * histories, as the step-history export checks them; the releases that did not hold.
 */
export async function reportProblems(spec: string): Promise<ExportFile['problems']> {
  const period = periodRange(spec);
  return periodProblems(period.from, period.to);
}

/** The same tamper check over the releases received in a period (those an agenda book lists). */
export async function periodProblems(from: string, to: string): Promise<ExportFile['problems']> {
  return problemsOf(await auditsFor({ from, to }));
}

/** The checksum a JSON report carries, over its canonical form. */
export function reportChecksum(report: PeriodicReport): string {
  return sha256Hex(canonicalJson(report));
}
