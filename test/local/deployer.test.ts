import { describe, expect, it } from 'vitest';
import { createResolver, UnresolvableIntrinsic } from '../../infra/local-cloud/deployer/intrinsics.js';
import { localizeCsp, localizeString } from '../../infra/local-cloud/deployer/names.js';
import { FIXTURE_URLS, fixtureModel } from './fixture.js';

describe('the deployer reading a CDK-shaped template', () => {
  const model = fixtureModel();
  const fn = (name: string) => model.functions.find((f) => f.name === name)!;

  it('resolves intrinsics in Lambda environment variables to local names and URLs', () => {
    expect(fn('echo').environment).toEqual({
      TABLE_NAME: 'storagetable0a1b2c3d',
      TABLE_ARN: 'arn:aws:dynamodb:ap-southeast-3:111111111111:table/storagetable0a1b2c3d',
      UPLOADS_BUCKET: 'uploadsbuckete1f2a3b4',
      ARCHIVE_BUCKET: 'warta-fixture-archive',
      STATE_MACHINE_ARN: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:workflowstatemachinedeadbeef',
      WEB_ORIGIN: FIXTURE_URLS.web,
      API_URL: FIXTURE_URLS.api,
      API_URL_FROM_PARTS: FIXTURE_URLS.api,
      SUBSTITUTED: 'aws:111111111111:fixture-env:${Literal}:b',
      SUB_GETATT: 'arn:aws:dynamodb:ap-southeast-3:111111111111:table/storagetable0a1b2c3d',
      REGION_CHOICE: 'jakarta',
    });
  });

  it('names functions by FunctionName, then warta:handler, and finds their bundled asset', () => {
    expect(model.functions.map((f) => f.name).sort()).toEqual([
      'callback',
      'echo',
      'exit',
      'fixture-env',
      'fixture-fail',
      'http',
      'mail-feedback',
      'sleep',
    ]);
    expect(fn('echo')).toMatchObject({
      handler: 'index.echo',
      timeoutSeconds: 10,
      memoryMb: 256,
      arn: 'arn:aws:lambda:ap-southeast-3:111111111111:function:echo',
    });
    expect(fn('fixture-fail').assetDir).toMatch(/asset\.0fixture0$/);
  });

  it('declares the tables and buckets of the template with their keys, indexes and CORS', () => {
    expect(model.tables).toHaveLength(1);
    expect(model.tables[0]!.properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk' }, { AttributeName: 'sk' }],
      GlobalSecondaryIndexes: [{ IndexName: 'gsi1' }],
    });
    expect(model.buckets.map((b) => b.name)).toEqual(['uploadsbuckete1f2a3b4', 'warta-fixture-archive', 'sitebucketaabbccdd']);
    expect(model.buckets[0]!.cors[0]!.AllowedOrigins).toEqual([FIXTURE_URLS.web]);
    expect(model.buckets[1]).toMatchObject({ versioned: true, objectLock: true, defaultRetention: { Mode: 'COMPLIANCE', Days: 3650 } });
    expect(model.siteBucket).toBe('sitebucketaabbccdd');
  });

  it('resolves the state machine definition, function ARNs included', () => {
    const definition = JSON.parse(model.stateMachines[0]!.definition);
    expect(definition.States.Echo.Resource).toBe('arn:aws:states:::lambda:invoke');
    expect(definition.States.Echo.Arguments.FunctionName).toBe('arn:aws:lambda:ap-southeast-3:111111111111:function:echo');
  });

  it('routes each HTTP API route to its function, with its authorization type', () => {
    expect(model.apis[0]!.routes).toEqual([
      { routeKey: 'POST /api/uploads', functionName: 'http', authorizationType: 'NONE', apiId: 'HttpApiF5A6B7C8' },
      { routeKey: 'GET /api/releases/{id}', functionName: 'http', authorizationType: 'NONE', apiId: 'HttpApiF5A6B7C8' },
      { routeKey: 'ANY /api/audit/{proxy+}', functionName: 'echo', authorizationType: 'AWS_IAM', apiId: 'HttpApiF5A6B7C8' },
    ]);
    expect(model.apis[0]!.cors?.AllowOrigins).toEqual([FIXTURE_URLS.web]);
  });

  it('reads EventBridge rules with their resolved patterns and schedules', () => {
    const [done, nightly] = model.rules;
    expect(done!.eventPattern).toEqual({
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        status: ['SUCCEEDED', 'FAILED'],
        stateMachineArn: ['arn:aws:states:ap-southeast-3:111111111111:stateMachine:workflowstatemachinedeadbeef'],
      },
    });
    expect(nightly).toMatchObject({ scheduleExpression: 'cron(0 1 * * ? *)', targets: [{ input: '{"job":"report"}' }] });
  });

  it('names every resource type it does not run, skipping resources whose Condition is false', () => {
    expect(model.notEmulated).toEqual([
      'AWS::CloudWatch::Alarm (2)',
      'AWS::Lambda::Function[python3.13]',
      'AWS::SES::ConfigurationSet',
      'AWS::SNS::Topic',
    ]);
  });

  it('applies the response headers policy, its CSP pointed at the local hosts', () => {
    expect(model.securityHeaders).toMatchObject({
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
    });
    expect(
      localizeCsp(
        "connect-src 'self' https://*.execute-api.ap-southeast-3.amazonaws.com https://*.s3.ap-southeast-3.amazonaws.com",
        FIXTURE_URLS,
      ),
    ).toBe(`connect-src 'self' ${FIXTURE_URLS.api} ${FIXTURE_URLS.s3}`);
    expect(localizeString('https://127.0.0.1:4000/t/x', FIXTURE_URLS)).toBe('http://127.0.0.1:4000/t/x');
  });
});

describe('intrinsic functions', () => {
  const resolver = createResolver({
    region: 'ap-southeast-3',
    accountId: '111111111111',
    stackName: 'Warta',
    parameters: { Stage: { Default: 'prod' } },
    conditions: {},
    ref: (id) => `ref-of-${id}`,
    getAtt: (id, attr) => `${id}.${attr}`,
  });

  it('covers Ref, GetAtt, Join, Sub, Select, Split, parameters and pseudo parameters', () => {
    expect(resolver.resolve({ 'Fn::Join': ['-', [{ Ref: 'AWS::StackName' }, { Ref: 'Stage' }, { Ref: 'Thing' }]] })).toBe(
      'Warta-prod-ref-of-Thing',
    );
    expect(resolver.resolve({ 'Fn::GetAtt': 'Thing.Arn' })).toBe('Thing.Arn');
    expect(resolver.resolve({ 'Fn::Sub': '${AWS::Region}/${Thing}/${Thing.Arn}/${AWS::URLSuffix}' })).toBe(
      'ap-southeast-3/ref-of-Thing/Thing.Arn/amazonaws.com',
    );
    expect(resolver.resolve({ 'Fn::Select': [2, { 'Fn::Split': ['/', 'a/b/c'] }] })).toBe('c');
  });

  it('names what it cannot resolve', () => {
    expect(() => resolver.resolve({ 'Fn::ImportValue': 'x' })).toThrow(UnresolvableIntrinsic);
    expect(() => resolver.resolve({ 'Fn::Select': [5, ['a']] })).toThrow(/out of range/);
  });
});
