import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalFunction } from '../../../infra/local-cloud/deployer/model.js';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../../../infra/local-cloud/deployer/names.js';
import { makeToken } from '../../../infra/local-cloud/stepfunctions/task.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';

/**
 * Each local service refuses a call outside the calling function's role, in its own error
 * shape, and lets through what the role allows. The functions' credentials are the ones the
 * invoker gives them; signatures are not checked locally.
 */

let cloud: TestCloud;
const denials: string[] = [];
beforeAll(async () => {
  cloud = await startTestCloud({
    log: (line) => {
      if (line.startsWith('iam:')) denials.push(line);
    },
  });
});
afterAll(() => cloud?.stop());

const fn = (name: string): LocalFunction => {
  const found = cloud.model.functions.find((f) => f.name === name);
  if (!found) throw new Error(`no function ${name}`);
  return found;
};
const credentialsOf = (name: string) => cloud.iam.credentialsOf(fn(name))!;
const roleNameOf = (name: string) => fn(name).roleArn!.split('/').pop()!;
const env = (name: string) => fn(name).environment;
const clientOptions = (name: string) => ({ region: LOCAL_REGION, credentials: credentialsOf(name) });
const refusal = async (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (error: { name: string; message: string; $metadata?: { httpStatusCode?: number } }) => error,
  );

describe('DynamoDB', () => {
  it('answers AccessDeniedException (400) to a write by a read-only role, naming role, action and table', async () => {
    // Prepare
    const ddb = new DynamoDBClient({ ...clientOptions('releases-get'), endpoint: cloud.endpoints.dynamodb });
    const table = env('releases-get').TABLE_NAME!;

    // Act
    const denied = await refusal(ddb.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'iam-test' }, sk: { S: 'x' } } })));
    const read = await ddb.send(new GetItemCommand({ TableName: table, Key: { pk: { S: 'iam-test' }, sk: { S: 'x' } } }));

    // Assert
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.$metadata?.httpStatusCode).toBe(400);
    expect(denied?.message).toBe(
      `User: arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${roleNameOf('releases-get')}/releases-get is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table} because no identity-based policy allows the dynamodb:PutItem action`,
    );
    expect(read.Item).toBeUndefined();
    expect(denials.some((line) => line.includes(roleNameOf('releases-get')) && line.includes('dynamodb:PutItem'))).toBe(true);
  });
});

describe('Secrets Manager', () => {
  it('gives the captcha key to the functions granted it, and answers AccessDeniedException to any other role', async () => {
    // Prepare
    const secrets = (name: string) => new SecretsManagerClient({ ...clientOptions(name), endpoint: cloud.endpoints.secretsmanager });
    const secretArn = env('challenge-get').CAPTCHA_SECRET_ARN!;

    // Act
    const issuer = await secrets('challenge-get').send(new GetSecretValueCommand({ SecretId: secretArn }));
    const checker = await secrets('releases-create').send(new GetSecretValueCommand({ SecretId: secretArn }));
    const denied = await refusal(secrets('releases-get').send(new GetSecretValueCommand({ SecretId: secretArn })));

    // Assert
    expect(issuer.SecretString).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(checker.SecretString).toBe(issuer.SecretString);
    expect(env('releases-get').CAPTCHA_SECRET_ARN).toBeUndefined();
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.message).toContain(`is not authorized to perform: secretsmanager:GetSecretValue on resource: ${secretArn}`);
  });
});

describe('S3', () => {
  it('answers 403 AccessDenied to a write outside the role, and to a presigned URL of a role that may not', async () => {
    // Prepare
    const s3 = (name: string) => new S3Client({ ...clientOptions(name), endpoint: cloud.endpoints.s3, forcePathStyle: true });
    const uploads = env('register').UPLOADS_BUCKET!;
    await s3('uploads-create').send(new PutObjectCommand({ Bucket: uploads, Key: 'incoming/iam-test', Body: 'x' }));
    const presigned = await getSignedUrl(s3('releases-get'), new PutObjectCommand({ Bucket: uploads, Key: 'incoming/iam-presigned' }), {
      expiresIn: 60,
    });

    // Act
    const outsideIncoming = await refusal(s3('register').send(new DeleteObjectCommand({ Bucket: uploads, Key: 'releases/iam-test' })));
    const byPresignedUrl = await fetch(presigned, { method: 'PUT', body: 'x' });
    const preflight = await fetch(presigned, {
      method: 'OPTIONS',
      headers: { origin: cloud.endpoints.web, 'access-control-request-method': 'PUT' },
    });
    const moved = await refusal(s3('register').send(new DeleteObjectCommand({ Bucket: uploads, Key: 'incoming/iam-test' })));

    // Assert
    expect(outsideIncoming?.name).toBe('AccessDenied');
    expect(outsideIncoming?.$metadata?.httpStatusCode).toBe(403);
    expect(outsideIncoming?.message).toContain(`s3:DeleteObject on resource: arn:aws:s3:::${uploads}/releases/iam-test`);
    expect(byPresignedUrl.status).toBe(403);
    expect(preflight.status).toBe(200);
    expect(await byPresignedUrl.text()).toMatch(/<Code>AccessDenied<\/Code>.*s3:PutObject/s);
    expect(moved).toBeUndefined();
  });
});

describe('SES', () => {
  const mail = {
    FromEmailAddress: 'humas@kominfo.example.go.id',
    Destination: { ToAddresses: ['a@example.org'] },
    Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 'b' } } } },
  };

  it('v2: answers AccessDeniedException (403) to a role without mail, naming the identity', async () => {
    // Prepare
    const ses = (name: string) => new SESv2Client({ ...clientOptions(name), endpoint: cloud.endpoints.ses });

    // Act
    const denied = await refusal(ses('record-failure').send(new SendEmailCommand(mail)));
    const sent = await ses('notify').send(new SendEmailCommand({ ...mail, ConfigurationSetName: cloud.model.mailConfigurationSet }));

    // Assert
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.$metadata?.httpStatusCode).toBe(403);
    expect(denied?.message).toContain(
      `ses:SendEmail on resource: arn:aws:ses:${LOCAL_REGION}:${LOCAL_ACCOUNT}:identity/kominfo.example.go.id`,
    );
    expect(sent.MessageId).toBeTruthy();
  });

  it('v1 (query protocol): answers an XML ErrorResponse AccessDenied to SendRawEmail from a role without mail', async () => {
    // Prepare
    const { accessKeyId } = credentialsOf('record-failure');
    const raw = Buffer.from('From: humas@kominfo.example.go.id\r\nTo: a@example.org\r\nSubject: s\r\n\r\nb').toString('base64');

    // Act
    const response = await fetch(`${cloud.endpoints.ses}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/${LOCAL_REGION}/ses/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Action: 'SendRawEmail', 'RawMessage.Data': raw }).toString(),
    });

    // Assert
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>[^<]*ses:SendRawEmail on resource: arn:aws:ses:[^<]*:identity\/kominfo\.example\.go\.id/,
    );
  });
});

describe('Step Functions', () => {
  it('answers AccessDeniedException to StartExecution by a role that may not start the machine', async () => {
    // Prepare
    const sfn = (name: string) => new SFNClient({ ...clientOptions(name), endpoint: cloud.endpoints.stepfunctions });
    const stateMachineArn = env('releases-create').STATE_MACHINE_ARN!;

    // Act
    const denied = await refusal(sfn('tasks-act').send(new StartExecutionCommand({ stateMachineArn, input: '{}' })));

    // Assert
    expect(denied?.name).toBe('AccessDeniedException');
    expect(denied?.message).toContain(
      `assumed-role/${roleNameOf('tasks-act')}/tasks-act is not authorized to perform: states:StartExecution on resource: ${stateMachineArn}`,
    );
  });
});

describe('Step Functions task tokens', () => {
  it('lets human-task answer a token of its own machine, and refuses a role without SendTask* on it', async () => {
    // Prepare: a token naming an execution of the workflow (the engine knows no task by it).
    const sfn = (name: string) => new SFNClient({ ...clientOptions(name), endpoint: cloud.endpoints.stepfunctions });
    const stateMachineArn = env('releases-create').STATE_MACHINE_ARN!;
    const taskToken = makeToken(`${stateMachineArn.replace(':stateMachine:', ':execution:')}:iam-test`, 'k');
    const answer = new SendTaskSuccessCommand({ taskToken, output: '{}' });

    // Act
    const byHumanTask = await refusal(sfn('human-task').send(answer));
    const byNotify = await refusal(sfn('notify').send(answer));

    // Assert: past authorization, the engine answers for the unknown task; notify never gets there.
    expect(byHumanTask?.name).toBe('TaskDoesNotExist');
    expect(byNotify?.name).toBe('AccessDeniedException');
    expect(byNotify?.message).toContain(`states:SendTaskSuccess on resource: ${stateMachineArn}`);
  });
});

describe('Lambda', () => {
  it('lets the state machine role invoke its stage functions only, and API Gateway and rules only as the permissions say', () => {
    // Prepare
    const machineRole = cloud.model.stateMachines[0]!.roleArn;
    const asMachine = { kind: 'role' as const, roleArn: machineRole, session: 'states' };
    const api = cloud.model.apis[0]!.logicalId;
    const routeEvent = (routeKey: string) => ({ routeKey, requestContext: { apiId: api, stage: '$default' } });
    const sweepRule = cloud.model.rules.find((r) => r.targets.some((t) => t.arn === fn('sla-sweep').arn))!;

    // Act
    const verdicts = [
      cloud.iam.mayInvoke(asMachine, fn('register').arn),
      cloud.iam.mayInvoke(asMachine, fn('uploads-create').arn),
      cloud.iam.mayApiGatewayInvoke('uploads-create', routeEvent('POST /api/uploads')),
      cloud.iam.mayApiGatewayInvoke('uploads-create', routeEvent('POST /api/releases')),
      cloud.iam.mayApiGatewayInvoke('uploads-complete', routeEvent('POST /api/uploads/{uploadId}/complete')),
      cloud.iam.mayRuleInvoke(fn('sla-sweep').arn, sweepRule.arn),
      cloud.iam.mayRuleInvoke(fn('sla-sweep').arn, `arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/another`),
      cloud.iam.mayStateMachineInvoke(fn('uploads-create').arn, machineRole),
    ];

    // Assert
    expect(verdicts.map((v) => v.allowed)).toEqual([true, false, true, false, true, true, false, false]);
    const refused = verdicts[1]!;
    expect(!refused.allowed && refused.message).toContain('is not authorized to perform: lambda:InvokeFunction on resource: ');
  });

  it('fails a task whose state machine role may not invoke the function with Lambda.AccessDeniedException', async () => {
    // Prepare: a machine with the workflow's role whose one task invokes an API handler.
    const { engine } = cloud.stepFunctions;
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Invoke',
      States: {
        Invoke: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: fn('uploads-create').arn, Payload: {} },
          End: true,
        },
      },
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'iam-test',
      definition,
      roleArn: cloud.model.stateMachines[0]!.roleArn,
      type: 'STANDARD',
    });

    // Act
    const { executionArn } = engine.startExecution({ stateMachineArn, input: '{}' });
    const ended = await vi.waitFor(
      () => {
        const execution = engine.describeExecution({ executionArn });
        if (execution.status === 'RUNNING') throw new Error('still running');
        return execution;
      },
      { timeout: 10_000 },
    );

    // Assert
    expect(ended.status).toBe('FAILED');
    expect(ended.error).toBe('Lambda.AccessDeniedException');
    expect(String(ended.cause)).toContain(`is not authorized to perform: lambda:InvokeFunction on resource: ${fn('uploads-create').arn}`);
  });
});
