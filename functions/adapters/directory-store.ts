/**
 * People, acting officials (Plt/Plh), media outlets and the office's settings: the
 * configuration's lists merged with run-time edits kept as DIRECTORY items (an edit with
 * the same id replaces the configured entry; an item with `removed: true` takes it out).
 * The config seeds the lists and is never written back, so a redeploy keeps every edit.
 * Each edit is a conditional put on its version, and leaves one DIRECTORY-HISTORY item.
 */
import { configSchemas, type ActingOfficial, type Outlet, type Person } from '#domain/config.js';
import { withActingIds, type ActingEntry, type Directory, type DirectoryEntry, type DirectoryKind } from '#domain/directory.js';
import { Conflict } from '#domain/errors.js';
import { keys } from '#domain/keys.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { config } from '#runtime/env.js';
import { tableName } from './table.js';

type Item = Record<string, unknown>;

const PREFIX: Record<DirectoryKind, string> = { person: 'PERSON#', acting: 'ACTING#', outlet: 'OUTLET#' };
const KEY_OF: Record<DirectoryKind, (id: string) => { pk: string; sk: string }> = {
  person: keys.person,
  acting: keys.acting,
  outlet: keys.outlet,
};

/** Who made a change, as the desk's history shows it. */
export interface ChangedBy {
  personId: string;
  name: string;
}

/** The edit state of one entry: 0 for an entry as configured. */
export interface EntryVersion {
  version: number;
  changedBy?: ChangedBy;
  changedAt?: string;
}

export interface DirectoryChangeRecord {
  kind: DirectoryKind | 'setting';
  id: string;
  version: number;
  action: 'put' | 'remove';
  at: string;
  by: ChangedBy;
  before?: unknown;
  after?: unknown;
  /** The fields a put changed (every field of a new entry); empty for a removal. */
  fields?: string[];
}

async function directoryItems(prefix = ''): Promise<Item[]> {
  return ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': 'DIRECTORY', ':p': prefix },
  });
}

function merge<T extends { id: string }>(base: T[], edits: Item[], parse: (v: unknown) => T | undefined): T[] {
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

const parsePerson = (v: unknown) => configSchemas().person.safeParse(v).data;
const parseOutlet = (v: unknown) => configSchemas().outlet.safeParse(v).data;
const parseActing = (v: unknown): ActingEntry | undefined => {
  const a: ActingOfficial | undefined = configSchemas().acting.safeParse(v).data;
  return a?.id ? (a as ActingEntry) : undefined;
};

function fromItems(items: Item[]): Directory {
  const cfg = config();
  const of = (kind: DirectoryKind) => items.filter((i) => String(i.sk).startsWith(PREFIX[kind]));
  return {
    people: merge(cfg.people, of('person'), parsePerson),
    acting: merge(withActingIds(cfg.acting), of('acting'), parseActing),
    outlets: merge(cfg.media, of('outlet'), parseOutlet),
  };
}

/** The whole directory as it stands: one query of the DIRECTORY partition. */
export async function loadDirectory(): Promise<Directory> {
  return fromItems(await directoryItems());
}

/** The directory with each edited entry's version, for the desk. */
export async function loadDirectoryWithVersions(): Promise<{ directory: Directory; versions: Record<string, EntryVersion> }> {
  const items = await directoryItems();
  const versions: Record<string, EntryVersion> = {};
  for (const item of items) {
    const { sk, version, changedBy, changedAt } = item as { sk: string; version?: number; changedBy?: ChangedBy; changedAt?: string };
    versions[sk] = { version: version ?? 0, changedBy, changedAt };
  }
  return { directory: fromItems(items), versions };
}

export async function listPeople(): Promise<Person[]> {
  return merge(config().people, await directoryItems(PREFIX.person), parsePerson);
}

export async function listOutlets(): Promise<Outlet[]> {
  return merge(config().media, await directoryItems(PREFIX.outlet), parseOutlet);
}

/** The outlets a release goes to: every one not set inactive. */
export async function listActiveOutlets(): Promise<Outlet[]> {
  return (await listOutlets()).filter((o) => o.active !== false);
}

export async function listActing(): Promise<ActingEntry[]> {
  return merge(withActingIds(config().acting), await directoryItems(PREFIX.acting), parseActing);
}

/** Equal as JSON whatever the order of their fields (DynamoDB keeps no order of attributes). */
function sameContent(a: unknown, b: unknown): boolean {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([x], [y]) => x.localeCompare(y))
              .map(([k, w]) => [k, canonical(w)]),
          )
        : v;
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * Optimistic locking as DynamoDB describes it: the put's condition checks the version the
 * admin read, and a ConditionalCheckFailedException means someone changed it meanwhile
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/BestPractices_OptimisticLocking.html).
 * Writes one versioned item (an entry or a setting) if it still stands at `expectedVersion`,
 * then its history record. A retry of a change already made (same content, same person,
 * one version on) finds it made and only writes the history record it may have missed.
 */
async function putVersioned(
  key: { pk: string; sk: string },
  record: Omit<DirectoryChangeRecord, 'version'>,
  body: Item,
  expectedVersion: number,
): Promise<DirectoryChangeRecord> {
  const version = expectedVersion + 1;
  const item = { ...key, ...body, version, changedBy: record.by, changedAt: record.at };
  try {
    await ddb.put({
      TableName: tableName(),
      Item: item,
      ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
      ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const now = (await ddb.get({ TableName: tableName(), Key: key })).Item;
    const madeAlready =
      now?.version === version &&
      (now.changedBy as ChangedBy | undefined)?.personId === record.by.personId &&
      sameContent(strip(now), body);
    if (!madeAlready) throw new Conflict('directory.changedMeanwhile', { id: record.id });
  }
  const change: DirectoryChangeRecord = { ...record, version };
  try {
    await ddb.put({
      TableName: tableName(),
      Item: { ...keys.directoryChange(record.kind, record.id, version), ...change },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
  return change;
}

/** An item's own fields, without its keys and edit marks. */
function strip(item: Item): Item {
  const { pk: _pk, sk: _sk, version: _v, changedBy: _b, changedAt: _a, ...rest } = item;
  return rest;
}

/** The fields whose values differ between an entry before and after a change. */
function changedFields(before: object | undefined, after: object | undefined): string[] {
  if (!after) return [];
  const b = (before ?? {}) as Item;
  const a = after as Item;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'id' && !sameContent(b[k], a[k])).sort();
}

/** Puts or removes one directory entry; `entry` undefined removes it (a configured one too). `before`: the entry as it stood. */
export async function saveDirectoryEntry(
  kind: DirectoryKind,
  id: string,
  entry: DirectoryEntry | undefined,
  expectedVersion: number,
  by: ChangedBy,
  at: string,
  before?: DirectoryEntry,
): Promise<DirectoryChangeRecord> {
  const body: Item = entry ? { ...entry } : { id, removed: true };
  const record = {
    kind,
    id,
    action: entry ? 'put' : 'remove',
    at,
    by,
    before,
    after: entry,
    fields: changedFields(before, entry),
  } as const;
  return putVersioned(KEY_OF[kind](id), record, body, expectedVersion);
}

/** The office's settings kept on the desk; each absent setting has its default. */
export interface OfficeSettings {
  /** The morning mail of overdue tasks (overdue-digest); the head of office may turn it off. */
  overdueDigest: { enabled: boolean } & EntryVersion;
}

export async function loadSettings(): Promise<OfficeSettings> {
  const item = (await ddb.get({ TableName: tableName(), Key: keys.setting('overdue-digest') })).Item;
  return {
    overdueDigest: {
      enabled: item?.enabled !== false,
      version: (item?.version as number | undefined) ?? 0,
      changedBy: item?.changedBy as ChangedBy | undefined,
      changedAt: item?.changedAt as string | undefined,
    },
  };
}

export async function saveDigestSetting(
  enabled: boolean,
  expectedVersion: number,
  by: ChangedBy,
  at: string,
): Promise<DirectoryChangeRecord> {
  return putVersioned(
    keys.setting('overdue-digest'),
    { kind: 'setting', id: 'overdue-digest', action: 'put', at, by, after: { enabled } },
    { enabled },
    expectedVersion,
  );
}

/** The newest changes first, at most `limit`. */
export async function recentChanges(limit = 100): Promise<DirectoryChangeRecord[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': 'DIRECTORY-HISTORY' },
  });
  return items
    .map(({ pk: _pk, sk: _sk, ...record }) => record as unknown as DirectoryChangeRecord)
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, limit);
}
