/**
 * The Buku Agenda for a period: one line per registered release, in agenda order —
 * the record book both SOPs name ("Buku Agenda Press Release"; "Berita, Data dan
 * Informasi").
 */
import type { Release } from '../release.js';
import type { ExportMeta } from './export.js';
import { tableCsv, type Delimiter } from './export.js';

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
];

export function agendaBookCsv(rows: AgendaBookRow[], meta: ExportMeta, delimiter: Delimiter = ','): string {
  return tableCsv(
    COLUMNS.map(([h]) => h),
    rows.map((r) => COLUMNS.map(([, get]) => get(r))),
    meta,
    delimiter,
  );
}
