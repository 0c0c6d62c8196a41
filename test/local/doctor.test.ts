/**
 * The doctor against the local cloud running the real synthesized template. The table and
 * the state machine are read from the local DynamoDB and Step Functions. Only what the
 * local cloud lacks is answered by a fake inside the SDK clients' middleware stack:
 * CloudFormation (the stack and its resources, listed from the template in cdk.out), SNS,
 * and SES v2's account calls (aws-ses-v2-local has no GetAccount, GetEmailIdentity or
 * ListEmailIdentities).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, CloudFormationServiceException } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnoseStack, formatReport, RESOURCE_TYPES } from '../../infra/tools/doctor/doctor.js';
import { PENDING_CONFIRMATION, type Finding } from '../../infra/tools/doctor/readiness.js';
import type { DoctorClients } from '../../infra/tools/doctor/reads.js';
import { stateMachineArn, LOCAL_ACCOUNT, LOCAL_REGION } from '../../infra/local-cloud/deployer/names.js';
import { REPO_ROOT, startTestCloud, type TestCloud } from '../support/cloud.js';

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const region = LOCAL_REGION;
const TOKENS = ['a1b2c3d4e5', 'f6g7h8i9j0', 'k1l2m3n4o5'];
const OPS = 'ops@kominfo.example.go.id';

let cloud: TestCloud;

/**
 * The CLI as an operator runs it, in a child process. Asynchronously: the local cloud
 * serves from this very process, so a blocking spawn would wait on itself.
 */
async function doctorCli(endpointsFile: string): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', 'infra/tools/doctor.ts', '--endpoints', endpointsFile], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    if (typeof e.code !== 'number') throw error;
    return { status: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
}
const template = () =>
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.out', 'Warta.template.json'), 'utf8')) as { Resources: Record<string, TemplateResource> };

/** The deployed stack's resources as ListStackResources lists them, with the local cloud's physical ids. */
function stackResources(overrides: { tableName?: string } = {}) {
  const summaries = [];
  for (const [logicalId, r] of Object.entries(template().Resources)) {
    let physicalId: string | undefined;
    if (r.Type === RESOURCE_TYPES.table)
      physicalId = overrides.tableName ?? cloud.model.tables.find((t) => t.logicalId === logicalId)!.name;
    if (r.Type === RESOURCE_TYPES.stateMachine)
      physicalId = stateMachineArn(region, LOCAL_ACCOUNT, cloud.model.stateMachines.find((m) => m.logicalId === logicalId)!.name);
    if (r.Type === RESOURCE_TYPES.alarmTopic) physicalId = topicArnOf(logicalId);
    if (r.Type === RESOURCE_TYPES.mailIdentity) physicalId = String(r.Properties!.EmailIdentity);
    if (physicalId)
      summaries.push({
        LogicalResourceId: logicalId,
        PhysicalResourceId: physicalId,
        ResourceType: r.Type,
        ResourceStatus: 'CREATE_COMPLETE' as const,
        LastUpdatedTimestamp: new Date(),
      });
  }
  return summaries;
}
const topicArnOf = (logicalId: string) => `arn:aws:sns:${region}:${LOCAL_ACCOUNT}:Warta-${logicalId}`;
const mailDomain = () =>
  String(Object.values(template().Resources).find((r) => r.Type === RESOURCE_TYPES.mailIdentity)!.Properties!.EmailIdentity);

type Answer = (input: Record<string, unknown>) => unknown;

/**
 * Answers the named commands in the client's initialize step, before anything is sent;
 * any other command fails the test rather than reach a network.
 */
function faked<C extends { middlewareStack: { add: (...args: never[]) => void } }>(client: C, answers: Record<string, Answer>): C {
  const add = client.middlewareStack.add as unknown as (mw: unknown, options: { step: string; name: string }) => void;
  add.call(
    client.middlewareStack,
    (_next: unknown, context: { commandName: string }) => async (args: { input: Record<string, unknown> }) => {
      const answer = answers[context.commandName];
      if (!answer) throw new Error(`the test fakes no ${context.commandName}`);
      return { output: { $metadata: {}, ...(answer(args.input) as object) }, response: {} };
    },
    { step: 'initialize', name: 'doctorTestAws' },
  );
  return client;
}

interface Scenario {
  stackExists?: boolean;
  tableName?: string;
  verified?: boolean;
  dkimStatus?: string;
  production?: boolean;
  verifiedIdentities?: Array<{ IdentityName: string; IdentityType: 'EMAIL_ADDRESS' | 'DOMAIN'; VerificationStatus: 'SUCCESS' | 'PENDING' }>;
  subscriptionArn?: string;
}

function clientsFor(s: Scenario): DoctorClients {
  const nowhere = { region, credentials, endpoint: 'http://127.0.0.1:9' };
  const resources = stackResources({ tableName: s.tableName });
  const topicArn = resources.find((r) => r.ResourceType === RESOURCE_TYPES.alarmTopic)!.PhysicalResourceId;
  return {
    cloudformation: faked(new CloudFormationClient(nowhere), {
      DescribeStacksCommand: ({ StackName }) => {
        if (s.stackExists === false)
          throw new CloudFormationServiceException({
            name: 'ValidationError',
            $fault: 'client',
            message: `Stack with id ${String(StackName)} does not exist`,
            $metadata: {},
          });
        return { Stacks: [{ StackName, StackStatus: 'CREATE_COMPLETE', CreationTime: new Date() }] };
      },
      ListStackResourcesCommand: () => ({ StackResourceSummaries: resources }),
    }),
    sesv2: faked(new SESv2Client(nowhere), {
      GetEmailIdentityCommand: ({ EmailIdentity }) => {
        if (EmailIdentity !== mailDomain())
          throw new NotFoundException({ message: `Email identity ${String(EmailIdentity)} does not exist.`, $metadata: {} });
        return {
          IdentityType: 'DOMAIN',
          VerifiedForSendingStatus: s.verified ?? true,
          DkimAttributes: { SigningEnabled: true, Status: s.dkimStatus ?? 'SUCCESS', Tokens: TOKENS },
        };
      },
      GetAccountCommand: () => ({
        ProductionAccessEnabled: s.production ?? true,
        SendingEnabled: true,
        EnforcementStatus: 'HEALTHY',
        SendQuota:
          s.production === false
            ? { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 3 }
            : { Max24HourSend: 50000, MaxSendRate: 14, SentLast24Hours: 3 },
      }),
      ListEmailIdentitiesCommand: () => ({ EmailIdentities: s.verifiedIdentities ?? [] }),
    }),
    sns: faked(new SNSClient(nowhere), {
      ListSubscriptionsByTopicCommand: ({ TopicArn }) => {
        expect(TopicArn).toBe(topicArn);
        return {
          Subscriptions: [{ SubscriptionArn: s.subscriptionArn ?? `${topicArn}:0f1e2d3c`, Protocol: 'email', Endpoint: OPS, TopicArn }],
        };
      },
    }),
    // The real local services.
    sfn: new SFNClient({ region, credentials, endpoint: cloud.endpoints.stepfunctions }),
    dynamodb: new DynamoDBClient({ region, credentials, endpoint: cloud.endpoints.dynamodb }),
  };
}

const byCheck = (findings: Finding[], pattern: RegExp) => findings.filter((f) => pattern.test(f.check));
const gaps = (findings: Finding[]) => findings.filter((f) => f.status === 'gap');

beforeAll(async () => {
  cloud = await startTestCloud();
});

afterAll(async () => {
  await cloud?.stop();
});

describe('npm run doctor -- --aws, on the local cloud with the AWS account calls faked', () => {
  it('finds everything ready: the table and the state machine ACTIVE in the local services', async () => {
    const findings = await diagnoseStack(clientsFor({}), 'Warta', region);

    expect(gaps(findings)).toEqual([]);
    expect(byCheck(findings, /^table /).map((f) => f.summary)).toEqual(['ACTIVE']);
    expect(byCheck(findings, /^state machine /).map((f) => f.summary)).toEqual(['ACTIVE']);
    expect(byCheck(findings, /alarm subscription/)[0]!.summary).toContain(OPS);
  });

  it('while the identity is pending, prints the DKIM records to publish', async () => {
    const findings = await diagnoseStack(clientsFor({ verified: false, dkimStatus: 'PENDING' }), 'Warta', region);
    const report = formatReport('doctor', findings);

    expect(gaps(findings).map((f) => f.check)).toEqual([`SES identity ${mailDomain()}`, `DKIM of ${mailDomain()}`]);
    for (const token of TOKENS)
      expect(report).toContain(`${token}._domainkey.${mailDomain()}  CNAME  ${token}.dkim.ap-southeast-3.amazonses.com`);
  });

  it('in the SES sandbox, lists the verified identities mail can reach', async () => {
    const findings = await diagnoseStack(
      clientsFor({
        production: false,
        verifiedIdentities: [
          { IdentityName: OPS, IdentityType: 'EMAIL_ADDRESS', VerificationStatus: 'SUCCESS' },
          { IdentityName: 'kasi.piks@kominfo.example.go.id', IdentityType: 'EMAIL_ADDRESS', VerificationStatus: 'SUCCESS' },
          { IdentityName: 'media@example.com', IdentityType: 'EMAIL_ADDRESS', VerificationStatus: 'PENDING' },
        ],
      }),
      'Warta',
      region,
    );

    const [sandbox] = gaps(findings);
    expect(gaps(findings)).toHaveLength(1);
    expect(sandbox!.summary).toMatch(/sandbox.*200 a day/);
    expect(sandbox!.todo).toEqual(expect.arrayContaining([`  ${OPS}`, '  kasi.piks@kominfo.example.go.id']));
    expect(sandbox!.todo.join('\n')).not.toContain('media@example.com');
  });

  it('while the alarm subscription is PendingConfirmation, says who must confirm it', async () => {
    const findings = await diagnoseStack(clientsFor({ subscriptionArn: PENDING_CONFIRMATION }), 'Warta', region);

    expect(gaps(findings).map((f) => f.check)).toEqual(['alarm subscription']);
    expect(gaps(findings)[0]!.todo.join(' ')).toContain(OPS);
  });

  it('finds the table missing when the stack names one the local DynamoDB does not have', async () => {
    const findings = await diagnoseStack(clientsFor({ tableName: `Warta-StorageTable-${Date.now().toString(36)}` }), 'Warta', region);

    expect(gaps(findings).map((f) => [f.check.split(' ')[0], f.summary])).toEqual([['table', 'missing']]);
  });

  it('stops at the stack when it does not exist', async () => {
    const findings = await diagnoseStack(clientsFor({ stackExists: false }), 'Wartaa', region);

    expect(findings.map((f) => [f.check, f.status])).toEqual([['stack Wartaa', 'gap']]);
  });
});

describe('npm run doctor, on the running local cloud', () => {
  it('reads the table and the state machine, leaves SES and SNS unchecked, and exits 0', async () => {
    const run = await doctorCli(join(cloud.dataDir, 'endpoints.json'));

    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\[ok\] {2}table .*: ACTIVE/);
    expect(run.stdout).toMatch(/\[ok\] {2}state machine .*: ACTIVE/);
    expect(run.stdout).toMatch(/\[--\] {2}SES identity and account: .*mailbox/);
    expect(run.stdout).toMatch(/\[--\] {2}alarm subscription/);
    expect(run.stdout).toContain('Ready: no gap found.');
  });

  it('exits 1 with the gap when the local cloud has stopped answering', async () => {
    const endpoints = JSON.parse(readFileSync(join(cloud.dataDir, 'endpoints.json'), 'utf8')) as Record<string, unknown>;
    const stale = join(cloud.dataDir, 'stale-endpoints.json');
    writeFileSync(stale, JSON.stringify({ ...endpoints, dynamodb: 'http://127.0.0.1:9', stepfunctions: 'http://127.0.0.1:9' }));

    const run = await doctorCli(stale);

    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('is the local cloud (npm start) still running?');
  });
});
