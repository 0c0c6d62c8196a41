import {
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  DynamoDBClient,
  ResourceNotFoundException,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { LocalModel, LocalStateMachine, LocalTable } from './model.js';

/**
 * Puts the template's stores and state machines on the local emulators: tables (keys,
 * GSIs, LSIs), buckets (CORS, versioning, Object Lock) and state machine definitions. Idempotent, so a restart on
 * the same `.warta/` finds everything in place and only adds what the template gained.
 */

export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The slice of the Step Functions engine the deployer needs (infra/local-cloud/stepfunctions). */
export interface StateMachineRegistry {
  describeStateMachine(req: { stateMachineArn: string }): unknown;
  createStateMachine(req: { name: string; definition: string; roleArn: string; type: string }): { stateMachineArn: string };
  updateStateMachine(req: { stateMachineArn: string; definition: string; roleArn: string }): unknown;
}

export class DeployFailed extends Error {
  override name = 'DeployFailed';
}

export async function deployTables(model: LocalModel, endpoint: string, region: string, log: (line: string) => void): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    for (const table of model.tables) await deployTable(client, table, log);
  } finally {
    client.destroy();
  }
}

async function deployTable(client: DynamoDBClient, table: LocalTable, log: (line: string) => void) {
  const p = table.properties as Record<string, any>;
  const throughput = { ReadCapacityUnits: 5, WriteCapacityUnits: 5 };
  const gsis = ((p.GlobalSecondaryIndexes ?? []) as Array<Record<string, any>>).map((index) => ({
    IndexName: index.IndexName,
    KeySchema: index.KeySchema,
    Projection: index.Projection,
    ProvisionedThroughput: index.ProvisionedThroughput ?? throughput,
  }));
  let existing: DescribeTableCommandOutput | undefined;
  try {
    existing = await client.send(new DescribeTableCommand({ TableName: table.name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (!existing) {
    // dynalite only knows provisioned capacity; the numbers mean nothing locally.
    const input: CreateTableCommandInput = {
      TableName: table.name,
      KeySchema: p.KeySchema,
      AttributeDefinitions: p.AttributeDefinitions,
      ProvisionedThroughput: p.ProvisionedThroughput ?? throughput,
      ...(gsis.length ? { GlobalSecondaryIndexes: gsis } : {}),
      ...(p.LocalSecondaryIndexes ? { LocalSecondaryIndexes: p.LocalSecondaryIndexes } : {}),
    };
    await client.send(new CreateTableCommand(input));
    log(`deploy: table ${table.name} created (${gsis.length} GSI${p.TimeToLiveSpecification ? '; TTL not enforced locally' : ''})`);
    return;
  }
  const keysOf = (schema: Array<{ AttributeName?: string; KeyType?: string }> | undefined) =>
    JSON.stringify((schema ?? []).map((k) => [k.AttributeName, k.KeyType]));
  if (keysOf(existing.Table?.KeySchema) !== keysOf(p.KeySchema)) {
    // Recreating would drop the data; the person running the cloud decides (npm start -- --reset).
    log(
      `deploy: table ${table.name} has other keys than the template declares; its data is kept as it is — run \`npm start -- --reset\` to start clean`,
    );
  }
  const known = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName));
  for (const gsi of gsis.filter((g) => !known.has(g.IndexName))) {
    await client.send(
      new UpdateTableCommand({
        TableName: table.name,
        AttributeDefinitions: p.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: gsi }],
      }),
    );
    log(`deploy: table ${table.name} gained index ${gsi.IndexName}`);
  }
}

export async function deployBuckets(model: LocalModel, endpoint: string, region: string, log: (line: string) => void): Promise<void> {
  const client = new S3Client({ endpoint, region, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
  try {
    for (const bucket of model.buckets) {
      try {
        await client.send(
          new CreateBucketCommand({ Bucket: bucket.name, ...(bucket.objectLock ? { ObjectLockEnabledForBucket: true } : {}) }),
        );
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
      }
      if (bucket.cors.length) {
        // The template speaks CloudFormation (ExposedHeaders, MaxAge), the S3 API its own names
        // (ExposeHeaders, MaxAgeSeconds): without the mapping the browser cannot read a part's ETag.
        const CORSRules = bucket.cors.map((r) => ({
          AllowedOrigins: r.AllowedOrigins,
          AllowedMethods: r.AllowedMethods,
          AllowedHeaders: r.AllowedHeaders,
          ExposeHeaders: r.ExposedHeaders,
          MaxAgeSeconds: r.MaxAge,
        }));
        await client.send(new PutBucketCorsCommand({ Bucket: bucket.name, CORSConfiguration: { CORSRules } }));
      }
      // Set again on every start: a bucket made before the template locked it gains its lock.
      if (bucket.versioned || bucket.objectLock) {
        await client.send(new PutBucketVersioningCommand({ Bucket: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }));
      }
      if (bucket.objectLock) {
        const rule = bucket.defaultRetention;
        await client.send(
          new PutObjectLockConfigurationCommand({
            Bucket: bucket.name,
            ObjectLockConfiguration: {
              ObjectLockEnabled: 'Enabled',
              ...(rule
                ? {
                    Rule: {
                      DefaultRetention: { Mode: rule.Mode, ...(rule.Years ? { Years: Number(rule.Years) } : { Days: Number(rule.Days) }) },
                    },
                  }
                : {}),
            },
          }),
        );
        log(
          `deploy: bucket ${bucket.name}: versioned, Object Lock${rule ? ` (${rule.Mode}, ${rule.Years ? `${rule.Years} years` : `${rule.Days} days`})` : ''}`,
        );
      }
    }
  } finally {
    client.destroy();
  }
}

/** Registers each definition with the engine: created the first time, updated after. */
export function deployStateMachines(machines: LocalStateMachine[], registry: StateMachineRegistry, arnOf: (name: string) => string): void {
  for (const machine of machines) {
    const stateMachineArn = arnOf(machine.name);
    let exists = true;
    try {
      registry.describeStateMachine({ stateMachineArn });
    } catch {
      exists = false;
    }
    try {
      if (exists) registry.updateStateMachine({ stateMachineArn, definition: machine.definition, roleArn: machine.roleArn });
      else
        registry.createStateMachine({ name: machine.name, definition: machine.definition, roleArn: machine.roleArn, type: machine.type });
    } catch (error) {
      throw new DeployFailed(`State machine ${machine.logicalId} (${machine.name}) was refused: ${(error as Error).message}`);
    }
  }
}
