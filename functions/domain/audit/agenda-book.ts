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
  /** The sender's letter (surat pengantar), when the submission named one. */
  letterNumber: string;
  letterDate: string;
  /** The lembar disposisi as one line: to whom, the arahan and the urgency. */
  disposition: string;
}

/** A person's name by id, for the disposition column; an unknown id reads as itself. */
export type NameOf = (personId: string) => string;

function dispositionLine(r: Release, nameOf: NameOf): string {
  const d = r.disposition;
  if (!d) return '';
  return `${d.assignees.map(nameOf).join(', ')}: ${d.arahan} (${d.urgency})`;
}

export function agendaBookRows(releases: Release[], nameOf: NameOf = (id) => id): AgendaBookRow[] {
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
      letterNumber: r.submission.letter?.number ?? '',
      letterDate: r.submission.letter?.date ?? '',
      disposition: dispositionLine(r, nameOf),
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
  // Added after the first columns, so a script that reads the book by position keeps working.
  ['Nomor surat / Letter number', (r) => r.letterNumber],
  ['Tanggal surat / Letter date', (r) => r.letterDate],
  ['Disposisi / Disposition', (r) => r.disposition],
];

/** The book's columns, header and cell, shared by the CSV and the XLSX export. */
export const AGENDA_BOOK_COLUMNS: readonly (readonly [string, (r: AgendaBookRow) => string | number])[] = COLUMNS;

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

/** Lower case without diacritics, so "pemerintah" finds "Pemerintah" and "Dinas" finds "dinas". */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * The entries whose title, sender, institution, agenda number or letter number hold every
 * word of the query, as a person searching the paper book by any of them would expect.
 */
export function searchAgendaBook(rows: AgendaBookRow[], query: string): AgendaBookRow[] {
  const words = folded(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((r) => {
    const haystack = folded([r.title, r.sender, r.institution, r.agendaNumber, r.letterNumber].join('\n'));
    return words.every((w) => haystack.includes(w));
  });
}
