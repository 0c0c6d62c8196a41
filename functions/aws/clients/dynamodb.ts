/**
 * The AWS clients live one per module and are made once per container, so a function
 * loads only the SDK clients it uses (a cold start pays for each one it loads).
 * Endpoints come from the SDK's own AWS_ENDPOINT_URL_* variables, so the same code talks
 * to AWS or to the local cloud.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

/** True for DynamoDB's "the condition did not hold" error. */
export function isConditionFailed(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
