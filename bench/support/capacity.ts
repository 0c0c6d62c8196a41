/**
 * DynamoDB capacity units estimated from the requests the functions made (as the tap saw
 * them), the way on-demand billing counts them: a write is 1 WRU per KB of the item
 * (the larger of before and after, each index it lands in writes again), a strongly
 * consistent read 1 RRU per 4 KB returned (half when eventually consistent), a
 * transaction twice that; a refused conditional write still costs its units.
 */
import type { Exchange } from './meter.js';

type AttributeValue = Record<string, unknown>;
type Item = Record<string, AttributeValue>;

/** An item's size as DynamoDB counts it: attribute names plus values. */
export function itemSize(item: Item | undefined): number {
  if (!item) return 0;
  return Object.entries(item).reduce((n, [name, value]) => n + Buffer.byteLength(name) + valueSize(value), 0);
}

function valueSize(value: AttributeValue): number {
  const [type, v] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(v));
    case 'N':
      return Math.ceil(String(v).replace(/^-|\.|e.*$/gi, '').length / 2) + 1;
    case 'B':
      return Buffer.from(String(v), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (v as string[]).reduce((n, s) => n + Buffer.byteLength(s), 0);
    case 'NS':
      return (v as string[]).reduce((n, s) => n + Math.ceil(s.length / 2) + 1, 0);
    case 'L':
      return 3 + (v as AttributeValue[]).reduce((n, e) => n + 1 + valueSize(e), 0);
    case 'M':
      return 3 + Object.entries(v as Item).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueSize(e), 0);
    default:
      return 1;
  }
}

const kb = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const fourKb = (bytes: number) => Math.max(1, Math.ceil(bytes / 4096));
const GSI_KEYS = ['gsi1pk', 'gsi2pk'];
const indexesOf = (item: Item | undefined) => GSI_KEYS.filter((k) => item && k in item).length;

export interface Capacity {
  requests: number;
  writeUnits: number;
  readUnits: number;
  byOperation: Record<string, number>;
}

/** Sums the units of the recorded DynamoDB exchanges; sizes of updated items come from what was seen before. */
export function capacityOf(exchanges: Exchange[]): Capacity {
  const known = new Map<string, number>();
  const knownIndexes = new Map<string, number>();
  const keyOf = (table: string, key: Item | undefined) => `${table}|${JSON.stringify(key?.pk)}|${JSON.stringify(key?.sk)}`;
  const remember = (table: string, item: Item | undefined) => {
    if (!item) return;
    known.set(keyOf(table, item), itemSize(item));
    knownIndexes.set(keyOf(table, item), indexesOf(item));
  };
  const result: Capacity = { requests: 0, writeUnits: 0, readUnits: 0, byOperation: {} };
  for (const x of exchanges) {
    const target = String(x.headers['x-amz-target'] ?? '');
    const op = target.split('.').pop() ?? '';
    if (!op || !x.requestBody) continue;
    result.requests += 1;
    result.byOperation[op] = (result.byOperation[op] ?? 0) + 1;
    const req = JSON.parse(x.requestBody);
    let res: any;
    try {
      res = x.responseBody ? JSON.parse(x.responseBody) : {};
    } catch {
      res = {};
    }
    const half = (consistent: unknown) => (consistent ? 1 : 0.5);
    switch (op) {
      case 'PutItem': {
        const size = Math.max(itemSize(req.Item), known.get(keyOf(req.TableName, req.Item)) ?? 0);
        result.writeUnits += kb(size) * (1 + indexesOf(req.Item));
        if (x.status < 300) remember(req.TableName, req.Item);
        break;
      }
      case 'UpdateItem':
      case 'DeleteItem': {
        // The item's size before comes from the last time it was seen; after, from the response if it asked.
        const before = known.get(keyOf(req.TableName, req.Key)) ?? 0;
        const after = itemSize(res.Attributes);
        const indexes = Math.max(knownIndexes.get(keyOf(req.TableName, req.Key)) ?? 0, indexesOf(res.Attributes));
        result.writeUnits += kb(Math.max(before, after)) * (1 + indexes);
        if (op === 'UpdateItem' && res.Attributes) remember(req.TableName, { ...req.Key, ...res.Attributes });
        break;
      }
      case 'GetItem':
        remember(req.TableName, res.Item);
        result.readUnits += fourKb(itemSize(res.Item)) * half(req.ConsistentRead);
        break;
      case 'Query':
      case 'Scan': {
        const items = (res.Items ?? []) as Item[];
        for (const item of items) remember(req.TableName, item);
        result.readUnits += fourKb(items.reduce((n, i) => n + itemSize(i), 0)) * half(req.ConsistentRead);
        break;
      }
      case 'BatchWriteItem':
        for (const [table, writes] of Object.entries<any[]>(req.RequestItems ?? {})) {
          for (const w of writes) {
            const item = w.PutRequest?.Item as Item | undefined;
            result.writeUnits += kb(itemSize(item) || (known.get(keyOf(table, w.DeleteRequest?.Key)) ?? 0)) * (1 + indexesOf(item));
          }
        }
        break;
      case 'BatchGetItem':
        for (const [table, items] of Object.entries<Item[]>(res.Responses ?? {})) {
          for (const item of items) {
            remember(table, item);
            result.readUnits += fourKb(itemSize(item)) * half(req.RequestItems?.[table]?.ConsistentRead);
          }
        }
        break;
      case 'TransactWriteItems':
        for (const t of req.TransactItems ?? []) {
          const item = t.Put?.Item as Item | undefined;
          const key = (t.Update ?? t.Delete ?? t.ConditionCheck)?.Key as Item | undefined;
          const table = (t.Put ?? t.Update ?? t.Delete ?? t.ConditionCheck)?.TableName as string;
          result.writeUnits += 2 * kb(Math.max(itemSize(item), known.get(keyOf(table, item ?? key)) ?? 0)) * (1 + indexesOf(item));
        }
        break;
      case 'TransactGetItems':
        for (const r of res.Responses ?? []) result.readUnits += 2 * fourKb(itemSize(r.Item));
        break;
      default:
        // DescribeTable and the like: not billed per request.
        break;
    }
  }
  return result;
}
