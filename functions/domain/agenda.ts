/**
 * Agenda and archive numbers: a yearly gap-free sequence (claimed in the store) written
 * with the office's template, e.g. `{seq}/{code}/{unit}/{year}` -> `007/PR/DKIP-MU/2026`.
 * The year and month are the office's own (its time zone), so a release received on
 * 31 December at 23:30 WIT is numbered in that year's book.
 */

export interface NumberFields {
  seq: number;
  seqDigits: number;
  year: number;
  month: number;
  code?: string;
  unit?: string;
  classification?: string;
}

export function formatNumber(template: string, f: NumberFields): string {
  const values: Record<string, string> = {
    seq: String(f.seq).padStart(f.seqDigits, '0'),
    year: String(f.year),
    month: String(f.month).padStart(2, '0'),
    code: f.code ?? '',
    unit: f.unit ?? '',
    classification: f.classification ?? '',
  };
  return template.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/**
 * Indonesia's zones have kept one UTC offset all year since 1 January 1988 (WIB +7, WITA +8,
 * WIT +9; Pontianak moved from WITA to WIB that day), so from then on their calendar is UTC
 * shifted. Numbering a release that way skips Intl, whose first use loads ICU's data, a
 * noticeable part of the API's cold start. If the zones are ever redrawn, this table must follow the
 * tz database (agenda.test.ts compares the two over a century).
 */
const FIXED_OFFSET_HOURS: Readonly<Record<string, number>> = {
  'Asia/Jakarta': 7,
  'Asia/Pontianak': 7,
  'Asia/Makassar': 8,
  'Asia/Jayapura': 9,
};
const FIXED_SINCE_MS = Date.UTC(1988, 0, 1) - 7 * 3_600_000;

/** Year and month of an instant in a time zone. */
export function yearMonthIn(at: Date, timeZone: string): { year: number; month: number } {
  const offsetHours = FIXED_OFFSET_HOURS[timeZone];
  if (offsetHours !== undefined && at.getTime() >= FIXED_SINCE_MS) {
    const local = new Date(at.getTime() + offsetHours * 3_600_000);
    return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
  }
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month') };
}

export const agendaPartition = (year: number) => `AGENDA#${year}`;
export const archivePartition = (year: number) => `ARCHIVE#${year}`;
