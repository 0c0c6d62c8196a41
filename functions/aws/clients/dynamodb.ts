/**
 * DynamoDB's JSON protocol over signed requests (aws-http.ts), with items as plain objects
 * as the SDK's document client gives them: keys, items and expression values are
 * marshalled on the way in (undefined values left out) and unmarshalled on the way out.
 * The input shapes are DynamoDB's own (TableName, Key, ConditionExpression, …), so each
 * call reads as the API reference documents it.
 */
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { jsonCall } from './aws-http.js';

type Item = Record<string, unknown>;
type Names = Record<string, string>;

interface Conditional {
  ConditionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Item;
}

export interface GetInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
}
export interface PutInput extends Conditional {
  TableName: string;
  Item: Item;
}
export interface UpdateInput extends Conditional {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ReturnValues?: 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';
}
export interface DeleteInput extends Conditional {
  TableName: string;
  Key: Item;
}
export interface QueryInput {
  TableName: string;
  IndexName?: string;
  KeyConditionExpression: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Names;
  ExpressionAttributeValues?: Item;
  ScanIndexForward?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
  ConsistentRead?: boolean;
  Select?: 'COUNT' | 'ALL_ATTRIBUTES' | 'ALL_PROJECTED_ATTRIBUTES' | 'SPECIFIC_ATTRIBUTES';
}

const MARSHALL = { removeUndefinedValues: true, convertClassInstanceToMap: false } as const;
/** The wire names of the fields that hold items or attribute values. */
const ITEM_FIELDS = ['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey'] as const;

async function call(operation: string, input: object): Promise<Record<string, unknown>> {
  const wire: Record<string, unknown> = { ...input };
  for (const field of ITEM_FIELDS) {
    const value = wire[field];
    if (value !== undefined) wire[field] = marshall(value as Item, MARSHALL);
  }
  return jsonCall<Record<string, unknown>>('dynamodb', `DynamoDB_20120810.${operation}`, wire);
}

const itemOf = (value: unknown) => (value === undefined ? undefined : unmarshall(value as Parameters<typeof unmarshall>[0]));

export const ddb = {
  async get(input: GetInput): Promise<{ Item?: Item }> {
    const out = await call('GetItem', input);
    return { Item: itemOf(out.Item) };
  },
  async put(input: PutInput): Promise<void> {
    await call('PutItem', input);
  },
  async update(input: UpdateInput): Promise<{ Attributes?: Item }> {
    const out = await call('UpdateItem', input);
    return { Attributes: itemOf(out.Attributes) };
  },
  async delete(input: DeleteInput): Promise<void> {
    await call('DeleteItem', input);
  },
  async query(input: QueryInput): Promise<{ Items: Item[]; Count: number; LastEvaluatedKey?: Item }> {
    const out = await call('Query', input);
    return {
      Items: ((out.Items as unknown[] | undefined) ?? []).map((i) => itemOf(i)!),
      Count: Number(out.Count ?? 0),
      LastEvaluatedKey: itemOf(out.LastEvaluatedKey),
    };
  },
  /** Every item the query matches, page after page (for reads meant to see them all). */
  async queryAll(input: Omit<QueryInput, 'ExclusiveStartKey' | 'Limit'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const page = await ddb.query({ ...input, ExclusiveStartKey: start });
      items.push(...page.Items);
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  },
};

/** True for DynamoDB's "the condition did not hold" error. */
export function isConditionFailed(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
