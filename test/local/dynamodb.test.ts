import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDb, type Emulator } from '../../infra/local-cloud/emulators/dynamodb.js';

// The local DynamoDB keeps table descriptions in memory: a changed table must be seen at once.
describe('local DynamoDB (dynalite with its table descriptions kept in memory)', () => {
  let dir: string;
  let emulator: Emulator;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warta-ddb-'));
    emulator = await startDynamoDb({ dir, host: '127.0.0.1', port: 0 });
    client = new DynamoDBClient({
      endpoint: emulator.url,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
  });
  afterAll(async () => {
    client.destroy();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves items after a table is dropped and made again with another key', async () => {
    // Prepare
    const create = (key: string) =>
      client.send(
        new CreateTableCommand({
          TableName: 'tbl',
          KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    await create('pk');
    await client.send(new PutItemCommand({ TableName: 'tbl', Item: { pk: { S: 'a' }, n: { N: '1' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'tbl', Key: { pk: { S: 'a' } } }))).Item?.n).toEqual({ N: '1' });
    // Act
    await client.send(new DeleteTableCommand({ TableName: 'tbl' }));
    // dynalite drops the table's items after answering (DELETING), as DynamoDB does.
    while (
      await client.send(new DescribeTableCommand({ TableName: 'tbl' })).then(
        () => true,
        (e: Error) => e.name !== 'ResourceNotFoundException',
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await create('id');
    // Assert: the old key is refused and the new one works.
    await expect(client.send(new PutItemCommand({ TableName: 'tbl', Item: { pk: { S: 'a' } } }))).rejects.toThrow(/key/i);
    await client.send(new PutItemCommand({ TableName: 'tbl', Item: { id: { S: 'b' }, n: { N: '2' } } }));
    expect((await client.send(new GetItemCommand({ TableName: 'tbl', Key: { id: { S: 'b' } } }))).Item?.n).toEqual({ N: '2' });
  });

  it('describes a table as it was last changed', async () => {
    // Prepare
    await client.send(new GetItemCommand({ TableName: 'tbl', Key: { id: { S: 'b' } } }));
    // Act
    await client.send(
      new UpdateTableCommand({
        TableName: 'tbl',
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 7, WriteCapacityUnits: 3 },
      }),
    );
    // Assert
    const table = (await client.send(new DescribeTableCommand({ TableName: 'tbl' }))).Table;
    expect(table?.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 7, WriteCapacityUnits: 3 });
  });
});
