/**
 * The real local stores for the output-stage tests: dynalite, s3rver and
 * aws-ses-v2-local, started in this process on 127.0.0.1 with ephemeral ports through
 * the local cloud's own emulator starters (infra/local-cloud/emulators), the single table
 * created with the keys and GSIs of functions/domain/keys.ts, and the three buckets.
 * The SDK clients reach them through AWS_ENDPOINT_URL_* variables, so handlers must be
 * imported (dynamically) after `startOutputStores()`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectLockConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { startDynamoDb } from '../../../infra/local-cloud/emulators/dynamodb.js';
import { startS3 } from '../../../infra/local-cloud/emulators/s3.js';
import { startSes } from '../../../infra/local-cloud/emulators/ses.js';
import { createWartaTable } from '../../support/table.js';

export interface OutputStores {
  table: string;
  buckets: { uploads: string; site: string; archive: string };
  mailboxUrl: string;
  webOrigin: string;
  stop(): Promise<void>;
}

export interface CapturedMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: unknown[];
}

const HOST = '127.0.0.1';

export async function startOutputStores(configFile = 'dkip-malut.json', overrides: Record<string, unknown> = {}): Promise<OutputStores> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-output-'));
  const dynamo = await startDynamoDb({ dir: join(dir, 'dynamodb'), host: HOST, port: 0 });
  const s3 = await startS3({ dir: join(dir, 's3'), host: HOST, port: 0 });
  const ses = await startSes({ dir: join(dir, 'ses'), host: HOST, port: 0 });

  const table = 'warta-output-test';
  const buckets = { uploads: 'warta-uploads', site: 'warta-site', archive: 'warta-archive' };
  const webOrigin = 'https://warta.example.test';
  const config = {
    ...JSON.parse(readFileSync(new URL(`../../../infra/config/${configFile}`, import.meta.url), 'utf8')),
    webOrigin,
    ...overrides,
  };
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.url,
    AWS_ENDPOINT_URL_S3: s3.url,
    AWS_ENDPOINT_URL_SES: ses.url,
    TABLE_NAME: table,
    UPLOADS_BUCKET: buckets.uploads,
    SITE_BUCKET: buckets.site,
    ARCHIVE_BUCKET: buckets.archive,
    WARTA_CONFIG: JSON.stringify(config),
    WEB_ORIGIN: webOrigin,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });

  const ddb = new DynamoDBClient({});
  await createWartaTable(ddb, table);
  ddb.destroy();
  const s3Client = new S3Client({ forcePathStyle: true });
  for (const bucket of [buckets.uploads, buckets.site]) await s3Client.send(new CreateBucketCommand({ Bucket: bucket }));
  // The archive as the template makes it (infra/cdk/constructs/storage.ts): versioned and locked,
  // so each writer here must send the checksum S3 demands of a write to a locked bucket.
  await s3Client.send(new CreateBucketCommand({ Bucket: buckets.archive, ObjectLockEnabledForBucket: true }));
  await s3Client.send(
    new PutObjectLockConfigurationCommand({
      Bucket: buckets.archive,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } } },
    }),
  );
  s3Client.destroy();

  return {
    table,
    buckets,
    mailboxUrl: ses.url,
    webOrigin,
    async stop() {
      await ses.close();
      await s3.close();
      await dynamo.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every mail the SES emulator captured (its `/store` endpoint). */
export async function mailbox(stores: OutputStores): Promise<CapturedMail[]> {
  const res = await fetch(`${stores.mailboxUrl}/store`);
  const body = (await res.json()) as { emails: CapturedMail[] };
  return body.emails;
}
