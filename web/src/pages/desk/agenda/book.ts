/**
 * The agenda book as the desk reads it (GET /api/desk/agenda): one entry per agenda number,
 * the fields of functions/domain/audit/agenda-book.ts that the page shows.
 */
export interface BookEntry {
  agendaNumber: string;
  receivedAt: string;
  sender: string;
  institution: string;
  letterNumber: string;
  letterDate: string;
  newsType: string;
  title: string;
  disposition: string;
  status: string;
  releaseId: string;
  voided: '' | 'BATAL';
  voidReason: string;
  voidedBy: string;
  voidedAt: string;
}

export interface BookPage {
  from: string;
  to: string;
  q: string;
  rows: BookEntry[];
  /** The office's zone (IANA), in which the book's times are shown. */
  timeZone: string;
}

/** Roles that may void a number (the server checks them again). */
export { VOIDING_ROLES } from '../../../lib/domain.js';

/** Only a release that ended unpublished can lose its number (functions/domain/voids.ts). */
export const canBeVoided = (entry: BookEntry) => !entry.voided && (entry.status === 'rejected' || entry.status === 'failed');

/** YYYY-MM-DD in the person's own calendar. */
export function localDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The book's query string for a period and search words. */
export function bookQuery(from: string, to: string, q: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ from, to, ...(q.trim() ? { q: q.trim() } : {}), ...extra }).toString();
}
