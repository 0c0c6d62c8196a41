/**
 * SiteAccessLogs: the distribution's access logs through CloudFront standard logging (v2),
 * delivered into the access-log bucket in the stack's own Region.
 *
 * Why v2 and why this way:
 * - Standard logging (legacy) cannot write to a bucket in an opt-in Region such as Jakarta
 *   (WartaChecks-CloudFrontLegacyLogRegion); v2 delivers to S3 in opt-in Regions, so the logs
 *   stay in Indonesia beside the rest of the office's data.
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 * - CloudFront is global and its log delivery is configured through CloudWatch Logs in
 *   us-east-1 only; an AWS::Logs::DeliverySource in a Jakarta template would be made in
 *   Jakarta. So the delivery source, destination and delivery are made by SDK calls to
 *   us-east-1 from this stack (AwsCustomResource), which keeps Warta one stack: `cdk deploy`
 *   needs no second stack, no us-east-1 bootstrap and no cross-Region references.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-vended-logs-permissions-V2.html
 * - The bucket policy grants log delivery itself, as AWS's page for S3 destinations shows,
 *   rather than letting CloudWatch Logs rewrite a policy CloudFormation owns.
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId, PhysicalResourceIdReference } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { nagAccount } from './nag.js';

/** Where CloudFront's log delivery is configured, whatever the stack's Region. */
export const CLOUDFRONT_LOG_DELIVERY_REGION = 'us-east-1';
/** A delete that finds nothing is done: a rollback or a second delete must not fail the stack. */
const GONE = 'ResourceNotFoundException';
/** Key prefix of the CloudFront logs in the access-log bucket, beside the S3 server access logs. */
export const CLOUDFRONT_LOG_PREFIX = 'cloudfront';

export interface SiteAccessLogsProps {
  readonly distribution: cloudfront.IDistribution;
  readonly logBucket: s3.IBucket;
}

export class SiteAccessLogs extends Construct {
  constructor(scope: Construct, id: string, props: SiteAccessLogsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = CLOUDFRONT_LOG_DELIVERY_REGION;
    // Names are unique per account in us-east-1: the stack's name keeps two Warta stacks apart.
    const sourceName = `${stack.stackName}-site-access-logs`;
    const destinationName = `${stack.stackName}-site-access-logs-s3`;
    const deliveryArns = {
      source: `arn:${stack.partition}:logs:${region}:${stack.account}:delivery-source:${sourceName}`,
      destination: `arn:${stack.partition}:logs:${region}:${stack.account}:delivery-destination:${destinationName}`,
      delivery: `arn:${stack.partition}:logs:${region}:${stack.account}:delivery:*`,
    };

    const deliveryConditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${region}:${stack.account}:*` },
    };
    props.logBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontLogDeliveryWrite',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [props.logBucket.arnForObjects(`${CLOUDFRONT_LOG_PREFIX}/*`)],
        conditions: {
          ...deliveryConditions,
          StringEquals: { ...deliveryConditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
        },
      }),
    );
    props.logBucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudFrontLogDeliveryAclCheck',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [props.logBucket.bucketArn],
        conditions: deliveryConditions,
      }),
    );

    const policy = (statements: iam.PolicyStatement[]) => AwsCustomResourcePolicy.fromStatements(statements);
    const source = new AwsCustomResource(this, 'DeliverySource', {
      onUpdate: {
        service: 'CloudWatchLogs',
        action: 'PutDeliverySource',
        parameters: { name: sourceName, resourceArn: props.distribution.distributionArn, logType: 'ACCESS_LOGS' },
        region,
        physicalResourceId: PhysicalResourceId.of(sourceName),
      },
      onDelete: {
        service: 'CloudWatchLogs',
        action: 'DeleteDeliverySource',
        parameters: { name: sourceName },
        region,
        ignoreErrorCodesMatching: GONE,
      },
      policy: policy([
        new iam.PolicyStatement({ actions: ['logs:PutDeliverySource', 'logs:DeleteDeliverySource'], resources: [deliveryArns.source] }),
        // PutDeliverySource also asks CloudFront whether this caller may have the distribution's logs delivered.
        new iam.PolicyStatement({
          actions: ['cloudfront:AllowVendedLogDeliveryForResource'],
          resources: [props.distribution.distributionArn],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    const destination = new AwsCustomResource(this, 'DeliveryDestination', {
      onUpdate: {
        service: 'CloudWatchLogs',
        action: 'PutDeliveryDestination',
        parameters: {
          name: destinationName,
          // W3C: the same fields and layout as the legacy logs, so the usual readers (Athena's CloudFront table) keep working.
          outputFormat: 'w3c',
          deliveryDestinationConfiguration: { destinationResourceArn: `${props.logBucket.bucketArn}/${CLOUDFRONT_LOG_PREFIX}` },
        },
        region,
        physicalResourceId: PhysicalResourceId.of(destinationName),
      },
      onDelete: {
        service: 'CloudWatchLogs',
        action: 'DeleteDeliveryDestination',
        parameters: { name: destinationName },
        region,
        ignoreErrorCodesMatching: GONE,
      },
      policy: policy([
        new iam.PolicyStatement({
          actions: ['logs:PutDeliveryDestination', 'logs:DeleteDeliveryDestination'],
          resources: [deliveryArns.destination],
        }),
      ]),
      installLatestAwsSdk: false,
    });
    const delivery = new AwsCustomResource(this, 'Delivery', {
      onCreate: {
        service: 'CloudWatchLogs',
        action: 'CreateDelivery',
        parameters: { deliverySourceName: sourceName, deliveryDestinationArn: destination.getResponseField('deliveryDestination.arn') },
        region,
        physicalResourceId: PhysicalResourceId.fromResponse('delivery.id'),
      },
      onDelete: {
        service: 'CloudWatchLogs',
        action: 'DeleteDelivery',
        parameters: { id: new PhysicalResourceIdReference() },
        region,
        ignoreErrorCodesMatching: GONE,
      },
      policy: policy([
        new iam.PolicyStatement({
          actions: ['logs:CreateDelivery', 'logs:DeleteDelivery', 'logs:GetDelivery'],
          resources: Object.values(deliveryArns),
        }),
      ]),
      installLatestAwsSdk: false,
    });
    // Made after, and so deleted before, its source and destination.
    delivery.node.addDependency(source, destination);

    // The three calls run in aws-cdk-lib's one provider function per stack; it is made at the stack's top level.
    const provider = stack.node.tryFindChild(`AWS${AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, '')}`);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'aws-cdk-lib AwsCustomResource provider: the managed basic execution role only lets it write its own logs; its calls are granted one by one above.',
      });
    }
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:${region}:${nagAccount(stack)}:delivery:*]`,
      reason:
        'A delivery is named by the id CreateDelivery returns, so its ARN is not known before it exists; the grant covers deliveries of this account in us-east-1 only.',
    });
  }
}
