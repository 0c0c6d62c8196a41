/**
 * Export formats for auditors. CSV is for spreadsheets: UTF-8 with a byte-order mark (so
 * Excel reads Indonesian text right), CRLF line ends, fields quoted as RFC 4180 says, and
 * cells that a spreadsheet would run as a formula defused. Every export names the
 * executions it covers and carries the SHA-256 of its content.
 */
import { stringify } from 'csv-stringify/sync';
import { canonicalJson } from '../events.js';
import { sha256Hex } from '../ids.js';
import type { StepRow } from './steps.js';

export const BOM = '\uFEFF';

export interface ExportMeta {
  generatedAt: string;
  /** The period or release the export covers, as asked. */
  scope: { from?: string; to?: string; releaseId?: string };
  executions: string[];
}

/** One finished export: its bytes, what it covers and what did not hold. */
export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
  sha256: string;
  executions: string[];
  /** Releases whose event chain or archived history did not hold. */
  problems: { releaseId: string; agendaNumber: string; problem: string }[];
}

/** A cell starting with = + - @ or a control character is text, not a formula (CWE-1236). */
export function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type Delimiter = ',' | ';';

const STEP_COLUMNS: [string, (r: StepRow) => string | number][] = [
  ['Nomor Agenda / Agenda number', (r) => r.agendaNumber],
  ['Tahap / Stage', (r) => r.stage.id],
  ['Stage (en)', (r) => r.stage.en],
  ['Langkah SOP / SOP step', (r) => r.sopStep],
  ['Putaran / Round', (r) => r.round],
  ['Pelaku / Actor', (r) => r.actor.name],
  ['Peran / Role', (r) => r.actor.role],
  ['Email', (r) => r.actor.email],
  ['Tindakan / Action', (r) => r.action],
  ['Catatan / Note', (r) => r.note],
  ['Paraf', (r) => r.paraf],
  ['SHA-256 naskah / Text SHA-256', (r) => r.textSha256],
  ['Koreksi / Correction', (r) => r.correction],
  ['Mulai / Started', (r) => r.startedAt],
  ['Selesai / Finished', (r) => r.finishedAt],
  ['Durasi (detik) / Duration (s)', (r) => r.durationSeconds],
  ['Durasi jam kerja (detik) / Working-time duration (s)', (r) => r.workingSeconds],
  ['Mutu Baku (menit) / Standard (min)', (r) => r.mutuBakuMinutes],
  ['Sesuai standar / Within standard', (r) => (r.withinStandard ? 'ya / yes' : 'tidak / no')],
  ['ID Rilis / Release id', (r) => r.releaseId],
  ['Eksekusi / Execution', (r) => r.executionArn],
  ['Nomor batal / Voided number', (r) => r.voided],
];

/** Any table as CSV text with the BOM and a footer of executions and checksum. */
export function tableCsv(header: string[], rows: (string | number)[][], meta: ExportMeta, delimiter: Delimiter = ','): string {
  const body = stringify([header, ...rows.map((row) => row.map((c) => (typeof c === 'string' ? defuse(c) : c)))], {
    delimiter,
    record_delimiter: '\r\n',
    quoted_match: /[\s"]/,
  });
  const footer = stringify(
    [[], ['Eksekusi / Executions', meta.executions.join(' ')], ['Dibuat / Generated', meta.generatedAt], ['SHA-256', sha256Hex(body)]],
    { delimiter, record_delimiter: '\r\n' },
  );
  return BOM + body + footer;
}

export function stepRowsCsv(rows: StepRow[], meta: ExportMeta, delimiter: Delimiter = ','): string {
  return tableCsv(
    STEP_COLUMNS.map(([h]) => h),
    rows.map((r) => STEP_COLUMNS.map(([, get]) => get(r))),
    meta,
    delimiter,
  );
}

export interface JsonExport<T> extends ExportMeta {
  rows: T[];
  /** SHA-256 of the canonical JSON of `rows`. */
  sha256: string;
}

export function jsonExport<T>(rows: T[], meta: ExportMeta): JsonExport<T> {
  return { ...meta, rows, sha256: sha256Hex(canonicalJson(rows)) };
}

export function verifyJsonExport(doc: JsonExport<unknown>): boolean {
  return doc.sha256 === sha256Hex(canonicalJson(doc.rows));
}
