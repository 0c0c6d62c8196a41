/**
 * The doctor's reads: one small function per AWS call, each turning the answer (or the
 * service's own "no such thing") into the facts a readiness rule judges. Nothing here
 * decides what is ready; infra/tools/doctor/readiness.ts does.
 */
import { CloudFormationClient, DescribeStacksCommand, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
// SES v2, not the SES client the functions send with: GetAccount (production access, quota)
// and GetEmailIdentity (VerifiedForSendingStatus with DKIM in one answer) exist only in v2.
// https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html
import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  NotFoundException as SesNotFound,
  paginateListEmailIdentities,
  SESv2Client,
} from '@aws-sdk/client-sesv2';
import { DescribeStateMachineCommand, SFNClient, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import { NotFoundException as SnsNotFound, paginateListSubscriptionsByTopic, SNSClient } from '@aws-sdk/client-sns';
import type { AccountFacts, IdentityFacts, StackFacts, StateMachineFacts, TableFacts, TopicFacts } from './readiness.js';

export interface DoctorClients {
  cloudformation: CloudFormationClient;
  sesv2: SESv2Client;
  sns: SNSClient;
  sfn: SFNClient;
  dynamodb: DynamoDBClient;
}

/** One client per service, all from the SDK's default chains (credentials, Region) unless a Region is given. */
export function awsClients(region?: string): DoctorClients {
  const config = region ? { region } : {};
  return {
    cloudformation: new CloudFormationClient(config),
    sesv2: new SESv2Client(config),
    sns: new SNSClient(config),
    sfn: new SFNClient(config),
    dynamodb: new DynamoDBClient(config),
  };
}

/**
 * DescribeStacks answers a ValidationError "Stack with id X does not exist" for an unknown
 * stack. https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html
 */
export async function readStack(client: CloudFormationClient, name: string): Promise<StackFacts> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: name }));
    const stack = Stacks?.[0];
    if (!stack) return { exists: false, name };
    return { exists: true, name, status: stack.StackStatus ?? 'UNKNOWN', statusReason: stack.StackStatusReason };
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/.test((error as Error).message)) return { exists: false, name };
    throw error;
  }
}

export interface StackResource {
  logicalId: string;
  type: string;
  physicalId: string;
}

/**
 * Every resource of the stack. ListStackResources, not DescribeStackResources: the latter
 * returns only the first 100 resources, and Warta's stack has more.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ListStackResources.html
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackResources.html
 */
export async function readStackResources(client: CloudFormationClient, name: string): Promise<StackResource[]> {
  const resources: StackResource[] = [];
  for await (const page of paginateListStackResources({ client }, { StackName: name })) {
    for (const r of page.StackResourceSummaries ?? []) {
      if (r.PhysicalResourceId && r.ResourceType)
        resources.push({ logicalId: r.LogicalResourceId ?? '', type: r.ResourceType, physicalId: r.PhysicalResourceId });
    }
  }
  return resources;
}

/**
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 * (NotFoundException for an identity SES does not know.)
 */
export async function readIdentity(client: SESv2Client, name: string): Promise<IdentityFacts> {
  try {
    const out = await client.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
    return {
      exists: true,
      name,
      verifiedForSending: out.VerifiedForSendingStatus === true,
      dkimStatus: out.DkimAttributes?.Status,
      dkimTokens: out.DkimAttributes?.Tokens ?? [],
    };
  } catch (error) {
    if (error instanceof SesNotFound) return { exists: false, name };
    throw error;
  }
}

/**
 * GetAccount, and in the sandbox the identities mail can reach: the verified ones that
 * ListEmailIdentities reports (VerificationStatus SUCCESS).
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_ListEmailIdentities.html
 */
export async function readAccount(client: SESv2Client): Promise<AccountFacts> {
  const out = await client.send(new GetAccountCommand({}));
  const productionAccess = out.ProductionAccessEnabled === true;
  const verifiedRecipients: AccountFacts['verifiedRecipients'] = [];
  if (!productionAccess) {
    for await (const page of paginateListEmailIdentities({ client }, {})) {
      for (const identity of page.EmailIdentities ?? []) {
        if (identity.VerificationStatus === 'SUCCESS' && identity.IdentityName)
          verifiedRecipients.push({ name: identity.IdentityName, type: identity.IdentityType ?? 'EMAIL_ADDRESS' });
      }
    }
  }
  return {
    productionAccess,
    sendingEnabled: out.SendingEnabled !== false,
    enforcementStatus: out.EnforcementStatus,
    quota: {
      max24HourSend: out.SendQuota?.Max24HourSend,
      maxSendRate: out.SendQuota?.MaxSendRate,
      sentLast24Hours: out.SendQuota?.SentLast24Hours,
    },
    reviewStatus: out.Details?.ReviewDetails?.Status,
    verifiedRecipients,
  };
}

/** https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html (NotFound for a deleted topic) */
export async function readTopic(client: SNSClient, arn: string): Promise<TopicFacts> {
  const subscriptions: Extract<TopicFacts, { exists: true }>['subscriptions'] = [];
  try {
    for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: arn })) {
      for (const s of page.Subscriptions ?? [])
        subscriptions.push({ arn: s.SubscriptionArn ?? '', protocol: s.Protocol ?? '', endpoint: s.Endpoint ?? '' });
    }
  } catch (error) {
    if (error instanceof SnsNotFound) return { exists: false, arn };
    throw error;
  }
  return { exists: true, arn, subscriptions };
}

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html */
export async function readStateMachine(client: SFNClient, arn: string): Promise<StateMachineFacts> {
  try {
    const out = await client.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    return { exists: true, arn, status: out.status ?? 'UNKNOWN' };
  } catch (error) {
    if (error instanceof StateMachineDoesNotExist) return { exists: false, arn };
    throw error;
  }
}

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html */
export async function readTable(client: DynamoDBClient, name: string): Promise<TableFacts> {
  try {
    const out = await client.send(new DescribeTableCommand({ TableName: name }));
    return { exists: true, name, status: out.Table?.TableStatus ?? 'UNKNOWN' };
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return { exists: false, name };
    throw error;
  }
}
