/**
 * The release record and its hash-chained event log in the single table (`keys.ts`).
 * Single-item conditional writes only: the local DynamoDB has no transactions.
 */
import { monthsBetween } from '#domain/audit/report.js';
import { Conflict, NotFound } from '#domain/errors.js';
import { eventHash, GENESIS_HASH } from '#domain/events.js';
import { GSI1, keys } from '#domain/keys.js';
import type { Release, ReleaseEvent, ReleaseStatus } from '#domain/release.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { recordOf, setClauses, tableName } from './table.js';

/** The raw status key waits on the item only until the receipt is mailed; never part of the record. */
const PRIVATE_ATTRIBUTES = ['pendingStatusKey'];

function strip<T>(item: Record<string, unknown>): T {
  return recordOf<T>(item, PRIVATE_ATTRIBUTES);
}

export async function getRelease(id: string): Promise<Release> {
  const found = await findRelease(id);
  if (!found) throw new NotFound('release.notFound', { id });
  return found;
}

export async function findRelease(id: string): Promise<Release | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.release(id), ConsistentRead: true });
  return out.Item ? strip<Release>(out.Item) : undefined;
}

/** Stores a new release; a second put of the same id is a Conflict, never an overwrite. */
export async function putNewRelease(release: Release, pendingKey?: string): Promise<void> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: {
        ...release,
        pendingStatusKey: pendingKey,
        ...keys.release(release.id),
        ...keys.releaseByPeriod(release.createdAt, release.id),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
  } catch (e) {
    if (isConditionFailed(e)) throw new Conflict('release.exists', { id: release.id });
    throw e;
  }
}

/**
 * Releases created between two times, oldest first: `from` and `to` are ISO dates or
 * instants, `to` inclusive of everything under it (a whole day for `2026-03-31`). Reads the
 * month partitions of gsi1 the span touches (eventually consistent: a release stored a
 * moment ago may be missing). `status` keeps only the releases in it.
 */
export async function releasesCreatedBetween(from: string, to: string, options: { status?: ReleaseStatus } = {}): Promise<Release[]> {
  const { status } = options;
  const found: Release[] = [];
  for (const month of monthsBetween(from, to)) {
    const items = await ddb.queryAll({
      TableName: tableName(),
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :a AND :b',
      ...(status === undefined ? {} : { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
      ExpressionAttributeValues: {
        ':p': keys.releaseByPeriod(`${month}-01`, '').gsi1pk,
        ':a': from,
        ':b': `${to}\uffff`,
        ...(status === undefined ? {} : { ':status': status }),
      },
    });
    found.push(...items.map(strip<Release>));
  }
  return found;
}

export interface UpdateOptions {
  /** The update applies only while the release is in one of these statuses. */
  expectStatus?: ReleaseStatus | ReleaseStatus[];
  /** An extra condition, with its own placeholders (prefix them to avoid clashes). */
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  /** Also removes the raw status key (the receipt carrying it has been mailed). */
  clearPendingStatusKey?: boolean;
}

/**
 * Sets the given top-level fields (undefined ones are left alone) and `updatedAt`.
 * Throws NotFound when the release does not exist and Conflict when a condition fails.
 */
export async function updateRelease(id: string, patch: Partial<Omit<Release, 'id'>>, options: UpdateOptions = {}): Promise<Release> {
  const { sets, names: fieldNames, values } = setClauses({ ...patch, updatedAt: patch.updatedAt ?? new Date().toISOString() }, 'f');
  const names: Record<string, string> = { '#pk': 'pk', ...fieldNames };
  const conditions = ['attribute_exists(#pk)'];
  if (options.expectStatus) {
    const statuses = Array.isArray(options.expectStatus) ? options.expectStatus : [options.expectStatus];
    names['#status'] = 'status';
    conditions.push(
      `#status IN (${statuses
        .map((s, i) => {
          values[`:s${i}`] = s;
          return `:s${i}`;
        })
        .join(', ')})`,
    );
  }
  if (options.condition) {
    conditions.push(`(${options.condition.expression})`);
    Object.assign(names, options.condition.names);
    Object.assign(values, options.condition.values);
  }
  try {
    const out = await ddb.update({
      TableName: tableName(),
      Key: keys.release(id),
      UpdateExpression: `SET ${sets.join(', ')}${options.clearPendingStatusKey ? ' REMOVE pendingStatusKey' : ''}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    });
    return strip<Release>(out.Attributes ?? {});
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const current = await findRelease(id);
    if (!current) throw new NotFound('release.notFound', { id });
    throw new Conflict('release.wrongStatus', { id, status: current.status });
  }
}

export interface NewEvent {
  type: string;
  stageId?: string;
  actorId?: string;
  data?: Record<string, unknown>;
  /**
   * Makes the append idempotent: when an event with this key already exists it is
   * returned instead of appending a second one (handlers run at least once).
   */
  key?: string;
}

export type StoredEvent = ReleaseEvent & { key?: string };

/** The release's events in order. */
export async function listEvents(releaseId: string): Promise<StoredEvent[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ev)',
    ExpressionAttributeValues: { ':pk': keys.release(releaseId).pk, ':ev': 'EVENT#' },
    ConsistentRead: true,
  });
  return items.map(strip<StoredEvent>);
}

export interface AppendOptions {
  /**
   * The chain's head as this caller knows it: the event its previous append returned, or
   * `null` for a release it has just created (no events yet). The event is then put at the
   * next seq without reading the log; when that seq is taken (someone else appended, or an
   * earlier run of the same handler got further) the log is read as without a head. The
   * head must come from the same invocation, appending in its fixed order: then an event
   * with this key, if an earlier run wrote it, lies after the head, where the put fails.
   */
  after?: ReleaseEvent | null;
  now?: () => Date;
}

/**
 * Appends an event to the chain with a conditional put of seq+1 after the newest event
 * (read from the log, or the head the caller passes); a concurrent writer that took the
 * seq makes this one read the log again.
 */
export async function appendEvent(releaseId: string, input: NewEvent, options: AppendOptions = {}): Promise<ReleaseEvent> {
  const now = options.now ?? (() => new Date());
  let head: ReleaseEvent | null | undefined = options.after;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (head === undefined) {
      const events = await listEvents(releaseId);
      if (input.key) {
        const existing = events.find((e) => e.key === input.key);
        if (existing) return existing;
      }
      head = events.at(-1) ?? null;
    }
    const unhashed = {
      releaseId,
      seq: (head?.seq ?? 0) + 1,
      type: input.type,
      stageId: input.stageId,
      actorId: input.actorId,
      at: now().toISOString(),
      data: input.data,
      prevHash: head?.hash ?? GENESIS_HASH,
    };
    const event: ReleaseEvent = { ...unhashed, hash: eventHash(unhashed) };
    try {
      await ddb.put({
        TableName: tableName(),
        Item: { ...event, key: input.key, ...keys.releaseEvent(releaseId, event.seq) },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return event;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      head = undefined;
    }
  }
  throw new Conflict('release.wrongStatus', { id: releaseId });
}

/**
 * The raw status key waits on the release item only until the register stage has
 * mailed the receipt with the status link; then it is removed (only its hash stays).
 */
export async function getReleaseWithPendingKey(id: string): Promise<{ release: Release; pendingStatusKey?: string }> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.release(id), ConsistentRead: true });
  if (!out.Item) throw new NotFound('release.notFound', { id });
  return { release: strip<Release>(out.Item), pendingStatusKey: out.Item.pendingStatusKey as string | undefined };
}

export async function pendingStatusKey(id: string): Promise<string | undefined> {
  const out = await ddb.get({
    TableName: tableName(),
    Key: keys.release(id),
    ConsistentRead: true,
    ProjectionExpression: 'pendingStatusKey',
  });
  return out.Item?.pendingStatusKey as string | undefined;
}

export async function clearPendingStatusKey(id: string): Promise<void> {
  await ddb.update({ TableName: tableName(), Key: keys.release(id), UpdateExpression: 'REMOVE pendingStatusKey' });
}
