/**
 * Gap-free yearly sequences (the agenda book `AGENDA#<year>`, archive numbers
 * `ARCHIVE#<year>`): each number is claimed with a conditional put of "newest + 1" (and,
 * when another claim won that number, of the one after it), never a transaction, so no
 * number is skipped or given twice. Claims are idempotent per release: a retry after a
 * crash finds its own claim — through gsi1 (eventually consistent, so it may miss a fresh
 * claim) and by reading the newest entries of the partition with a consistent read — and
 * returns it instead of taking a second number.
 * A release created by the claiming invocation itself skips that search (`fresh`).
 */
import { GSI1 } from '#domain/keys.js';
import { attemptsOf, ddb, isConditionFailed } from './clients/dynamodb.js';
import { tableName } from './table.js';

const pad = (n: number) => String(n).padStart(8, '0');

/** How many of the newest entries a retry reads to find its own claim. */
const RECENT_WINDOW = 200;

export interface SequenceEntry {
  seq: number;
  releaseId: string;
  claimedAt: string;
  [field: string]: unknown;
}

export interface Claim {
  seq: number;
  alreadyClaimed: boolean;
  entry: SequenceEntry;
}

export interface Gsi1Key {
  gsi1pk: string;
  gsi1sk: string;
}

function toEntry(item: Record<string, unknown>): SequenceEntry {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, ...rest } = item;
  return rest as SequenceEntry;
}

/** The release's claim in the partition, if it made one. */
export async function findClaim(counterPk: string, releaseId: string, gsi1: Gsi1Key): Promise<SequenceEntry | undefined> {
  const byIndex = await ddb.query({
    TableName: tableName(),
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :g AND gsi1sk = :s',
    ExpressionAttributeValues: { ':g': gsi1.gsi1pk, ':s': gsi1.gsi1sk },
  });
  const hit = (byIndex.Items ?? []).find((i) => i.pk === counterPk && i.releaseId === releaseId);
  if (hit) return toEntry(hit);
  const recent = await newest(counterPk, RECENT_WINDOW);
  const own = recent.find((i) => i.releaseId === releaseId);
  return own ? toEntry(own) : undefined;
}

async function newest(counterPk: string, limit: number): Promise<Record<string, unknown>[]> {
  const out = await ddb.query({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': counterPk },
    ScanIndexForward: false,
    ConsistentRead: true,
    Limit: limit,
  });
  return out.Items ?? [];
}

export interface ClaimOptions {
  /**
   * The caller has just made up the release's id in this invocation and nothing else knows
   * it yet: it can have no claim, so the index lookup is skipped, the look at the partition
   * reads only its newest entry, and a number lost to a race is checked for being its own
   * only when the refused put had been retried.
   */
  fresh?: boolean;
  now?: () => Date;
}

/**
 * Claims the next number of `counterPk` for `releaseId` (or returns the one it already
 * has). `extra` fields are stored on the entry (e.g. the agenda book's columns).
 */
export async function claimSequence(
  counterPk: string,
  releaseId: string,
  gsi1: Gsi1Key,
  extra: Record<string, unknown> = {},
  options: ClaimOptions = {},
): Promise<Claim> {
  const now = options.now ?? (() => new Date());
  if (!options.fresh) {
    const indexed = await findClaim(counterPk, releaseId, gsi1);
    if (indexed) return { seq: indexed.seq, alreadyClaimed: true, entry: indexed };
  }
  // One read of the newest entries, then linear probing: a refused put proves its number
  // taken, so the next number follows a taken one and the book stays gap-free. Under
  // contention each lost race costs a put and a read of that number's holder, not a new
  // look at the partition.
  const recent = await newest(counterPk, options.fresh ? 1 : RECENT_WINDOW);
  const own = recent.find((i) => i.releaseId === releaseId);
  if (own) return { seq: own.seq as number, alreadyClaimed: true, entry: toEntry(own) };
  let seq = ((recent[0]?.seq as number | undefined) ?? 0) + 1;
  for (let attempt = 0; attempt < 1000; attempt++, seq++) {
    const entry: SequenceEntry = { ...extra, seq, releaseId, claimedAt: now().toISOString() };
    try {
      await ddb.put({
        TableName: tableName(),
        Item: { ...entry, pk: counterPk, sk: pad(seq), ...gsi1 },
        ConditionExpression: 'attribute_not_exists(pk)',
      });
      return { seq, alreadyClaimed: false, entry };
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      // The number may be this release's own: our put, retried by the client after a lost
      // answer, or (not for a fresh release) another invocation claiming for the same release.
      if (!options.fresh || attemptsOf(e) > 1) {
        const holder = await getSequenceEntry(counterPk, seq);
        if (holder?.releaseId === releaseId) return { seq, alreadyClaimed: false, entry: holder };
      }
    }
  }
  throw new Error(`could not claim a number in ${counterPk} after many attempts`);
}

export async function getSequenceEntry(counterPk: string, seq: number): Promise<SequenceEntry | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: { pk: counterPk, sk: pad(seq) }, ConsistentRead: true });
  return out.Item ? toEntry(out.Item) : undefined;
}

/** Adds columns to an entry (e.g. where the archived release lies); never changes seq or owner. */
export async function updateSequenceEntry(counterPk: string, seq: number, fields: Record<string, unknown>): Promise<void> {
  const names: Record<string, string> = { '#pk': 'pk' };
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  Object.entries(fields).forEach(([field, value], i) => {
    if (value === undefined || field === 'seq' || field === 'releaseId') return;
    names[`#f${i}`] = field;
    values[`:v${i}`] = value;
    sets.push(`#f${i} = :v${i}`);
  });
  if (sets.length === 0) return;
  await ddb.update({
    TableName: tableName(),
    Key: { pk: counterPk, sk: pad(seq) },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/** Every entry of a partition in order (the agenda book of a year). */
export async function listSequence(counterPk: string): Promise<SequenceEntry[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': counterPk },
    ConsistentRead: true,
  });
  return items.map(toEntry);
}
