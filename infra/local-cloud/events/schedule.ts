/**
 * EventBridge schedule expressions: `rate(value unit)` and the six-field
 * `cron(minutes hours day-of-month month day-of-week year)` (UTC), as documented in
 * "Schedule expressions for rules". Supported in cron fields: `*`, `?`, numbers, names
 * (JAN-DEC, SUN-SAT), lists, ranges and `/` steps; `L`, `W` and `#` are refused by name.
 */

export class InvalidSchedule extends Error {
  override name = 'InvalidSchedule';
}

export type Schedule = { kind: 'rate'; everyMs: number } | { kind: 'cron'; matches(date: Date): boolean };

const UNIT_MS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export function parseSchedule(expression: string): Schedule {
  const rate = /^rate\(\s*(\d+)\s+(minutes?|hours?|days?)\s*\)$/.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) throw new InvalidSchedule(`${expression}: the rate must be at least 1`);
    return { kind: 'rate', everyMs: value * UNIT_MS[rate[2]!]! };
  }
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (!cron) throw new InvalidSchedule(`${expression} is neither rate(...) nor cron(...)`);
  const fields = cron[1]!.trim().split(/\s+/);
  if (fields.length !== 6) throw new InvalidSchedule(`${expression}: cron needs six fields`);
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  const sets = {
    minute: field(minutes, 0, 59, [], expression),
    hour: field(hours, 0, 23, [], expression),
    dayOfMonth: field(dayOfMonth, 1, 31, [], expression),
    month: field(month, 1, 12, MONTHS, expression, 1),
    dayOfWeek: field(dayOfWeek, 1, 7, DAYS, expression, 1),
    year: field(year, 1970, 2199, [], expression),
  };
  return {
    kind: 'cron',
    matches: (date) =>
      sets.minute(date.getUTCMinutes()) &&
      sets.hour(date.getUTCHours()) &&
      sets.dayOfMonth(date.getUTCDate()) &&
      sets.month(date.getUTCMonth() + 1) &&
      sets.dayOfWeek(date.getUTCDay() + 1) &&
      sets.year(date.getUTCFullYear()),
  };
}

/** A predicate for one cron field; names count from `nameBase` (months 1, weekdays 1 = SUN). */
function field(text: string, min: number, max: number, names: string[], expression: string, nameBase = 0): (n: number) => boolean {
  if (text === '*' || text === '?') return () => true;
  if (/[LW#]/.test(text)) throw new InvalidSchedule(`${expression}: "${text}" (L, W, #) is not supported locally`);
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidSchedule(`${expression}: "${token}" is out of range`);
    return n;
  };
  const allowed = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range!.includes('-')) [from, to] = range!.split('-').map(value) as [number, number];
    else [from, to] = [value(range!), stepText === undefined ? value(range!) : max];
    for (let n = from; n <= to; n += step) allowed.add(n);
  }
  return (n) => allowed.has(n);
}
