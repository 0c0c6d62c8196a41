/**
 * EventBridge event patterns, as documented in "Amazon EventBridge event patterns" and
 * "Content filtering in event patterns": every field of the pattern must match; a list
 * matches when any of its values does; an array in the event matches when any element
 * does; nested objects match field by field. Content filters: prefix, suffix,
 * anything-but, numeric, exists, equals-ignore-case, wildcard, cidr (IPv4) and $or.
 */

export type EventPattern = Record<string, unknown>;

const MISSING = Symbol('missing');

export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: Record<string, unknown>, value: unknown): boolean {
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!(expected as EventPattern[]).some((alternative) => matchObject(alternative, value))) return false;
      continue;
    }
    const actual =
      value && typeof value === 'object' && !Array.isArray(value) && key in value ? (value as Record<string, unknown>)[key] : MISSING;
    if (Array.isArray(expected)) {
      if (!matchField(expected, actual)) return false;
    } else if (expected && typeof expected === 'object') {
      if (actual === MISSING || !matchObject(expected as Record<string, unknown>, actual)) return false;
    } else {
      throw new InvalidEventPattern(`The value of "${key}" must be an object or an array`);
    }
  }
  return true;
}

export class InvalidEventPattern extends Error {
  override name = 'InvalidEventPattern';
}

function matchField(matchers: unknown[], actual: unknown): boolean {
  const values = actual === MISSING ? [MISSING] : Array.isArray(actual) ? actual : [actual];
  return matchers.some((matcher) => {
    if (matcher && typeof matcher === 'object' && 'exists' in matcher) {
      return (matcher as { exists: boolean }).exists ? actual !== MISSING : actual === MISSING;
    }
    return values.some((value) => value !== MISSING && matchValue(matcher, value));
  });
}

function matchValue(matcher: unknown, value: unknown): boolean {
  if (matcher === null || typeof matcher !== 'object') return matcher === value;
  const [[kind, arg]] = Object.entries(matcher) as [[string, unknown]];
  switch (kind) {
    case 'prefix':
      return (
        typeof value === 'string' && (isIgnoreCase(arg) ? value.toLowerCase().startsWith(ignoreCaseOf(arg)) : value.startsWith(String(arg)))
      );
    case 'suffix':
      return (
        typeof value === 'string' && (isIgnoreCase(arg) ? value.toLowerCase().endsWith(ignoreCaseOf(arg)) : value.endsWith(String(arg)))
      );
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === String(arg).toLowerCase();
    case 'anything-but': {
      if (arg && typeof arg === 'object' && !Array.isArray(arg)) return !matchValue(arg, value);
      const excluded = Array.isArray(arg) ? arg : [arg];
      return !excluded.includes(value);
    }
    case 'numeric':
      return typeof value === 'number' && matchNumeric(arg as unknown[], value);
    case 'wildcard':
      return typeof value === 'string' && wildcard(String(arg)).test(value);
    case 'cidr':
      return typeof value === 'string' && inCidr(String(arg), value);
    default:
      throw new InvalidEventPattern(`Unsupported content filter "${kind}"`);
  }
}

const isIgnoreCase = (arg: unknown) => Boolean(arg && typeof arg === 'object' && 'equals-ignore-case' in arg);
const ignoreCaseOf = (arg: unknown) => String((arg as Record<string, unknown>)['equals-ignore-case']).toLowerCase();

function matchNumeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const operator = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      operator === '<'
        ? value < bound
        : operator === '<='
          ? value <= bound
          : operator === '>'
            ? value > bound
            : operator === '>='
              ? value >= bound
              : operator === '='
                ? value === bound
                : false;
    if (!ok) return false;
  }
  return true;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

function inCidr(cidr: string, address: string): boolean {
  const [base, bits] = cidr.split('/');
  const toInt = (ip: string) => ip.split('.').reduce((n, octet) => (n << 8) + Number(octet), 0) >>> 0;
  const mask = bits === undefined ? 0xffffffff : Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(address)) return false;
  return (toInt(address) & mask) === (toInt(base!) & mask);
}
