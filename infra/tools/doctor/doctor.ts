/**
 * The doctor: reads a Warta deployment's readiness and says what is left to do. On AWS it
 * finds every resource from the CloudFormation stack; on the local cloud from the
 * endpoints `npm start` wrote. The reads are in reads.ts, the rules in readiness.ts.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  accountRule,
  alarmSubscriptionRule,
  declaredRule,
  identityRule,
  isGap,
  notChecked,
  stackRule,
  stateMachineRule,
  tableRule,
  type Finding,
} from './readiness.js';
import {
  readAccount,
  readIdentity,
  readStack,
  readStackResources,
  readStateMachine,
  readTable,
  readTopic,
  type DoctorClients,
  type StackResource,
} from './reads.js';

/**
 * Physical ids as CloudFormation reports them: a table's name, a state machine's and a
 * topic's ARN, an email identity's name (each type's Ref).
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ses-emailidentity.html
 */
export const RESOURCE_TYPES = {
  table: 'AWS::DynamoDB::Table',
  stateMachine: 'AWS::StepFunctions::StateMachine',
  alarmTopic: 'AWS::SNS::Topic',
  mailIdentity: 'AWS::SES::EmailIdentity',
} as const;

/**
 * A read that fails (no permission, throttling) is a gap of its own, not the end of the
 * check-up. Every call the doctor makes is a Describe/Get/List that the ReadOnlyAccess managed
 * policy grants: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/ReadOnlyAccess.html
 */
function readFailure(check: string, action: string, error: unknown): Finding {
  const e = error as Error & { code?: string };
  const todo =
    e.code === 'ECONNREFUSED'
      ? ['Nothing answers at that endpoint: is the local cloud (npm start) still running?']
      : e.name === 'CredentialsProviderError'
        ? ['No AWS credentials found: sign in (aws sso login, or AWS_PROFILE=<profile>) and run the doctor again.']
        : [`Run the doctor with credentials allowed to call ${action} (the ReadOnlyAccess managed policy is enough).`];
  return { check, status: 'gap', summary: `could not read it: ${e.name}: ${e.message}`, todo };
}

async function guarded(check: string, action: string, work: () => Promise<Finding | Finding[]>): Promise<Finding[]> {
  try {
    return [await work()].flat();
  } catch (error) {
    return [readFailure(check, action, error)];
  }
}

const physicalIds = (resources: StackResource[], type: string) => resources.filter((r) => r.type === type).map((r) => r.physicalId);

export async function diagnoseStack(clients: DoctorClients, stackName: string, region: string): Promise<Finding[]> {
  let resources: StackResource[];
  let stack: Finding;
  try {
    const facts = await readStack(clients.cloudformation, stackName);
    stack = stackRule(facts);
    if (!facts.exists) return [stack];
  } catch (error) {
    return [readFailure(`stack ${stackName}`, 'cloudformation:DescribeStacks', error)];
  }
  try {
    resources = await readStackResources(clients.cloudformation, stackName);
  } catch (error) {
    return [stack, readFailure(`resources of stack ${stackName}`, 'cloudformation:ListStackResources', error)];
  }
  const tables = physicalIds(resources, RESOURCE_TYPES.table);
  const machines = physicalIds(resources, RESOURCE_TYPES.stateMachine);
  const topics = physicalIds(resources, RESOURCE_TYPES.alarmTopic);
  const identities = physicalIds(resources, RESOURCE_TYPES.mailIdentity);

  const checks: Array<Promise<Finding[]>> = [
    ...identities.map((name) =>
      guarded(`SES identity ${name}`, 'ses:GetEmailIdentity', async () => identityRule(await readIdentity(clients.sesv2, name), region)),
    ),
    guarded(`SES account in ${region}`, 'ses:GetAccount and ses:ListEmailIdentities', async () =>
      accountRule(await readAccount(clients.sesv2), region),
    ),
    ...topics.map((arn) =>
      guarded('alarm subscription', 'sns:ListSubscriptionsByTopic', async () => alarmSubscriptionRule(await readTopic(clients.sns, arn))),
    ),
    ...machineChecks(clients.sfn, machines),
    ...tableChecks(clients.dynamodb, tables),
  ];
  const undeclared = [
    declaredRule('SES identity', stackName, identities.length),
    declaredRule('alarm topic', stackName, topics.length),
    declaredRule('state machine', stackName, machines.length),
    declaredRule('table', stackName, tables.length),
  ].filter((f): f is Finding => f !== undefined);
  return [stack, ...(await Promise.all(checks)).flat(), ...undeclared];
}

const machineChecks = (sfn: SFNClient, arns: string[]) =>
  arns.map((arn) =>
    guarded(`state machine ${arn}`, 'states:DescribeStateMachine', async () => stateMachineRule(await readStateMachine(sfn, arn))),
  );

const tableChecks = (dynamodb: DynamoDBClient, names: string[]) =>
  names.map((name) => guarded(`table ${name}`, 'dynamodb:DescribeTable', async () => tableRule(await readTable(dynamodb, name))));

export interface LocalResources {
  /** The local cloud's resources under the names the functions read (TABLE_NAME, STATE_MACHINE_ARN, …). */
  resources: Record<string, string>;
  /** The local mailbox page, named in the SES note. */
  mailbox: string;
}

/**
 * On the local cloud the table and the state machine are read from its real DynamoDB and
 * Step Functions. SES and SNS readiness have no local meaning: the local SES has no
 * identities, DKIM or sandbox (it takes every mail into its mailbox), and there is no SNS,
 * so those are reported as not checked, never as ready.
 */
export async function diagnoseLocal(clients: Pick<DoctorClients, 'sfn' | 'dynamodb'>, local: LocalResources): Promise<Finding[]> {
  const names = (pattern: RegExp) =>
    Object.entries(local.resources)
      .filter(([key]) => pattern.test(key))
      .map(([, value]) => value);
  const machines = names(/^STATE_MACHINE_ARN$/);
  const tables = names(/^TABLE_NAME$/);
  const findings = (await Promise.all([...machineChecks(clients.sfn, machines), ...tableChecks(clients.dynamodb, tables)])).flat();
  if (!machines.length) findings.push(notDeployed('state machine'));
  if (!tables.length) findings.push(notDeployed('table'));
  return [
    ...findings,
    notChecked(
      'SES identity and account',
      `the local SES has no identities, DKIM or sandbox: every mail lands in the mailbox at ${local.mailbox}`,
    ),
    notChecked('alarm subscription', 'the local cloud has no SNS or alarms'),
  ];
}

const notDeployed = (what: string): Finding => ({
  check: what,
  status: 'gap',
  summary: 'the local cloud deployed none',
  todo: ['Restart npm start: it deploys the template in cdk.out.'],
});

const MARK: Record<Finding['status'], string> = { ready: '[ok] ', gap: '[GAP]', 'not-checked': '[--] ' };

/** The report a person reads: one line a check, the steps under each gap, a closing count. */
export function formatReport(title: string, findings: Finding[]): string {
  const lines = [title, ''];
  for (const f of findings) {
    lines.push(`${MARK[f.status]} ${f.check}: ${f.summary}`);
    for (const step of f.todo) lines.push(`        ${step}`);
  }
  const gaps = findings.filter(isGap).length;
  lines.push(
    '',
    gaps === 0
      ? 'Ready: no gap found.'
      : `${gaps} gap${gaps === 1 ? '' : 's'} remain${gaps === 1 ? 's' : ''}: do the steps above, then run the doctor again.`,
  );
  return `${lines.join('\n')}\n`;
}
