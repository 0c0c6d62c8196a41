/**
 * A resource kept on stack deletion (DeletionPolicy Retain) that also has a name of our
 * choosing outlives the stack under that name: a failed first deploy rolls back, the retained
 * resource stays, and the next deploy fails with "already exists". Let CloudFormation name it
 * (a fresh, unique name each time) or use RetainExceptOnCreate, which deletes what a failed
 * create made.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-name.html
 */
import { CfnDeletionPolicy, type CfnResource, Stack } from 'aws-cdk-lib';
import { CfnTable, CfnGlobalTable } from 'aws-cdk-lib/aws-dynamodb';
import { CfnRepository } from 'aws-cdk-lib/aws-ecr';
import { CfnRole } from 'aws-cdk-lib/aws-iam';
import { CfnStream } from 'aws-cdk-lib/aws-kinesis';
import { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnBucket } from 'aws-cdk-lib/aws-s3';
import { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnTopic } from 'aws-cdk-lib/aws-sns';
import { CfnQueue } from 'aws-cdk-lib/aws-sqs';
import { CfnStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';

/** The name property of each resource type whose name must be unique in the account and Region. */
function explicitNameOf(node: CfnResource): unknown {
  if (node instanceof CfnLogGroup) return node.logGroupName;
  if (node instanceof CfnTable || node instanceof CfnGlobalTable) return node.tableName;
  if (node instanceof CfnBucket) return node.bucketName;
  if (node instanceof CfnQueue) return node.queueName;
  if (node instanceof CfnTopic) return node.topicName;
  if (node instanceof CfnFunction) return node.functionName;
  if (node instanceof CfnStateMachine) return node.stateMachineName;
  if (node instanceof CfnRole) return node.roleName;
  if (node instanceof CfnSecret) return node.name;
  if (node instanceof CfnRepository) return node.repositoryName;
  if (node instanceof CfnStream) return node.name;
  return undefined;
}

export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    const name: unknown = Stack.of(node).resolve(explicitNameOf(node));
    if (name === undefined || name === null || name === '') return NagRuleCompliance.NOT_APPLICABLE;
    return node.cfnOptions.deletionPolicy === CfnDeletionPolicy.RETAIN ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
  'name',
  { value: 'RetainedPhysicalName' },
);
