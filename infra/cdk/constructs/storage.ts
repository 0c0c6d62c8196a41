/**
 * Storage: the single DynamoDB table (functions/domain/keys.ts) and the buckets uploads,
 * archive and site, plus the bucket that receives their access logs. The bind helpers set
 * a function's environment variable and its least privilege together.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { GSI1, GSI2, TTL_ATTRIBUTE } from '#domain/keys.js';
import { ENV } from '#contract/handlers.js';
import type { WartaFunction } from './function.js';

/** get-item: GetItem on the base table only, for a public route that reads one item by key. */
export type TableAccess = 'get-item' | 'read' | 'write';
export type BucketAccess = 'read' | 'write' | 'read-write';

/**
 * Prefix of uploads not yet claimed by a release; expired by the lifecycle rule. Every
 * upload URL points here, and only register moves an object out (to `releases/<id>/`), so
 * what is never claimed — abandoned, completed but not submitted, or refused at register
 * because it changed after its check — is removed by the rule, and unfinished multipart
 * uploads by the abort rule. The 2 days match the upload record's TTL (functions/adapters/
 * upload-store.ts): an object outlives the time its upload can still be claimed.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html
 */
export const INCOMING_PREFIX = 'incoming/';
const OBJECT_LOCK_DAYS_PER_YEAR = 365;

export interface StorageProps {
  readonly archiveRetentionYears: number;
}

const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const OBJECT_READ = ['s3:GetObject', 's3:GetObjectVersion', 's3:GetObjectAttributes', 's3:ListMultipartUploadParts'];
const OBJECT_WRITE = ['s3:PutObject', 's3:AbortMultipartUpload'];

export class Storage extends Construct {
  readonly table: dynamodb.Table;
  readonly logs: s3.Bucket;
  readonly uploads: s3.Bucket;
  readonly archive: s3.Bucket;
  readonly site: s3.Bucket;

  constructor(scope: Construct, id: string, props: StorageProps) {
    super(scope, id);
    // The classic Table (AWS::DynamoDB::Table), not TableV2's global table: the local cloud creates it in dynalite.
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const name of [GSI1, GSI2]) {
      this.table.addGlobalSecondaryIndex({
        indexName: name,
        partitionKey: { name: `${name}pk`, type: dynamodb.AttributeType.STRING },
        sortKey: { name: `${name}sk`, type: dynamodb.AttributeType.STRING },
      });
    }

    this.logs = new s3.Bucket(this, 'AccessLogs', {
      ...secureBucketDefaults(),
      // S3 server access logs arrive through the LogDeliveryWrite ACL, so ACLs stay usable (CloudFront's logs come through the bucket policy, site-access-logs.ts).
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    this.uploads = new s3.Bucket(this, 'Uploads', {
      ...secureBucketDefaults(),
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'uploads/',
      lifecycleRules: [
        { id: 'expire-unclaimed-uploads', prefix: INCOMING_PREFIX, expiration: Duration.days(2) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // COMPLIANCE, not GOVERNANCE: an archive kept for the public record must not be shortened or
    // deleted by anyone, including an administrator with s3:BypassGovernanceRetention.
    this.archive = new s3.Bucket(this, 'Archive', {
      ...secureBucketDefaults(),
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'archive/',
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(Duration.days(props.archiveRetentionYears * OBJECT_LOCK_DAYS_PER_YEAR)),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.site = new s3.Bucket(this, 'Site', {
      ...secureBucketDefaults(),
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets the web app PUT upload parts straight from the browser (the origin is known once the site exists). */
  allowUploadsFrom(webOrigin: string): void {
    this.uploads.addCorsRule({
      allowedOrigins: [webOrigin],
      allowedMethods: [s3.HttpMethods.PUT],
      allowedHeaders: ['content-type', 'content-length', 'content-md5', 'x-amz-*'],
      exposedHeaders: ['ETag'],
      maxAge: 3600,
    });
  }

  bindTable(fn: WartaFunction, access: TableAccess): void {
    fn.addEnvironment(ENV.table, this.table.tableName);
    if (access === 'get-item') {
      fn.allow(['dynamodb:GetItem'], [this.table.tableArn]);
      return;
    }
    const resources = [this.table.tableArn, ...[GSI1, GSI2].map((index) => `${this.table.tableArn}/index/${index}`)];
    fn.allow(access === 'write' ? [...TABLE_READ, ...TABLE_WRITE] : TABLE_READ, resources);
  }

  bindUploads(fn: WartaFunction, access: BucketAccess): void {
    this.bindBucket(fn, this.uploads, ENV.uploadsBucket, access);
  }

  /** register, uploads-complete: may delete unclaimed uploads, and no other object. */
  bindIncomingUploadsDeletion(fn: WartaFunction): void {
    // The bucket's name too, for a function that deletes and nothing more (bindUploads sets the same).
    fn.addEnvironment(ENV.uploadsBucket, this.uploads.bucketName);
    fn.allow(['s3:DeleteObject'], [this.uploads.arnForObjects(`${INCOMING_PREFIX}*`)]);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.uploads.node.defaultChild as s3.CfnBucket)}.Arn>/${INCOMING_PREFIX}*]`,
      reason: 'Upload ids are made at run time; the grant is limited to the unclaimed uploads of this one bucket.',
    });
  }

  bindArchive(fn: WartaFunction, access: BucketAccess): void {
    this.bindBucket(fn, this.archive, ENV.archiveBucket, access);
  }

  bindSite(fn: WartaFunction, access: BucketAccess): void {
    this.bindBucket(fn, this.site, ENV.siteBucket, access);
  }

  private bindBucket(fn: WartaFunction, bucket: s3.Bucket, envName: string, access: BucketAccess): void {
    fn.addEnvironment(envName, bucket.bucketName);
    const actions = [...(access !== 'write' ? OBJECT_READ : []), ...(access !== 'read' ? OBJECT_WRITE : [])];
    fn.allow(actions, [bucket.arnForObjects('*')]);
    // Listing lets a handler tell "absent" from "forbidden" on a HEAD/GET (403 without it).
    fn.allow(['s3:ListBucket'], [bucket.bucketArn]);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason: 'Object keys are made per release and upload at run time; the grant is limited to the objects of this one bucket.',
    });
  }
}

function secureBucketDefaults(): Pick<s3.BucketProps, 'blockPublicAccess' | 'enforceSSL' | 'encryption'> {
  return { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, enforceSSL: true, encryption: s3.BucketEncryption.S3_MANAGED };
}
