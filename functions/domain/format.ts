/**
 * Dates and sizes as Warta writes them to people: in mails, pages, the archive PDF, the
 * API's messages and the web app alike, so a due time or a file size reads the same
 * wherever a person meets it.
 */
import type { Locale } from './messages.js';

const intlLocale = (locale: Locale) => (locale === 'id' ? 'id-ID' : 'en-GB');

/** A date and time with its zone, as the office reads it: "22 November 2026 14.05 WIT". */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}

/** A calendar date, e.g. "22 November 2026". Plain dates (yyyy-mm-dd) are not shifted. */
export function formatDate(iso: string, locale: Locale, timeZone: string): string {
  const plain = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  const date = new Date(plain ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: plain ? 'UTC' : timeZone }).format(date);
}

/** Bytes in a human unit: "500 B", "2 GB", "1.5 MB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}
