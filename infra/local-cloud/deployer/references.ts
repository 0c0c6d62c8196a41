import type { TemplateResource } from './template.js';
import { lambdaArn, localName, secretArn, stateMachineArn, hostOf, type LocalUrls } from './names.js';
import { UnresolvableIntrinsic } from './intrinsics.js';

/**
 * What `Ref` and `Fn::GetAtt` of each resource type mean on the local cloud. Physical names
 * set in the template win; otherwise names come from names.ts.
 */

const PHYSICAL_NAME: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Events::Rule': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::ApiGatewayV2::Stage': 'StageName',
  'AWS::SecretsManager::Secret': 'Name',
};

export interface ReferenceEnv {
  region: string;
  accountId: string;
  urls: LocalUrls;
  resolveString(value: unknown, where: string): string;
}

export function physicalNameOf(logicalId: string, resource: TemplateResource, env: ReferenceEnv): string {
  const property = PHYSICAL_NAME[resource.Type];
  const value = property ? resource.Properties?.[property] : undefined;
  if (value !== undefined) return env.resolveString(value, `${logicalId}.${property}`);
  if (resource.Type === 'AWS::Lambda::Function') {
    const handler = wartaHandlerOf(resource);
    if (handler) return handler;
  }
  return localName(logicalId);
}

/** The handler name the project's function construct records, as a tag or metadata. */
export function wartaHandlerOf(resource: TemplateResource): string | undefined {
  const fromMetadata = resource.Metadata?.['warta:handler'];
  if (typeof fromMetadata === 'string') return fromMetadata;
  const tags = resource.Properties?.Tags;
  if (Array.isArray(tags)) {
    const tag = tags.find((t) => (t as { Key?: unknown }).Key === 'warta:handler') as { Value?: unknown } | undefined;
    if (typeof tag?.Value === 'string') return tag.Value;
  }
  return undefined;
}

export function refOf(logicalId: string, resource: TemplateResource, name: string, env: ReferenceEnv): string {
  const { region: r, accountId: a } = env;
  switch (resource.Type) {
    case 'AWS::StepFunctions::StateMachine':
      return stateMachineArn(r, a, name);
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${r}:${a}:${name}`;
    case 'AWS::SQS::Queue':
      return `https://sqs.${r}.amazonaws.com/${a}/${name}`;
    case 'AWS::SES::EmailIdentity':
      return env.resolveString(resource.Properties?.EmailIdentity, `${logicalId}.EmailIdentity`);
    case 'AWS::IAM::ManagedPolicy':
      return `arn:aws:iam::${a}:policy/${name}`;
    case 'AWS::SecretsManager::Secret':
      return secretArn(r, a, name);
    case 'AWS::ApiGatewayV2::Integration':
    case 'AWS::ApiGatewayV2::Route':
    case 'AWS::ApiGatewayV2::Api':
    case 'AWS::ApiGatewayV2::Authorizer':
    case 'AWS::CloudFront::Distribution':
      return logicalId;
    default:
      return name;
  }
}

export function getAttOf(logicalId: string, resource: TemplateResource, name: string, attribute: string, env: ReferenceEnv): unknown {
  const { region: r, accountId: a, urls } = env;
  const unknown = () => new UnresolvableIntrinsic(`Fn::GetAtt ${logicalId}.${attribute} (${resource.Type}) has no local value`);
  switch (resource.Type) {
    case 'AWS::Lambda::Function':
      if (attribute === 'Arn') return lambdaArn(r, a, name);
      throw unknown();
    case 'AWS::DynamoDB::Table':
      if (attribute === 'Arn') return `arn:aws:dynamodb:${r}:${a}:table/${name}`;
      if (attribute === 'StreamArn') return `arn:aws:dynamodb:${r}:${a}:table/${name}/stream/local`;
      throw unknown();
    case 'AWS::S3::Bucket':
      switch (attribute) {
        case 'Arn':
          return `arn:aws:s3:::${name}`;
        case 'DomainName':
          return `${name}.s3.amazonaws.com`;
        case 'RegionalDomainName':
          return `${name}.s3.${r}.amazonaws.com`;
        case 'DualStackDomainName':
          return `${name}.s3.dualstack.${r}.amazonaws.com`;
        case 'WebsiteURL':
          return urls.web;
        default:
          throw unknown();
      }
    case 'AWS::StepFunctions::StateMachine':
      if (attribute === 'Name') return name;
      if (attribute === 'Arn') return stateMachineArn(r, a, name);
      throw unknown();
    case 'AWS::ApiGatewayV2::Api':
      if (attribute === 'ApiEndpoint') return urls.api;
      if (attribute === 'ApiId') return logicalId;
      throw unknown();
    case 'AWS::CloudFront::Distribution':
      if (attribute === 'DomainName') return hostOf(urls.web);
      if (attribute === 'Id') return logicalId;
      throw unknown();
    case 'AWS::Events::Rule':
      if (attribute === 'Arn') return `arn:aws:events:${r}:${a}:rule/${name}`;
      throw unknown();
    case 'AWS::SNS::Topic':
      if (attribute === 'TopicArn') return `arn:aws:sns:${r}:${a}:${name}`;
      if (attribute === 'TopicName') return name;
      throw unknown();
    case 'AWS::SQS::Queue':
      if (attribute === 'Arn') return `arn:aws:sqs:${r}:${a}:${name}`;
      if (attribute === 'QueueName') return name;
      if (attribute === 'QueueUrl') return `https://sqs.${r}.amazonaws.com/${a}/${name}`;
      throw unknown();
    case 'AWS::IAM::Role':
      if (attribute === 'Arn') return `arn:aws:iam::${a}:role/${name}`;
      if (attribute === 'RoleId') return `AROALOCAL${name.toUpperCase().slice(0, 12)}`;
      throw unknown();
    case 'AWS::Logs::LogGroup':
      if (attribute === 'Arn') return `arn:aws:logs:${r}:${a}:log-group:${name}:*`;
      throw unknown();
    default:
      // Resources the local cloud does not run still get stable, recognisable values so a
      // template that mentions them resolves; they are listed as "not emulated" at startup.
      if (attribute === 'Arn') return `arn:aws:local:${r}:${a}:${name}`;
      return `${name}.${attribute}`;
  }
}
