/** The single table's name, read once from TABLE_NAME. */
import { ENV } from '#contract/handlers.js';
import { env } from '#runtime/env.js';

export const tableName = (): string => env(ENV.table);

/** The table's own attributes (keys, index keys, TTL), which are not part of any record. */
export const TABLE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'expiresAt'] as const;

/** A stored item as its record: the table's attributes and the named extra ones left out. */
export function recordOf<T>(item: Record<string, unknown>, alsoDrop: readonly string[] = []): T {
  const copy = { ...item };
  for (const k of [...TABLE_ATTRIBUTES, ...alsoDrop]) delete copy[k];
  return copy as T;
}

/**
 * `SET` clauses for the given fields (undefined ones skipped), with placeholders named by
 * `prefix` so they cannot clash with those of the caller's condition.
 */
export function setClauses(
  fields: Record<string, unknown>,
  prefix = 'x',
): { sets: string[]; names: Record<string, string>; values: Record<string, unknown> } {
  const sets: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  Object.entries(fields).forEach(([field, value], i) => {
    if (value === undefined) return;
    names[`#${prefix}${i}`] = field;
    values[`:${prefix}${i}`] = value;
    sets.push(`#${prefix}${i} = :${prefix}${i}`);
  });
  return { sets, names, values };
}
