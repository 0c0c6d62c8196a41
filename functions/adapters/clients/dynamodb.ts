/**
 * The DynamoDB document client of the container, and the calls the stores make with it.
 * Items are plain objects (lib-dynamodb marshals them; undefined values are left out);
 * inputs are DynamoDB's own shapes (TableName, Key, ConditionExpression, …), so each call
 * reads as the API reference documents it. DynamoDBDocument would give the same methods,
 * but it brings every DynamoDB command into every bundle.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DeleteCommandInput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  paginateQuery,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { tracer } from '#runtime/tracer.js';
import { SDK_RETRY } from './retry.js';

type Item = Record<string, unknown>;

const client = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({ ...SDK_RETRY })), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const ddb = {
  get: (input: GetCommandInput) => client.send(new GetCommand(input)),
  put: (input: PutCommandInput) => client.send(new PutCommand(input)),
  update: (input: UpdateCommandInput) => client.send(new UpdateCommand(input)),
  delete: (input: DeleteCommandInput) => client.send(new DeleteCommand(input)),
  query: (input: QueryCommandInput) => client.send(new QueryCommand(input)),
  /** A conditional update: true when it was made, false when its condition did not hold. */
  async updateIf(input: UpdateCommandInput & { ConditionExpression: string }): Promise<boolean> {
    try {
      await client.send(new UpdateCommand(input));
      return true;
    } catch (e) {
      if (isConditionFailed(e)) return false;
      throw e;
    }
  },
  /** Every item the query matches, page after page (for reads meant to see them all). */
  async queryAll(input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'>): Promise<Item[]> {
    const items: Item[] = [];
    for await (const page of paginateQuery({ client }, input)) items.push(...(page.Items ?? []));
    return items;
  },
};

/** True for DynamoDB's "the condition did not hold" error. */
export function isConditionFailed(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}

/**
 * How many times the SDK sent the request that failed. Above 1, an earlier attempt may have
 * taken effect though its answer was lost: a conditional write refused then may have been
 * refused because of that very attempt.
 */
export function attemptsOf(e: unknown): number {
  return (e as { $metadata?: { attempts?: number } } | null)?.$metadata?.attempts ?? 1;
}
