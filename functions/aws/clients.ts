/**
 * The AWS clients, made once per container. Endpoints come from the SDK's own
 * AWS_ENDPOINT_URL_* variables, so the same code talks to AWS or to the local cloud;
 * the only local hint is AWS_S3_FORCE_PATH_STYLE, because s3rver cannot serve
 * virtual-hosted bucket names.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SESv2Client } from '@aws-sdk/client-sesv2';

export const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
});

export const s3 = new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' });

export const sfn = new SFNClient({});

export const ses = new SESv2Client({});

/** True for DynamoDB's "the condition did not hold" error. */
export function isConditionFailed(e: unknown): boolean {
  return (e as { name?: string } | null)?.name === 'ConditionalCheckFailedException';
}
