/**
 * Readiness rules of a deployed Warta: what `npm run doctor` reads, judged without any AWS
 * call. Each rule takes the facts one read gathered (infra/tools/doctor/reads.ts) and returns a
 * finding: ready, a gap with what the operator must do, or not checked (and why).
 */

export type Status = 'ready' | 'gap' | 'not-checked';

export interface Finding {
  check: string;
  status: Status;
  summary: string;
  /** What the operator does to close the gap, one step a line. */
  todo: string[];
}

const ready = (check: string, summary: string): Finding => ({ check, status: 'ready', summary, todo: [] });
const gap = (check: string, summary: string, todo: string[]): Finding => ({ check, status: 'gap', summary, todo });
export const notChecked = (check: string, reason: string): Finding => ({ check, status: 'not-checked', summary: reason, todo: [] });

export const isGap = (finding: Finding) => finding.status === 'gap';

// ---- the stack --------------------------------------------------------------------------

export type StackFacts = { exists: false; name: string } | { exists: true; name: string; status: string; statusReason?: string };

/**
 * A stack serves only in a settled, successful state; UPDATE_ROLLBACK_COMPLETE still runs
 * the previous template. https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_Stack.html
 */
const SERVING_STACK = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

export function stackRule(stack: StackFacts): Finding {
  const check = `stack ${stack.name}`;
  if (!stack.exists)
    return gap(check, 'no such stack in this account and Region', [
      `Deploy it: npx cdk deploy -c warta:config=infra/config/<office>.json (or pass --stack / --region if it has another name or Region).`,
    ]);
  if (SERVING_STACK.has(stack.status)) return ready(check, stack.status);
  const reason = stack.statusReason ? ` (${stack.statusReason})` : '';
  if (stack.status.endsWith('_IN_PROGRESS'))
    return gap(check, `${stack.status}${reason}`, ['Wait until the deployment ends, then run the doctor again.']);
  if (stack.status === 'ROLLBACK_COMPLETE') {
    return gap(check, `${stack.status}${reason}`, [
      'The first deployment failed and cannot be updated: read its events in the CloudFormation console, delete the stack, fix the cause and deploy again.',
    ]);
  }
  return gap(check, `${stack.status}${reason}`, ['Read the stack events in the CloudFormation console, fix the cause and deploy again.']);
}

// ---- SES: the sending identity ----------------------------------------------------------

export type IdentityFacts =
  { exists: false; name: string } | { exists: true; name: string; verifiedForSending: boolean; dkimStatus?: string; dkimTokens: string[] };

export interface DnsRecord {
  name: string;
  type: 'CNAME';
  value: string;
}

/**
 * Easy DKIM publishes three CNAMEs, `<token>._domainkey.<domain>` → `<token>.<dkim domain>`.
 * Most Regions use dkim.amazonses.com; a few, Jakarta among them, have their own DKIM domain:
 * https://docs.aws.amazon.com/general/latest/gr/ses.html#ses_dkim_domains
 * https://docs.aws.amazon.com/ses/latest/dg/send-email-authentication-dkim-easy.html
 */
const REGIONAL_DKIM_DOMAINS = new Set([
  'af-south-1',
  'ap-northeast-3',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-5',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'il-central-1',
  'me-central-1',
  'us-gov-east-1',
]);

export function dkimDomainOf(region: string): string {
  return REGIONAL_DKIM_DOMAINS.has(region) ? `dkim.${region}.amazonses.com` : 'dkim.amazonses.com';
}

export function dkimRecords(domain: string, tokens: string[], region: string): DnsRecord[] {
  return tokens.map((token) => ({ name: `${token}._domainkey.${domain}`, type: 'CNAME', value: `${token}.${dkimDomainOf(region)}` }));
}

const recordLines = (records: DnsRecord[]) => records.map((r) => `  ${r.name}  ${r.type}  ${r.value}`);

/**
 * VerifiedForSendingStatus and DkimAttributes.Status of SES v2 GetEmailIdentity; SES looks
 * for the CNAMEs for 72 hours, then marks DKIM FAILED.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DkimAttributes.html
 */
export function identityRule(identity: IdentityFacts, region: string): Finding[] {
  const check = `SES identity ${identity.name}`;
  if (!identity.exists) {
    return [
      gap(check, `no such identity in SES in ${region}`, [
        'The stack creates it: deploy the stack to this Region, or pass the --region it was deployed to.',
      ]),
    ];
  }
  const records = dkimRecords(identity.name, identity.dkimTokens, region);
  const publish = records.length
    ? ["Publish these DNS records at the domain's DNS provider:", ...recordLines(records)]
    : ['Open the identity in the SES console and publish the DNS records it shows.'];
  const findings: Finding[] = [];
  // An Easy DKIM domain is verified by its DKIM records, so they are printed once, under DKIM.
  const dkimPending = identity.dkimStatus !== 'SUCCESS';
  findings.push(
    identity.verifiedForSending
      ? ready(check, 'verified for sending')
      : gap(
          check,
          'not verified for sending: no Warta mail can leave until it is',
          dkimPending
            ? ['SES verifies the domain once it finds the DKIM records below.']
            : ['DKIM succeeded but SES has not verified the domain: open it in the SES console (Verified identities) to see why.'],
        ),
  );

  const dkimCheck = `DKIM of ${identity.name}`;
  switch (identity.dkimStatus) {
    case 'SUCCESS':
      findings.push(ready(dkimCheck, 'SUCCESS'));
      break;
    case 'PENDING':
    case 'NOT_STARTED':
      findings.push(
        gap(dkimCheck, `${identity.dkimStatus}: SES has not yet found the DKIM records`, [...publish, 'SES checks for up to 72 hours.']),
      );
      break;
    case 'TEMPORARY_FAILURE':
      findings.push(
        gap(dkimCheck, 'TEMPORARY_FAILURE: SES could not read the records just now', [
          'Check the records still resolve; SES retries on its own.',
          ...recordLines(records),
        ]),
      );
      break;
    default:
      findings.push(
        gap(dkimCheck, `${identity.dkimStatus ?? 'no status'}: SES did not find the DKIM records within 72 hours`, [
          ...publish,
          'Then restart DKIM verification in the SES console (Verified identities → the domain → Authentication).',
        ]),
      );
  }
  return findings;
}

// ---- SES: the account -------------------------------------------------------------------

export interface AccountFacts {
  productionAccess: boolean;
  sendingEnabled: boolean;
  enforcementStatus?: string;
  quota: { max24HourSend?: number; maxSendRate?: number; sentLast24Hours?: number };
  /** The production access request's review status (PENDING, GRANTED, DENIED, FAILED), if one was made. */
  reviewStatus?: string;
  /** In the sandbox only: the verified identities mail can reach (addresses, and domains for any address at them). */
  verifiedRecipients: Array<{ name: string; type: string }>;
}

/**
 * SES v2 GetAccount: ProductionAccessEnabled false means the sandbox, where mail reaches
 * verified identities only, 200 a day, 1 a second.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html
 * https://docs.aws.amazon.com/ses/latest/dg/request-production-access.html
 */
export function accountRule(account: AccountFacts, region: string): Finding[] {
  const findings: Finding[] = [];
  const { max24HourSend, maxSendRate, sentLast24Hours } = account.quota;
  const quota = `quota ${max24HourSend ?? '?'} a day, ${maxSendRate ?? '?'} a second, ${sentLast24Hours ?? 0} sent in the last 24 hours`;
  if (account.productionAccess) {
    findings.push(ready(`SES production access in ${region}`, quota));
  } else {
    const recipients = account.verifiedRecipients.length
      ? [
          'Until then mail reaches only these verified identities:',
          ...account.verifiedRecipients.map((r) => (r.type === 'EMAIL_ADDRESS' ? `  ${r.name}` : `  any address at ${r.name}`)),
        ]
      : ['Until then mail reaches no one: no identity that can receive is verified.'];
    const review = account.reviewStatus ? [`Your request is ${account.reviewStatus}.`] : [];
    findings.push(
      gap(`SES production access in ${region}`, `in the sandbox (${quota})`, [
        'Request production access: SES console → Account dashboard → Request production access (a day or so for AWS to answer).',
        ...review,
        ...recipients,
        'To test before then, verify an address: SES console → Verified identities → Create identity → Email address.',
      ]),
    );
  }
  if (!account.sendingEnabled)
    findings.push(
      gap(`SES sending in ${region}`, 'sending is paused for this account', [
        'Read the notice in the SES console (Account dashboard) and contact AWS Support to resume sending.',
      ]),
    );
  if (account.enforcementStatus && account.enforcementStatus !== 'HEALTHY') {
    findings.push(
      gap(`SES reputation in ${region}`, account.enforcementStatus, [
        "Read the SES console's Reputation metrics and the AWS notice; fix the bounce or complaint cause (media and people lists).",
      ]),
    );
  }
  return findings;
}

// ---- SNS: the alarm subscription --------------------------------------------------------

export type TopicFacts =
  { exists: false; arn: string } | { exists: true; arn: string; subscriptions: Array<{ arn: string; protocol: string; endpoint: string }> };

/**
 * An email subscription stays "PendingConfirmation" until its owner follows the link SNS
 * mailed. https://docs.aws.amazon.com/sns/latest/api/API_ListSubscriptionsByTopic.html
 * https://docs.aws.amazon.com/sns/latest/dg/sns-email-notifications.html
 */
export const PENDING_CONFIRMATION = 'PendingConfirmation';

export function alarmSubscriptionRule(topic: TopicFacts): Finding {
  const check = 'alarm subscription';
  if (!topic.exists)
    return gap(check, `the alarm topic ${topic.arn} is gone`, ['Deploy the stack again: it creates the topic and its subscription.']);
  const email = topic.subscriptions.filter((s) => s.protocol === 'email' || s.protocol === 'email-json');
  const confirmed = email.filter((s) => s.arn !== PENDING_CONFIRMATION);
  const pending = email.filter((s) => s.arn === PENDING_CONFIRMATION);
  if (confirmed.length) return ready(check, `confirmed by ${confirmed.map((s) => s.endpoint).join(', ')}`);
  if (pending.length) {
    return gap(check, `not confirmed by ${pending.map((s) => s.endpoint).join(', ')}: alarms reach no one`, [
      `Open the mail "AWS Notification - Subscription Confirmation" sent to ${pending.map((s) => s.endpoint).join(', ')} (look in spam too) and choose "Confirm subscription".`,
      'If the mail is lost or its link expired, send it again: SNS console → Subscriptions → the subscription → Request confirmation.',
    ]);
  }
  return gap(check, 'the alarm topic has no email subscription', [
    `Subscribe the ops address again: SNS console → Topics → ${topic.arn.split(':').pop()} → Create subscription (protocol Email, the configuration's opsEmail), then confirm it.`,
  ]);
}

// ---- the state machine and the table ----------------------------------------------------

export type StateMachineFacts = { exists: false; arn: string } | { exists: true; arn: string; status: string };

/** https://docs.aws.amazon.com/step-functions/latest/apireference/API_DescribeStateMachine.html */
export function stateMachineRule(machine: StateMachineFacts): Finding {
  const check = `state machine ${machine.arn.split(':').pop()}`;
  if (!machine.exists)
    return gap(check, 'missing', [
      "Deploy the stack again; if CloudFormation thinks it exists, see the stack's drift (CloudFormation console → Stack actions → Detect drift).",
    ]);
  return machine.status === 'ACTIVE'
    ? ready(check, 'ACTIVE')
    : gap(check, machine.status, ['It is being deleted: deploy the stack again once it is gone.']);
}

export type TableFacts = { exists: false; name: string } | { exists: true; name: string; status: string };

/** https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTable.html */
export function tableRule(table: TableFacts): Finding {
  const check = `table ${table.name}`;
  if (!table.exists)
    return gap(check, 'missing', [
      'Deploy the stack again; the table is retained on stack deletion, so restore it from its point-in-time backup if it was deleted by hand.',
    ]);
  if (table.status === 'ACTIVE') return ready(check, 'ACTIVE');
  const todo =
    table.status === 'CREATING' || table.status === 'UPDATING'
      ? ['Wait a minute and run the doctor again.']
      : ['See the table in the DynamoDB console.'];
  return gap(check, table.status, todo);
}

/** A resource the stack should declare but does not: the doctor is likely pointed at another stack. */
export function declaredRule(what: string, stackName: string, found: number): Finding | undefined {
  if (found > 0) return undefined;
  return gap(what, `stack ${stackName} declares none`, [
    'Is this the Warta stack? Pass --stack NAME (and --region) of the deployed Warta stack.',
  ]);
}
