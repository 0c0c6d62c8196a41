/**
 * The single table as functions/domain/keys.ts describes it (pk/sk, gsi1, gsi2), for the
 * integration suites that run the stores on a bare emulator without the deployed template.
 */
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GSI1, GSI2 } from '../../functions/domain/keys.js';

const key = (name: string) => [
  { AttributeName: `${name}pk`, KeyType: 'HASH' as const },
  { AttributeName: `${name}sk`, KeyType: 'RANGE' as const },
];
const throughput = { ReadCapacityUnits: 100, WriteCapacityUnits: 100 };

export async function createWartaTable(ddb: DynamoDBClient, tableName: string): Promise<void> {
  await ddb.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'].map((n) => ({
        AttributeName: n,
        AttributeType: 'S' as const,
      })),
      KeySchema: key(''),
      ProvisionedThroughput: throughput,
      GlobalSecondaryIndexes: [
        { IndexName: GSI1, KeySchema: key('gsi1'), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput },
        { IndexName: GSI2, KeySchema: key('gsi2'), Projection: { ProjectionType: 'ALL' }, ProvisionedThroughput: throughput },
      ],
    }),
  );
}
