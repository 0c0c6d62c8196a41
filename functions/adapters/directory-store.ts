/**
 * People and media outlets: the configuration's lists merged with run-time edits kept
 * as DIRECTORY items (an edit with the same id replaces the configured entry; an item
 * with `removed: true` takes it out).
 */
import { configSchemas, type Outlet, type Person } from '#domain/config.js';
import { ddb } from './clients/dynamodb.js';
import { config } from '#runtime/env.js';
import { tableName } from './table.js';

async function directory(prefix: string): Promise<Record<string, unknown>[]> {
  return ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': 'DIRECTORY', ':p': prefix },
  });
}

function merge<T extends { id: string }>(base: T[], edits: Record<string, unknown>[], parse: (v: unknown) => T | undefined): T[] {
  const byId = new Map(base.map((b) => [b.id, b]));
  for (const item of edits) {
    const id = String(item.id ?? '');
    if (item.removed === true) byId.delete(id);
    else {
      const parsed = parse(item);
      if (parsed) byId.set(parsed.id, parsed);
    }
  }
  return [...byId.values()];
}

export async function listPeople(): Promise<Person[]> {
  return merge(config().people, await directory('PERSON#'), (v) => configSchemas().person.safeParse(v).data);
}

export async function listOutlets(): Promise<Outlet[]> {
  return merge(config().media, await directory('OUTLET#'), (v) => configSchemas().outlet.safeParse(v).data);
}
