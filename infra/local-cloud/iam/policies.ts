/**
 * The policies the synthesized template declares, with every intrinsic resolved to local
 * names: each role's identity-based policies (inline `Policies` and the `AWS::IAM::Policy` /
 * `AWS::IAM::ManagedPolicy` resources attached to it), the bucket policies, and each
 * function's resource-based policy made of its `AWS::Lambda::Permission` resources
 * (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
 */
import type { Resolver } from '../deployer/intrinsics.js';
import type { TemplateResource } from '../deployer/template.js';
import type { PolicyDocument, Statement } from './evaluate.js';

export interface IamModel {
  /** Identity-based policies by role ARN. */
  roles: Map<string, PolicyDocument[]>;
  /** Bucket policies by bucket name. */
  bucketPolicies: Map<string, PolicyDocument[]>;
  /** Resource-based policies by function ARN (from AWS::Lambda::Permission). */
  functionPolicies: Map<string, PolicyDocument[]>;
}

export interface IamSources {
  live: Array<[string, TemplateResource]>;
  resolver: Resolver;
  accountId: string;
  /** The local name of a resource (role name, bucket name). */
  nameOf(logicalId: string): string;
  /** A function's ARN from its name or ARN as a permission gives it. */
  functionArnOf(nameOrArn: string): string;
}

export function iamOf({ live, resolver, accountId, nameOf, functionArnOf }: IamSources): IamModel {
  const props = (r: TemplateResource) => r.Properties ?? {};
  const ofType = (type: string) => live.filter(([, r]) => r.Type === type);
  const roleArnByName = new Map(ofType('AWS::IAM::Role').map(([id]) => [nameOf(id), `arn:aws:iam::${accountId}:role/${nameOf(id)}`]));
  const roles = new Map<string, PolicyDocument[]>([...roleArnByName.values()].map((arn) => [arn, []]));
  const document = (value: unknown) => resolver.resolve(value) as PolicyDocument;
  const attach = (map: Map<string, PolicyDocument[]>, key: string, policy: PolicyDocument) =>
    map.set(key, [...(map.get(key) ?? []), policy]);

  for (const [id, r] of ofType('AWS::IAM::Role')) {
    for (const inline of (props(r).Policies ?? []) as Array<{ PolicyDocument: unknown }>)
      attach(roles, roleArnByName.get(nameOf(id))!, document(inline.PolicyDocument));
  }
  for (const [, r] of [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]) {
    const p = props(r);
    const policy = document(p.PolicyDocument);
    for (const roleName of resolver.resolve(p.Roles ?? []) as string[]) {
      const arn = roleArnByName.get(roleName) ?? `arn:aws:iam::${accountId}:role/${roleName}`;
      attach(roles, arn, policy);
    }
  }

  const bucketPolicies = new Map<string, PolicyDocument[]>();
  for (const [, r] of ofType('AWS::S3::BucketPolicy')) {
    const p = props(r);
    attach(bucketPolicies, resolver.resolveString(p.Bucket, 'BucketPolicy.Bucket'), document(p.PolicyDocument));
  }

  const functionPolicies = new Map<string, PolicyDocument[]>();
  for (const [id, r] of ofType('AWS::Lambda::Permission')) {
    const p = resolver.resolve(props(r)) as Record<string, string | undefined>;
    const functionArn = functionArnOf(String(p.FunctionName));
    const statement: Statement = {
      Sid: id,
      Effect: 'Allow',
      Action: String(p.Action),
      Principal: p.Principal!.endsWith('.amazonaws.com') ? { Service: p.Principal! } : { AWS: p.Principal! },
      Resource: functionArn,
    };
    // Lambda turns SourceArn and SourceAccount into these conditions on the statement it adds.
    const condition: Statement['Condition'] = {};
    if (p.SourceArn) condition.ArnLike = { 'AWS:SourceArn': p.SourceArn };
    if (p.SourceAccount) condition.StringEquals = { 'AWS:SourceAccount': p.SourceAccount };
    if (Object.keys(condition).length) statement.Condition = condition;
    attach(functionPolicies, functionArn, { Version: '2012-10-17', Statement: [statement] });
  }
  return { roles, bucketPolicies, functionPolicies };
}
