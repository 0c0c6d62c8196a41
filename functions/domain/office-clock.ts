/**
 * The office's clock: working time in the office's zone, from its hours per weekday and
 * its dated holidays (libur nasional and cuti bersama). Mutu Baku, reminders and
 * escalations count on it.
 *
 * Written here rather than taken from a business-hours package: the maintained ones in the
 * npm registry either count whole business days only (luxon-business-days,
 * moment-business-days) or compute in the process's own zone with no way to name the
 * office's (dayjs-business-time, moment-business-time), and a Lambda runs in UTC. The zone
 * arithmetic itself is the platform's (Intl.DateTimeFormat with the IANA zone).
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Opening and closing of one weekday, local wall time "HH:MM". */
export interface OfficeDay {
  open: string;
  close: string;
}

export interface OfficeCalendar {
  timeZone: string;
  /** A weekday that is absent is closed. */
  hours: Partial<Record<Weekday, OfficeDay>>;
  /** Local dates (YYYY-MM-DD) the office is closed: national holidays and cuti bersama. */
  closedDates: ReadonlySet<string>;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** No office is closed this long; a calendar with no open day at all stops here instead of looping. */
const SEARCH_DAYS = 3 * 366;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallAt(timeZone: string, at: number): Wall {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return { year: +parts.year!, month: +parts.month!, day: +parts.day!, hour: +parts.hour!, minute: +parts.minute!, second: +parts.second! };
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(timeZone: string, at: number): number {
  const w = wallAt(timeZone, at);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (at - (at % 1000));
}

/** The instant a local wall time names (the later reading when a zone's clocks go back). */
function instantOf(timeZone: string, year: number, month: number, day: number, minutes: number): number {
  const asUtc = Date.UTC(year, month - 1, day) + minutes * MINUTE;
  const guess = asUtc - offsetAt(timeZone, asUtc);
  return asUtc - offsetAt(timeZone, guess);
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const pad = (n: number) => String(n).padStart(2, '0');

/** The office's local date of an instant, YYYY-MM-DD. */
export function localDateOf(cal: Pick<OfficeCalendar, 'timeZone'>, at: Date): string {
  const w = wallAt(cal.timeZone, at.getTime());
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** The open interval of one local date, or undefined when the office is closed that day. */
function openingOf(cal: OfficeCalendar, year: number, month: number, day: number): [number, number] | undefined {
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (cal.closedDates.has(date)) return undefined;
  const hours = cal.hours[WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!];
  if (!hours) return undefined;
  return [
    instantOf(cal.timeZone, year, month, day, minutesOf(hours.open)),
    instantOf(cal.timeZone, year, month, day, minutesOf(hours.close)),
  ];
}

/** The office's open intervals from the local day of `from` on, one per open day. */
function* openings(cal: OfficeCalendar, from: number): Generator<[number, number]> {
  const w = wallAt(cal.timeZone, from);
  const first = Date.UTC(w.year, w.month - 1, w.day);
  for (let i = 0; i < SEARCH_DAYS; i++) {
    const d = new Date(first + i * DAY);
    const interval = openingOf(cal, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    if (interval) yield interval;
  }
}

export class CalendarClosed extends Error {
  override name = 'CalendarClosed';
  constructor() {
    super(`the office calendar has no open hour within ${SEARCH_DAYS} days`);
  }
}

/** When the office opens and closes on the local day of an instant (epoch ms); undefined on a closed day or a holiday. */
export function openingOn(cal: OfficeCalendar, at: Date): [number, number] | undefined {
  const w = wallAt(cal.timeZone, at.getTime());
  return openingOf(cal, w.year, w.month, w.day);
}

/** Whether the office is open at an instant (opening included, closing excluded). */
export function isOfficeHours(cal: OfficeCalendar, at: Date): boolean {
  const t = at.getTime();
  const interval = openingOn(cal, at);
  return !!interval && t >= interval[0] && t < interval[1];
}

/**
 * The instant when `minutes` of office time have passed after `from`. Zero minutes gives
 * `from` itself in office hours, else the next opening.
 */
export function addWorkingMinutes(cal: OfficeCalendar, from: Date, minutes: number): Date {
  if (!(minutes >= 0)) throw new RangeError(`working minutes must be zero or more, not ${minutes}`);
  let left = minutes * MINUTE;
  const start = from.getTime();
  for (const [open, close] of openings(cal, start)) {
    const begin = Math.max(open, start);
    if (begin >= close) continue;
    if (begin + left <= close && (left > 0 || begin < close)) return new Date(begin + left);
    left -= close - begin;
  }
  throw new CalendarClosed();
}

/** Minutes of office time between two instants (zero when `to` is not after `from`). */
export function workingMinutesBetween(cal: OfficeCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  let total = 0;
  for (const [open, close] of openings(cal, start)) {
    if (open >= end) break;
    total += Math.max(0, Math.min(close, end) - Math.max(open, start));
  }
  return total / MINUTE;
}

/** Whether a time zone name is one the platform knows (IANA, e.g. Asia/Jayapura). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
