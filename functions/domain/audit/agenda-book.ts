/**
 * The Buku Agenda for a period: one line per registered release, in agenda order —
 * the record book both SOPs name ("Buku Agenda Press Release"; "Berita, Data dan
 * Informasi").
 */
import type { Release } from '../release.js';
import type { ExportMeta } from './export.js';
import { tableCsv, type Delimiter } from './export.js';
import { BATAL } from '../voids.js';

export interface AgendaBookRow {
  agendaNumber: string;
  agendaSeq: number;
  agendaYear: number;
  receivedAt: string;
  sender: string;
  institution: string;
  newsType: string;
  title: string;
  status: string;
  classification: string;
  archiveNumber: string;
  releaseId: string;
  /** BATAL when the number was voided, with who, when and why; empty otherwise. */
  voided: '' | typeof BATAL;
  voidReason: string;
  voidedBy: string;
  voidedAt: string;
}

export function agendaBookRows(releases: Release[]): AgendaBookRow[] {
  return releases
    .filter((r) => r.agendaNumber)
    .sort((a, b) => a.agendaYear - b.agendaYear || a.agendaSeq - b.agendaSeq)
    .map((r) => ({
      agendaNumber: r.agendaNumber,
      agendaSeq: r.agendaSeq,
      agendaYear: r.agendaYear,
      receivedAt: r.createdAt,
      sender: r.submission.submitter.name,
      institution: r.submission.submitter.institution,
      newsType: r.newsType,
      title: r.draft?.submitted ? r.draft.title : r.submission.title,
      status: r.status,
      classification: r.archive?.classification ?? '',
      archiveNumber: r.archive?.archiveNumber ?? '',
      releaseId: r.id,
      voided: r.voided ? BATAL : '',
      voidReason: r.voided?.reason ?? '',
      voidedBy: r.voided?.by ?? '',
      voidedAt: r.voided?.at ?? '',
    }));
}

const COLUMNS: [string, (r: AgendaBookRow) => string | number][] = [
  ['Nomor Agenda / Agenda number', (r) => r.agendaNumber],
  ['Tanggal diterima / Received', (r) => r.receivedAt],
  ['Pengirim / Sender', (r) => r.sender],
  ['Instansi / Institution', (r) => r.institution],
  ['Jenis berita / News type', (r) => r.newsType],
  ['Judul / Title', (r) => r.title],
  ['Status', (r) => r.status],
  ['Klasifikasi / Classification', (r) => r.classification],
  ['Nomor arsip / Archive number', (r) => r.archiveNumber],
  ['ID Rilis / Release id', (r) => r.releaseId],
  ['Batal / Voided', (r) => r.voided],
  ['Alasan batal / Void reason', (r) => r.voidReason],
  ['Dibatalkan oleh / Voided by', (r) => r.voidedBy],
  ['Tanggal batal / Voided at', (r) => r.voidedAt],
];

/** The status as the book shows it: a voided entry reads BATAL with its reason. */
export const bookStatus = (r: AgendaBookRow) => (r.voided ? `${BATAL}: ${r.voidReason} (${r.status})` : r.status);

export function agendaBookCsv(rows: AgendaBookRow[], meta: ExportMeta, delimiter: Delimiter = ','): string {
  return tableCsv(
    COLUMNS.map(([h]) => h),
    rows.map((r) => COLUMNS.map(([, get]) => get(r))),
    meta,
    delimiter,
  );
}
