import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../infra/local-cloud/iam/credentials.js';
import {
  evaluate,
  UnsupportedPolicy,
  type PolicyDocument,
  type RequestContext,
  type Statement,
} from '../../../infra/local-cloud/iam/evaluate.js';

/**
 * The local evaluator against the rules and examples of AWS's IAM documentation. Each case
 * names the page its rule comes from; the policies are written for Warta's own resources.
 */

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/registerrole`;
const role: Caller = { kind: 'role', roleArn: ROLE, session: 'register' };
const events: Caller = { kind: 'service', service: 'events.amazonaws.com' };
const apiGateway: Caller = { kind: 'service', service: 'apigateway.amazonaws.com' };
const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

const PAGES = {
  interplay: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_AccessPolicyLanguage_Interplay.html',
  notAction: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html',
  action: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html',
  resource: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html',
  condition: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html',
  operators: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html',
  singleAccount: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html',
  denyAllow: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
  lambdaPermissions: 'https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html',
  enforceSsl: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html',
};

// Read-only IAM with reports explicitly denied, and a second policy that tries to allow one.
const READ_ONLY_IAM = doc(
  { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
);
const ALSO_REPORTS = doc({ Effect: 'Allow', Action: 'iam:GenerateCredentialReport', Resource: '*' });
const S3_BUT_DELETE_BUCKET = doc({ Effect: 'Allow', NotAction: 's3:DeleteBucket', Resource: 'arn:aws:s3:::*' });
const ALL_BUT_IAM = doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' });
const UPLOADS = doc(
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::uploads/*' },
  { Effect: 'Allow', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::uploads/incoming/upload-????' },
);
// The statement aws-cdk-lib's enforceSSL adds to every bucket policy of the stack.
const ENFORCE_SSL = doc({
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: ['arn:aws:s3:::uploads', 'arn:aws:s3:::uploads/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});
const BUCKET_GRANTS_ROLE = doc({ Effect: 'Allow', Principal: { AWS: ROLE }, Action: 's3:PutObject', Resource: 'arn:aws:s3:::archive/*' });
const DENY_ARCHIVE = doc({ Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::archive/*' });
// What Lambda makes of an AWS::Lambda::Permission for an EventBridge rule.
const RULE_MAY_INVOKE = doc({
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: `arn:aws:lambda:ap-southeast-3:${ACCOUNT}:function:sla-sweep`,
  Condition: { ArnLike: { 'AWS:SourceArn': `arn:aws:events:ap-southeast-3:${ACCOUNT}:rule/slasweep*` } },
});
const TAGGED = doc({
  Effect: 'Allow',
  Action: 'dynamodb:GetItem',
  Resource: '*',
  Condition: { StringNotEquals: { 'aws:ResourceTag/stage': 'prod' } },
});
const TAGGED_IF_EXISTS = doc({
  Effect: 'Allow',
  Action: 'dynamodb:GetItem',
  Resource: '*',
  Condition: { StringEqualsIfExists: { 'aws:ResourceTag/stage': 'dev' } },
});

const SWEEP = `arn:aws:lambda:ap-southeast-3:${ACCOUNT}:function:sla-sweep`;

interface Case {
  page: keyof typeof PAGES;
  says: string;
  caller?: Caller;
  identity?: PolicyDocument[];
  resourcePolicies?: PolicyDocument[];
  action: string;
  resource: string;
  context?: RequestContext;
  expected: 'allow' | 'explicit-deny-identity' | 'explicit-deny-resource' | 'no-allow';
}

const CASES: Case[] = [
  {
    page: 'interplay',
    says: 'an action the Get* pattern covers is allowed',
    identity: [READ_ONLY_IAM],
    action: 'iam:GetRole',
    resource: '*',
    expected: 'allow',
  },
  {
    page: 'interplay',
    says: 'an action no statement covers is implicitly denied',
    identity: [READ_ONLY_IAM],
    action: 'iam:CreatePolicy',
    resource: '*',
    expected: 'no-allow',
  },
  {
    page: 'interplay',
    says: 'the Deny wins over the Get* Allow',
    identity: [READ_ONLY_IAM],
    action: 'iam:GetOrganizationsAccessReport',
    resource: '*',
    expected: 'explicit-deny-identity',
  },
  {
    page: 'interplay',
    says: 'the Deny wins over an Allow in another policy',
    identity: [READ_ONLY_IAM, ALSO_REPORTS],
    action: 'iam:GenerateCredentialReport',
    resource: '*',
    expected: 'explicit-deny-identity',
  },
  {
    page: 'notAction',
    says: 'Allow with NotAction allows every other S3 action on S3 resources',
    identity: [S3_BUT_DELETE_BUCKET],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::uploads/a',
    expected: 'allow',
  },
  {
    page: 'notAction',
    says: 'the action NotAction names is not allowed',
    identity: [S3_BUT_DELETE_BUCKET],
    action: 's3:DeleteBucket',
    resource: 'arn:aws:s3:::uploads',
    expected: 'no-allow',
  },
  {
    page: 'notAction',
    says: 'ListAllMyBuckets needs the "*" resource, which arn:aws:s3:::* is not',
    identity: [S3_BUT_DELETE_BUCKET],
    action: 's3:ListAllMyBuckets',
    resource: '*',
    expected: 'no-allow',
  },
  {
    page: 'notAction',
    says: 'other services do not apply to S3 resources',
    identity: [S3_BUT_DELETE_BUCKET],
    action: 'dynamodb:GetItem',
    resource: `arn:aws:dynamodb:ap-southeast-3:${ACCOUNT}:table/t`,
    expected: 'no-allow',
  },
  {
    page: 'notAction',
    says: 'NotAction iam:* with Resource * allows any other service',
    identity: [ALL_BUT_IAM],
    action: 'dynamodb:PutItem',
    resource: `arn:aws:dynamodb:ap-southeast-3:${ACCOUNT}:table/t`,
    expected: 'allow',
  },
  {
    page: 'notAction',
    says: '...and no IAM action',
    identity: [ALL_BUT_IAM],
    action: 'iam:CreateUser',
    resource: '*',
    expected: 'no-allow',
  },
  {
    page: 'action',
    says: 'action names match without regard to case',
    identity: [UPLOADS],
    action: 'S3:getobject',
    resource: 'arn:aws:s3:::uploads/a',
    expected: 'allow',
  },
  {
    page: 'resource',
    says: 'ARNs match with regard to case',
    identity: [UPLOADS],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::Uploads/a',
    expected: 'no-allow',
  },
  {
    page: 'resource',
    says: '* in a resource spans slashes',
    identity: [UPLOADS],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::uploads/releases/r1/photo.jpg',
    expected: 'allow',
  },
  {
    page: 'resource',
    says: '? matches exactly one character',
    identity: [UPLOADS],
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::uploads/incoming/upload-0042',
    expected: 'allow',
  },
  {
    page: 'resource',
    says: '? does not match two characters',
    identity: [UPLOADS],
    action: 's3:DeleteObject',
    resource: 'arn:aws:s3:::uploads/incoming/upload-00420',
    expected: 'no-allow',
  },
  {
    page: 'enforceSsl',
    says: 'the enforceSSL Deny refuses a request without TLS',
    identity: [UPLOADS],
    resourcePolicies: [ENFORCE_SSL],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::uploads/a',
    context: { 'aws:SecureTransport': 'false' },
    expected: 'explicit-deny-resource',
  },
  {
    page: 'enforceSsl',
    says: '...and lets a TLS request through to the identity policy',
    identity: [UPLOADS],
    resourcePolicies: [ENFORCE_SSL],
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::uploads/a',
    context: { 'aws:SecureTransport': 'true' },
    expected: 'allow',
  },
  {
    page: 'singleAccount',
    says: 'in one account, a resource-based policy naming the role allows without an identity grant',
    identity: [UPLOADS],
    resourcePolicies: [BUCKET_GRANTS_ROLE],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::archive/a',
    expected: 'allow',
  },
  {
    page: 'denyAllow',
    says: 'an explicit Deny in the identity policy overrides the resource-based Allow',
    identity: [UPLOADS, DENY_ARCHIVE],
    resourcePolicies: [BUCKET_GRANTS_ROLE],
    action: 's3:PutObject',
    resource: 'arn:aws:s3:::archive/a',
    expected: 'explicit-deny-identity',
  },
  {
    page: 'lambdaPermissions',
    says: 'a service principal is allowed by the function policy for its source ARN',
    caller: events,
    action: 'lambda:InvokeFunction',
    resource: SWEEP,
    resourcePolicies: [RULE_MAY_INVOKE],
    context: { 'aws:SourceArn': `arn:aws:events:ap-southeast-3:${ACCOUNT}:rule/slasweepABC` },
    expected: 'allow',
  },
  {
    page: 'lambdaPermissions',
    says: '...not for another source ARN',
    caller: events,
    action: 'lambda:InvokeFunction',
    resource: SWEEP,
    resourcePolicies: [RULE_MAY_INVOKE],
    context: { 'aws:SourceArn': `arn:aws:events:ap-southeast-3:${ACCOUNT}:rule/other` },
    expected: 'no-allow',
  },
  {
    page: 'lambdaPermissions',
    says: '...and not for another service',
    caller: apiGateway,
    action: 'lambda:InvokeFunction',
    resource: SWEEP,
    resourcePolicies: [RULE_MAY_INVOKE],
    context: { 'aws:SourceArn': `arn:aws:events:ap-southeast-3:${ACCOUNT}:rule/slasweepABC` },
    expected: 'no-allow',
  },
  {
    page: 'condition',
    says: 'condition key names match without regard to case',
    caller: events,
    action: 'lambda:InvokeFunction',
    resource: SWEEP,
    resourcePolicies: [RULE_MAY_INVOKE],
    context: { 'AWS:SOURCEARN': `arn:aws:events:ap-southeast-3:${ACCOUNT}:rule/slasweepABC` },
    expected: 'allow',
  },
  {
    page: 'operators',
    says: 'a negated operator holds when the key is absent',
    identity: [TAGGED],
    action: 'dynamodb:GetItem',
    resource: '*',
    expected: 'allow',
  },
  {
    page: 'operators',
    says: 'a negated operator fails on a matching value',
    identity: [TAGGED],
    action: 'dynamodb:GetItem',
    resource: '*',
    context: { 'aws:ResourceTag/stage': 'prod' },
    expected: 'no-allow',
  },
  {
    page: 'operators',
    says: '...IfExists holds when the key is absent',
    identity: [TAGGED_IF_EXISTS],
    action: 'dynamodb:GetItem',
    resource: '*',
    expected: 'allow',
  },
  {
    page: 'operators',
    says: '...IfExists checks the key when present',
    identity: [TAGGED_IF_EXISTS],
    action: 'dynamodb:GetItem',
    resource: '*',
    context: { 'aws:ResourceTag/stage': 'prod' },
    expected: 'no-allow',
  },
];

describe('the local IAM policy evaluation', () => {
  it.each(CASES)('$page: $says', (c) => {
    // Act
    const decision = evaluate(
      { caller: c.caller ?? role, action: c.action, resource: c.resource, context: c.context },
      c.identity ?? [],
      c.resourcePolicies ?? [],
    );

    // Assert
    expect(decision.allowed ? 'allow' : decision.reason).toBe(c.expected);
  });

  it('refuses to guess at a condition operator it does not know', () => {
    const policy = doc({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } },
    });
    expect(() => evaluate({ caller: role, action: 's3:GetObject', resource: '*' }, [policy], [])).toThrow(UnsupportedPolicy);
  });

  it('cites each page it checks', () => {
    expect(new Set(CASES.map((c) => c.page))).toEqual(new Set(Object.keys(PAGES)));
  });
});
