/**
 * The wiring of the dkip-malut stack: what each function may touch and is told, the rules,
 * the stores' protections, CORS, and cdk-nag's AwsSolutions pack and WartaChecks with nothing left unacknowledged.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { METRIC_NAMES, METRIC_NAMESPACE } from '#domain/metric-names.js';
import { HANDLERS, type HandlerName } from '#contract/handlers.js';
import { decodeConfigText } from '#contract/config-text.js';
import { HANDLER_METADATA_KEY } from '../../infra/cdk/constructs/function.js';
import { foreignContextVariables } from '../../infra/cdk/nag/http-api-log-format.js';
import { isDeskPath } from '../../infra/cdk/constructs/api.js';
import { synthWarta, type Synthesized } from './synth.js';
import {
  actionsOf,
  envOf,
  functionOf,
  getAttArn,
  grantsOf,
  resourcesOf,
  resourcesOfType,
  statementsOfFunction,
  statementsOfRole,
  type Statement,
} from './template.js';

let s: Synthesized;
let ids: { table: string; uploads: string; archive: string; site: string; machine: string; distribution: string };

beforeAll(() => {
  s = synthWarta();
  console.info(`synth of the dkip-malut stack (18 bundles) took ${Math.round(s.millis)} ms`);
  const only = (type: string, match: string) => {
    const found = resourcesOfType(s, type).filter(([id]) => id.includes(match));
    if (found.length !== 1) throw new Error(`expected one ${type} named like ${match}, found ${found.length}`);
    return found[0]![0];
  };
  ids = {
    table: only('AWS::DynamoDB::Table', 'Table'),
    uploads: only('AWS::S3::Bucket', 'Uploads'),
    archive: only('AWS::S3::Bucket', 'Archive'),
    site: only('AWS::S3::Bucket', 'Site'),
    machine: only('AWS::StepFunctions::StateMachine', 'StateMachine'),
    distribution: only('AWS::CloudFront::Distribution', 'Distribution'),
  };
});

const webOrigin = () => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [ids.distribution, 'DomainName'] }]] });
const objectsOf = (bucket: string) => ({ 'Fn::Join': ['', [getAttArn(bucket), '/*']] });

type Limits = { ThrottlingBurstLimit: number; ThrottlingRateLimit: number };

describe('functions', () => {
  it('one per handler, found by its warta:handler metadata, on nodejs22.x arm64 with CommonJS bundles and tracing', () => {
    for (const handler of Object.keys(HANDLERS)) {
      const [, fn] = functionOf(s, handler);
      expect(fn.Metadata?.[HANDLER_METADATA_KEY]).toBe(handler);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
      });
    }
  });

  it('all get the validated config and the Powertools settings', () => {
    for (const handler of Object.keys(HANDLERS)) {
      const env = envOf(s, handler);
      expect(JSON.parse(decodeConfigText(env.WARTA_CONFIG as string))).toMatchObject({
        profile: 'dkip-malut',
        archive: { retentionYears: 10 },
      });
      expect(env.WARTA_CONFIG_SHA256).toBe(
        createHash('sha256')
          .update(env.WARTA_CONFIG as string)
          .digest('hex'),
      );
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'warta',
        POWERTOOLS_METRICS_NAMESPACE: 'Warta',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      });
    }
  });

  it('are told only the names they need', () => {
    const releasesCreate = envOf(s, 'releases-create');
    expect(releasesCreate).toMatchObject({
      TABLE_NAME: { Ref: ids.table },
      UPLOADS_BUCKET: { Ref: ids.uploads },
      STATE_MACHINE_ARN: { Ref: ids.machine },
      WEB_ORIGIN: webOrigin(),
    });
    expect(releasesCreate.ARCHIVE_BUCKET).toBeUndefined();

    const recordFailure = envOf(s, 'record-failure');
    expect(recordFailure.TABLE_NAME).toEqual({ Ref: ids.table });
    expect(recordFailure.STATE_MACHINE_ARN).toBeUndefined();
    expect(recordFailure.SES_CONFIGURATION_SET).toBeUndefined();

    expect(envOf(s, 'publish')).toMatchObject({ SITE_BUCKET: { Ref: ids.site }, SES_CONFIGURATION_SET: { Ref: expect.any(String) } });
    expect(envOf(s, 'history-snapshot')).toMatchObject({ ARCHIVE_BUCKET: { Ref: ids.archive }, STATE_MACHINE_ARN: { Ref: ids.machine } });
  });
});

describe('IAM', () => {
  const ALLOWED_ON_ANY_RESOURCE = new Set([
    // X-Ray and vended log delivery have no resource-level permissions.
    'xray:PutTraceSegments',
    'xray:PutTelemetryRecords',
    'xray:GetSamplingRules',
    'xray:GetSamplingTargets',
    'logs:CreateLogDelivery',
    'logs:GetLogDelivery',
    'logs:UpdateLogDelivery',
    'logs:DeleteLogDelivery',
    'logs:ListLogDeliveries',
    'logs:PutResourcePolicy',
    'logs:DescribeResourcePolicies',
    'logs:DescribeLogGroups',
    // The CDK deployment of the web app invalidates the distribution.
    'cloudfront:CreateInvalidation',
    'cloudfront:GetInvalidation',
  ]);

  it('grants "*" as a resource only for actions that AWS offers no resource for', () => {
    const all: Statement[] = resourcesOfType(s, 'AWS::IAM::Policy').flatMap(
      ([, p]) => (p.Properties!.PolicyDocument as { Statement: Statement[] }).Statement,
    );
    const onAnyResource = all.filter((st) => resourcesOf(st).includes('*')).flatMap(actionsOf);
    expect(onAnyResource.length).toBeGreaterThan(0);
    expect(onAnyResource.filter((a) => !ALLOWED_ON_ANY_RESOURCE.has(a))).toEqual([]);
  });

  it('lets functions read and write the table and both its indexes by name', () => {
    const tableArn = getAttArn(ids.table);
    const indexes = ['gsi1', 'gsi2'].map((i) => ({ 'Fn::Join': ['', [tableArn, `/index/${i}`]] }));
    expect(grantsOf(statementsOfFunction(s, 'tasks-act'), 'dynamodb:UpdateItem')).toEqual([tableArn, ...indexes]);
    expect(grantsOf(statementsOfFunction(s, 'releases-get'), 'dynamodb:Query')).toEqual([tableArn, ...indexes]);
    expect(grantsOf(statementsOfFunction(s, 'releases-get'), 'dynamodb:PutItem')).toEqual([]);
  });

  it('lets the public verification route read one table item by key and nothing else', () => {
    const statements = statementsOfFunction(s, 'verify-get');
    expect(grantsOf(statements, 'dynamodb:GetItem')).toEqual([getAttArn(ids.table)]);
    expect(statements.flatMap(actionsOf).filter((a) => !/^(xray|logs):/.test(a))).toEqual(['dynamodb:GetItem']);
  });

  it('names the bucket each function may use', () => {
    expect(grantsOf(statementsOfFunction(s, 'uploads-create'), 's3:PutObject')).toEqual([objectsOf(ids.uploads)]);
    expect(grantsOf(statementsOfFunction(s, 'archive'), 's3:PutObject')).toEqual([objectsOf(ids.archive)]);
    expect(grantsOf(statementsOfFunction(s, 'archive'), 's3:GetObject')).toEqual([objectsOf(ids.uploads), objectsOf(ids.archive)]);
    expect(grantsOf(statementsOfFunction(s, 'audit-api'), 's3:PutObject')).toEqual([]);
  });

  it('lets only register, uploads-complete and the sweep delete uploads, and only unclaimed ones', () => {
    const incoming = { 'Fn::Join': ['', [getAttArn(ids.uploads), '/incoming/*']] };
    expect(grantsOf(statementsOfFunction(s, 'register'), 's3:DeleteObject')).toEqual([incoming]);
    expect(grantsOf(statementsOfFunction(s, 'uploads-complete'), 's3:DeleteObject')).toEqual([incoming]);
    // The sweep deletes the uploads of submissions never confirmed.
    expect(grantsOf(statementsOfFunction(s, 'sla-sweep'), 's3:DeleteObject')).toEqual([incoming]);
    for (const handler of [
      'uploads-create',
      'releases-create',
      'confirmations-confirm',
      'tasks-act',
      'archive',
      'publish',
    ] as HandlerName[]) {
      expect(grantsOf(statementsOfFunction(s, handler), 's3:DeleteObject')).toEqual([]);
    }
  });

  it('gives each state-machine right to the one function that needs it, on this machine only', () => {
    expect(grantsOf(statementsOfFunction(s, 'releases-create'), 'states:StartExecution')).toEqual([{ Ref: ids.machine }]);
    // Following a confirmation link starts the workflow of the held release.
    expect(grantsOf(statementsOfFunction(s, 'confirmations-confirm'), 'states:StartExecution')).toEqual([{ Ref: ids.machine }]);
    // The sweep starts the workflow of a release the API stored but could not start.
    expect(grantsOf(statementsOfFunction(s, 'sla-sweep'), 'states:StartExecution')).toEqual([{ Ref: ids.machine }]);
    expect(grantsOf(statementsOfFunction(s, 'sla-sweep'), 'states:SendTaskFailure')).toEqual([{ Ref: ids.machine }]);
    expect(grantsOf(statementsOfFunction(s, 'tasks-act'), 'states:SendTaskSuccess')).toEqual([{ Ref: ids.machine }]);
    // human-task hands a recorded decision back when its stage is delivered again.
    expect(grantsOf(statementsOfFunction(s, 'human-task'), 'states:SendTaskSuccess')).toEqual([{ Ref: ids.machine }]);
    const history = grantsOf(statementsOfFunction(s, 'audit-api'), 'states:GetExecutionHistory');
    expect(JSON.stringify(history)).toContain(`:execution:",{"Fn::GetAtt":["${ids.machine}","Name"]},":*"`);
    for (const handler of ['tasks-get', 'register', 'publish'] as HandlerName[]) {
      expect(
        statementsOfFunction(s, handler)
          .flatMap(actionsOf)
          .filter((a) => a.startsWith('states:')),
      ).toEqual([]);
    }
  });

  it('lets only the challenge issuer and the create handler read the captcha key, with GetSecretValue alone', () => {
    const secrets = resourcesOfType(s, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(1);
    const [secretId, secret] = secrets[0]!;
    expect(secret.Properties).toMatchObject({ GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true } });
    for (const handler of Object.keys(HANDLERS) as HandlerName[]) {
      const actions = statementsOfFunction(s, handler)
        .flatMap(actionsOf)
        .filter((a) => a.startsWith('secretsmanager:'));
      const reads = handler === 'challenge-get' || handler === 'releases-create';
      expect(actions, handler).toEqual(reads ? ['secretsmanager:GetSecretValue'] : []);
      if (reads) {
        expect(grantsOf(statementsOfFunction(s, handler), 'secretsmanager:GetSecretValue'), handler).toEqual([{ Ref: secretId }]);
        expect(envOf(s, handler).CAPTCHA_SECRET_ARN, handler).toEqual({ Ref: secretId });
      }
    }
  });

  it('lets the state machine invoke exactly its seven stage functions', () => {
    const [[, machine]] = resourcesOfType(s, 'AWS::StepFunctions::StateMachine') as unknown as [
      [string, { Properties: { RoleArn: { 'Fn::GetAtt': string[] } } }],
    ];
    const invoke = grantsOf(statementsOfRole(s, machine.Properties.RoleArn['Fn::GetAtt'][0]!), 'lambda:InvokeFunction');
    const expected = ['register', 'human-task', 'publish', 'notify', 'archive', 'report', 'record-failure'].map((h) =>
      getAttArn(functionOf(s, h)[0]),
    );
    expect(invoke).toEqual(expected);
  });

  it('lets senders send mail only as the office identity through its configuration set', () => {
    const [identityId] = resourcesOfType(s, 'AWS::SES::EmailIdentity')[0]!;
    const resources = grantsOf(statementsOfFunction(s, 'human-task'), 'ses:SendEmail');
    expect(resources).toHaveLength(2);
    expect(JSON.stringify(resources[0])).toContain(`:identity/",{"Ref":"${identityId}"}`);
    expect(JSON.stringify(resources[1])).toContain(':configuration-set/');
    expect(grantsOf(statementsOfFunction(s, 'record-failure'), 'ses:SendEmail')).toEqual([]);
    // The API mails an unconfirmed sender the confirmation link; following it mails nothing.
    expect(grantsOf(statementsOfFunction(s, 'releases-create'), 'ses:SendEmail')).toEqual(resources);
    expect(grantsOf(statementsOfFunction(s, 'confirmations-confirm'), 'ses:SendEmail')).toEqual([]);
  });
});

describe('stores', () => {
  it('one table with pk/sk, two string GSIs, on-demand, PITR, deletion protection and the TTL attribute', () => {
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: true,
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: ['gsi1', 'gsi2'].map((i) => ({
        IndexName: i,
        KeySchema: [
          { AttributeName: `${i}pk`, KeyType: 'HASH' },
          { AttributeName: `${i}sk`, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    });
    expect(s.json.Resources[ids.table]).toMatchObject({ DeletionPolicy: 'Retain' });
  });

  it('the archive is versioned under Object Lock for the configured years, and kept on stack deletion', () => {
    expect(s.json.Resources[ids.archive]).toMatchObject({
      DeletionPolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 10 * 365 } } },
      },
    });
  });

  it('uploads expire unclaimed after 2 days, multipart leftovers after 1, and accept PUTs from the web origin only', () => {
    expect(s.json.Resources[ids.uploads]!.Properties).toMatchObject({
      LifecycleConfiguration: {
        Rules: [
          { Prefix: 'incoming/', ExpirationInDays: 2, Status: 'Enabled' },
          { AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' },
        ],
      },
      CorsConfiguration: { CorsRules: [{ AllowedMethods: ['PUT'], AllowedOrigins: [webOrigin()], ExposedHeaders: ['ETag'] }] },
    });
  });

  it('every bucket blocks public access, is encrypted, and refuses plain HTTP', () => {
    const buckets = resourcesOfType(s, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(4);
    for (const [id, bucket] of buckets) {
      expect(bucket.Properties, id).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      });
      s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: id },
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
        },
      });
    }
  });
});

describe('events', () => {
  it('a finished execution of this machine runs history-snapshot', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [{ Ref: ids.machine }], status: ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'history-snapshot')[0]) })],
    });
  });

  it('the history catch-up runs daily', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'history-snapshot')[0]) })],
    });
  });

  it('the SLA sweep runs every 5 minutes and the periodic report monthly', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'sla-sweep')[0]) })],
    });
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 1 1 * ? *)',
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'periodic-report')[0]) })],
    });
  });

  it('the overdue digest runs hourly and may read and mark the table and send mail, nothing more', () => {
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(5 * * * ? *)',
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'overdue-digest')[0]) })],
    });
    const actions = statementsOfFunction(s, 'overdue-digest').flatMap(actionsOf);
    expect(actions).toContain('ses:SendRawEmail');
    expect(actions.filter((a) => a.startsWith('s3:') || a.startsWith('states:'))).toEqual([]);
    for (const handler of ['desk-directory', 'desk-digest'] as HandlerName[]) {
      const desk = statementsOfFunction(s, handler).flatMap(actionsOf);
      expect(desk).toContain('dynamodb:PutItem');
      expect(desk.filter((a) => !/^(dynamodb|xray|logs):/.test(a))).toEqual([]);
    }
  });

  it('SES bounces, complaints and deliveries of the configuration set reach mail-events', () => {
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({ MatchingEventTypes: ['bounce', 'complaint', 'delivery'] }),
    });
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.ses'], 'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered'] },
      Targets: [Match.objectLike({ Arn: getAttArn(functionOf(s, 'mail-events')[0]) })],
    });
  });
});

describe('workflow', () => {
  it('a STANDARD machine logging ALL events without their execution data (payloads, task tokens), traced', () => {
    s.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('its retained log group is named by CloudFormation, so a redeploy after a failed first deploy meets no leftover', () => {
    const machine = s.json.Resources[ids.machine]!.Properties as {
      LoggingConfiguration: { Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [string, string] } } }] };
    };
    const [logGroupId] = machine.LoggingConfiguration.Destinations[0].CloudWatchLogsLogGroup.LogGroupArn['Fn::GetAtt'];
    const logGroup = s.json.Resources[logGroupId] as { DeletionPolicy?: string; Properties: Record<string, unknown> };
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logGroup.Properties.LogGroupName).toBeUndefined();
  });
});

describe('api', () => {
  it('CORS for the web origin only, with the methods and headers the app uses', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [webOrigin()],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
        AllowHeaders: ['content-type', 'accept-language', 'idempotency-key', 'x-warta-link', 'x-warta-status-key'],
      },
    });
  });

  it('a route per HTTP handler, audit under IAM and the rest public; the stage throttles and logs', () => {
    const routes = resourcesOfType(s, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties as { RouteKey: string; AuthorizationType?: string })
      .filter((r) => !isDeskPath(r.RouteKey.split(' ')[1]!));
    const expected = Object.values(HANDLERS)
      .flatMap((d) => d.split(', '))
      .filter((d) => /^(GET|POST|DELETE) \/api\//.test(d) && !isDeskPath(d.split(' ')[1]!));
    expect(routes.map((r) => r.RouteKey).sort()).toEqual([...expected].sort());
    for (const route of routes)
      expect(route.AuthorizationType ?? 'NONE', route.RouteKey).toBe(/\/api\/(audit|agenda)\//.test(route.RouteKey) ? 'AWS_IAM' : 'NONE');
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue() },
    });
  });

  it('throttles the public write routes and the public verification route per route, below the stage default the read routes keep', () => {
    const [[, stage]] = resourcesOfType(s, 'AWS::ApiGatewayV2::Stage') as unknown as [
      [string, { Properties: { DefaultRouteSettings: Limits; RouteSettings: Record<string, Limits> } }],
    ];
    const { DefaultRouteSettings: reads, RouteSettings: routes } = stage.Properties;
    const writes = [
      'POST /api/releases',
      'POST /api/confirmations/{token}',
      'POST /api/uploads',
      'POST /api/uploads/{uploadId}/complete',
      'GET /api/verify/{archiveId}',
      'POST /api/task/code',
      'POST /api/tasks/{linkId}/code',
    ];
    const routeKeys = resourcesOfType(s, 'AWS::ApiGatewayV2::Route').map(([, r]) => (r.Properties as { RouteKey: string }).RouteKey);
    expect(Object.keys(routes).sort()).toEqual([...writes].sort());
    for (const key of writes) {
      expect(routeKeys, key).toContain(key);
      expect(routes[key]!.ThrottlingBurstLimit, key).toBeLessThan(reads.ThrottlingBurstLimit);
      expect(routes[key]!.ThrottlingRateLimit, key).toBeLessThan(reads.ThrottlingRateLimit);
    }
  });

  it("logs each request as a JSON line of HTTP API variables, by route key and never by path (a task link's path holds its secret)", () => {
    const [[, stage]] = resourcesOfType(s, 'AWS::ApiGatewayV2::Stage') as unknown as [
      [string, { Properties: { AccessLogSettings: { Format: string } } }],
    ];
    const format = stage.Properties.AccessLogSettings.Format;
    expect(JSON.parse(format)).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
    expect(foreignContextVariables(format)).toEqual([]);
    expect(format).not.toContain('$context.path');
  });
});

describe('desk api', () => {
  const deskApiId = () =>
    resourcesOfType(s, 'AWS::ApiGatewayV2::Api').find(([, r]) => (r.Properties as { Name: string }).Name.endsWith('-desk'))![0];

  it('has no CORS: the browser reaches it on the web origin, through CloudFront', () => {
    const [, api] = resourcesOfType(s, 'AWS::ApiGatewayV2::Api').find(([id]) => id === deskApiId())!;
    expect((api.Properties as Record<string, unknown>).CorsConfiguration).toBeUndefined();
  });

  it('puts the desk routes behind the session authorizer (REQUEST, payload 2.0, simple responses, Cookie, never cached) and leaves sign-in public', () => {
    const authorizers = resourcesOfType(s, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    expect(authorizer.Properties).toMatchObject({
      ApiId: { Ref: deskApiId() },
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Cookie'],
      AuthorizerResultTtlInSeconds: 0,
    });
    const routes = resourcesOfType(s, 'AWS::ApiGatewayV2::Route')
      .map(([, r]) => r.Properties as { ApiId: unknown; RouteKey: string; AuthorizationType?: string; AuthorizerId?: unknown })
      .filter((r) => isDeskPath(r.RouteKey.split(' ')[1]!));
    expect(routes.map((r) => r.RouteKey)).toEqual(
      expect.arrayContaining(['POST /api/session/link', 'POST /api/session', 'DELETE /api/session', 'GET /api/desk/me']),
    );
    for (const route of routes) {
      expect(route.ApiId, route.RouteKey).toEqual({ Ref: deskApiId() });
      if (route.RouteKey.includes('/api/desk/'))
        expect(route, route.RouteKey).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: { Ref: authorizerId } });
      else expect(route.AuthorizationType ?? 'NONE', route.RouteKey).toBe('NONE');
    }
    // API Gateway may invoke the authorizer function, from this API's authorizers only.
    const permissions = resourcesOfType(s, 'AWS::Lambda::Permission').map(([, r]) => JSON.stringify(r.Properties));
    expect(
      permissions.some(
        (p) =>
          p.includes('"Principal":"apigateway.amazonaws.com"') &&
          /"FunctionName":\{"Fn::GetAtt":\["DeskAuthorizer/.test(p) &&
          p.includes(`{"Ref":"${deskApiId()}"},"/authorizers/",{"Ref":"${authorizerId}"}`),
      ),
    ).toBe(true);
  });

  it('is reached through CloudFront for /api/desk/* and /api/session*, uncached, with cookies and headers but Host forwarded', () => {
    const [[, distribution]] = resourcesOfType(s, 'AWS::CloudFront::Distribution') as unknown as [
      [
        string,
        {
          Properties: { DistributionConfig: { CacheBehaviors: Record<string, unknown>[]; Origins: { Id: string; DomainName: unknown }[] } };
        },
      ],
    ];
    const { CacheBehaviors: behaviors, Origins: origins } = distribution.Properties.DistributionConfig;
    const deskOrigin = origins.find((o) => JSON.stringify(o.DomainName).includes(deskApiId()))!;
    expect(deskOrigin).toBeDefined();
    for (const pattern of ['/api/desk/*', '/api/session*']) {
      expect(behaviors.find((b) => b.PathPattern === pattern)).toMatchObject({
        TargetOriginId: deskOrigin.Id,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'DELETE']),
        // Managed policies CachingDisabled and AllViewerExceptHostHeader.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
    }
  });
});

describe('site', () => {
  it('CloudFront reads the site bucket through OAC, rewrites SPA routes and sends security headers', () => {
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        Origins: Match.arrayWith([Match.objectLike({ OriginAccessControlId: Match.anyValue() })]),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'redirect-to-https',
          FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
        }),
        // S3 answers a missing key with 403 through OAC: both become the site's 404 page.
        CustomErrorResponses: [
          { ErrorCode: 403, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 },
          { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 },
        ],
      }),
    });
    const [[, fn]] = resourcesOfType(s, 'AWS::CloudFront::Function') as unknown as [[string, { Properties: { FunctionCode: string } }]];
    expect(fn.Properties.FunctionCode).toContain("'/t/'");
    expect(fn.Properties.FunctionCode).toContain("'/s/'");
    expect(fn.Properties.FunctionCode).toContain("'/v/'");
    s.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          ReferrerPolicy: Match.objectLike({ ReferrerPolicy: 'strict-origin-when-cross-origin' }),
          ContentSecurityPolicy: Match.objectLike({ ContentSecurityPolicy: Match.anyValue() }),
        }),
      }),
    });
  });

  it('logs through CloudFront standard logging (v2), set up in us-east-1 and delivered into the access-log bucket, never legacy logging', () => {
    const [[, distribution]] = resourcesOfType(s, 'AWS::CloudFront::Distribution') as unknown as [
      [string, { Properties: { DistributionConfig: Record<string, unknown> } }],
    ];
    expect(distribution.Properties.DistributionConfig.Logging).toBeUndefined();
    // An AwsCustomResource call is JSON text with the template's references inside: read it with them as <Ref>.
    const textOf = (v: unknown): string =>
      typeof v === 'string'
        ? v
        : (v as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : '<Ref>')).join('');
    const calls = resourcesOfType(s, 'Custom::AWS').flatMap(([, r]) =>
      ['Create', 'Update', 'Delete']
        .filter((k) => r.Properties![k])
        .map((k) => JSON.parse(textOf(r.Properties![k])) as { action: string; region: string; parameters: Record<string, any> }),
    );
    expect(calls.map((c) => c.action).sort()).toEqual([
      'CreateDelivery',
      'DeleteDelivery',
      'DeleteDeliveryDestination',
      'DeleteDeliverySource',
      'PutDeliveryDestination',
      'PutDeliveryDestination',
      'PutDeliverySource',
      'PutDeliverySource',
    ]);
    expect(new Set(calls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
    expect(calls.find((c) => c.action === 'PutDeliverySource')!.parameters).toMatchObject({
      logType: 'ACCESS_LOGS',
      resourceArn: expect.stringContaining('distribution/'),
    });
    expect(
      calls.find((c) => c.action === 'PutDeliveryDestination')!.parameters.deliveryDestinationConfiguration.destinationResourceArn,
    ).toMatch(/^<Ref>\/cloudfront$/);
    const [logsBucket] = resourcesOfType(s, 'AWS::S3::Bucket').find(([id]) => id.includes('AccessLogs'))!;
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsBucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'delivery.logs.amazonaws.com' }, Action: 's3:PutObject', Effect: 'Allow' }),
        ]),
      },
    });
  });

  it('deploys the web app and /config.json without pruning or touching the newsroom', () => {
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      Prune: false,
      Exclude: ['berita/*'],
      DestinationBucketName: { Ref: ids.site },
    });
    const deployments = resourcesOfType(s, 'Custom::CDKBucketDeployment');
    expect(deployments).toHaveLength(1);
    // config.json {apiUrl, siteUrl} is an asset whose markers are filled in at deploy time.
    const markers = JSON.stringify(deployments[0]![1].Properties!.SourceMarkers);
    const [apiId] = resourcesOfType(s, 'AWS::ApiGatewayV2::Api')[0]!;
    expect(markers).toContain(`{"Ref":"${apiId}"}`);
    expect(markers).toContain(`{"Fn::GetAtt":["${ids.distribution}","DomainName"]}`);
  });
});

describe('outputs', () => {
  it('show the three Easy DKIM CNAME records of the mail domain, from the identity itself', () => {
    const outputs = s.template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    const [identityId] = resourcesOfType(s, 'AWS::SES::EmailIdentity')[0]!;
    for (const n of [1, 2, 3]) {
      expect(outputs[`DkimRecord${n}`]!.Value).toEqual({
        'Fn::Join': [
          ' ',
          [{ 'Fn::GetAtt': [identityId, `DkimDNSTokenName${n}`] }, 'CNAME', { 'Fn::GetAtt': [identityId, `DkimDNSTokenValue${n}`] }],
        ],
      });
      expect(outputs[`DkimRecord${n}`]!.Description).toContain('kominfo.example.go.id');
    }
  });
});

describe('observability', () => {
  it('alarms on failed executions, Lambda errors and the SES bounce rate with three alarm metrics and no customer key (the idle budget)', () => {
    expect(resourcesOfType(s, 'AWS::KMS::Key')).toHaveLength(0);
    expect(resourcesOfType(s, 'AWS::CloudWatch::Alarm')).toHaveLength(3);
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@kominfo.example.go.id' });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Namespace: 'AWS/States' });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Reputation.BounceRate',
      Namespace: 'AWS/SES',
      Threshold: 0.05,
    });
    s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: Match.absent(),
    });
  });

  it("names in each alarm's description a line of the README's runbook that exists", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const runbook = readme.slice(readme.indexOf('\n## Runbook'));
    const alarms = resourcesOfType(s, 'AWS::CloudWatch::Alarm');

    expect(runbook.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      const line = /Runbook: README\.md, section Runbook, line (\w+)\./.exec(String(alarm.Properties?.AlarmDescription))?.[1];
      expect(line, id).toBeDefined();
      expect(runbook, id).toContain(`\n- **${line}**: `);
    }
  });

  it('has one dashboard with stage times against Mutu Baku, overdue tasks, mails and releases', () => {
    const dashboards = resourcesOfType(s, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboards[0]?.[1].Properties?.DashboardBody);

    expect(dashboards).toHaveLength(1);
    for (const name of Object.values(METRIC_NAMES)) expect(body).toContain(`\\"${name}\\"`);
    expect(body).toContain(`\\"${METRIC_NAMESPACE}\\"`);
    expect(body).toContain('Mutu Baku');
    expect(body).toContain('alarm');
  });
});

describe('cdk-nag AwsSolutions and WartaChecks', () => {
  it('leaves no unacknowledged error or warning', () => {
    const findings = s.nag.violations.map(
      (v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(s.nag.success).toBe(true);
  });

  it('every acknowledgement carries a reason of substance', () => {
    const reasons = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(reasons.length).toBeGreaterThan(5);
    for (const [rule, reason] of reasons) expect(reason.length, rule).toBeGreaterThan(40);
  });
});
