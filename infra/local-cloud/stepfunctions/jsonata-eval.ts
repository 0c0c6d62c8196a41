/**
 * JSONata evaluation as Step Functions does it: any string of the form `{% expr %}`,
 * alone or nested in objects/arrays, is an expression; `$states` and the workflow
 * variables are bound; AWS's extra functions ($partition, $range, $hash, $random,
 * $uuid, $parse) exist and `$eval` does not
 * (https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html,
 *  "JSONata functions provided by Step Functions").
 */
import { createHash, randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { StatesError, StatesErrors } from './errors.js';

export type Vars = Record<string, unknown>;

export interface StatesBinding {
  input: unknown;
  result?: unknown;
  errorOutput?: unknown;
  context: unknown;
}

export function isJsonataTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}') && value.length >= 4;
}

const compiled = new Map<string, jsonata.Expression>();
function compile(expr: string): jsonata.Expression {
  let expression = compiled.get(expr);
  if (!expression) {
    expression = jsonata(expr);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(expr, expression);
  }
  return expression;
}

const HASH_ALGORITHMS: Record<string, string> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const awsFunctions = {
  partition(array: unknown[], size: number): unknown[][] {
    if (!Array.isArray(array) || !(Number.isInteger(size) && size > 0)) {
      throw new Error('$partition(array, size) needs an array and a positive integer size');
    }
    const out: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },
  range(start: number, end: number, step = 1): number[] {
    if (![start, end, step].every(Number.isFinite) || step === 0)
      throw new Error('$range(start, end, step) needs numbers and a non-zero step');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
    return out;
  },
  hash(data: unknown, algorithm: string): string {
    const algo = HASH_ALGORITHMS[algorithm];
    if (typeof data !== 'string' || !algo)
      throw new Error(`$hash(data, algorithm) needs a string and one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    return createHash(algo).update(data).digest('hex');
  },
  random(seed?: number): number {
    if (seed === undefined) return Math.random();
    // A seeded value must be repeatable: derive it from the seed (mulberry32).
    let t = (Math.floor(seed) + 0x6d2b79f5) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  },
  uuid: (): string => randomUUID(),
  parse(text: string): unknown {
    if (typeof text !== 'string') throw new Error('$parse(jsonString) needs a string');
    return JSON.parse(text);
  },
  eval(): never {
    throw new Error('$eval is not available in Step Functions; use $parse');
  },
};

/** Evaluates one expression string (without the delimiters). */
export async function evaluateExpression(expr: string, states: StatesBinding, vars: Vars, field: string): Promise<unknown> {
  let result: unknown;
  try {
    result = await compile(expr).evaluate(states.input, { ...vars, ...awsFunctions, states });
  } catch (err) {
    const e = err as { message?: string; code?: string };
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `An error occurred while evaluating the JSONata expression '${expr}' in field '${field}': ${e.code ? `${e.code} ` : ''}${e.message ?? String(err)}`,
    );
  }
  if (result === undefined) {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`,
    );
  }
  return toJson(result, expr, field);
}

/** Evaluates a field value: literals stay, `{% %}` strings anywhere inside are replaced. */
export async function evaluateTemplate(value: unknown, states: StatesBinding, vars: Vars, field: string): Promise<unknown> {
  if (isJsonataTemplate(value)) return evaluateExpression(value.slice(2, -2).trim(), states, vars, field);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) out.push(await evaluateTemplate(item, states, vars, field));
    return out;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = await evaluateTemplate(item, states, vars, field);
    return out;
  }
  return value;
}

/**
 * JSONata results can carry sequence flags and functions; a state's data is plain JSON.
 * A function in the result cannot be JSON, so it is an evaluation error.
 */
function toJson(value: unknown, expr: string, field: string): unknown {
  if (typeof value === 'function') {
    throw new StatesError(
      StatesErrors.QueryEvaluationError,
      `The JSONata expression '${expr}' specified for the field '${field}' returned a function, not JSON.`,
    );
  }
  if (value === null || typeof value !== 'object') return value;
  return JSON.parse(JSON.stringify(value));
}
