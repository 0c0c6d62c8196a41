/**
 * The doctor's readiness rules, each on the facts one AWS read gathers: what counts as
 * ready, and what the operator is told to do for each gap.
 */
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../infra/tools/doctor/doctor.js';
import {
  accountRule,
  alarmSubscriptionRule,
  dkimDomainOf,
  dkimRecords,
  identityRule,
  PENDING_CONFIRMATION,
  stackRule,
  stateMachineRule,
  tableRule,
  type AccountFacts,
  type Finding,
} from '../../infra/tools/doctor/readiness.js';

const DOMAIN = 'kominfo.example.go.id';
const TOKENS = ['tok1', 'tok2', 'tok3'];
const statuses = (findings: Finding[]) => findings.map((f) => f.status);
const text = (findings: Finding[]) => findings.flatMap((f) => [f.summary, ...f.todo]).join('\n');

describe('the stack', () => {
  it('serves once created or updated, and after an update rolled back to the last good template', () => {
    for (const status of ['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_ROLLBACK_COMPLETE']) {
      expect(stackRule({ exists: true, name: 'Warta', status }).status, status).toBe('ready');
    }
  });

  it('is a gap when missing, mid-deployment, or a failed first deployment that must be deleted', () => {
    expect(stackRule({ exists: false, name: 'Warta' }).todo.join(' ')).toMatch(/cdk deploy/);
    expect(stackRule({ exists: true, name: 'Warta', status: 'UPDATE_IN_PROGRESS' }).todo.join(' ')).toMatch(/Wait/);
    const rolledBack = stackRule({
      exists: true,
      name: 'Warta',
      status: 'ROLLBACK_COMPLETE',
      statusReason: 'The following resource(s) failed to create: [Distribution]',
    });
    expect(rolledBack.status).toBe('gap');
    expect(rolledBack.summary).toContain('Distribution');
    expect(rolledBack.todo.join(' ')).toMatch(/delete the stack/);
  });
});

describe('the SES identity', () => {
  it('is ready when verified for sending with DKIM SUCCESS', () => {
    const findings = identityRule(
      { exists: true, name: DOMAIN, verifiedForSending: true, dkimStatus: 'SUCCESS', dkimTokens: TOKENS },
      'ap-southeast-3',
    );
    expect(statuses(findings)).toEqual(['ready', 'ready']);
  });

  it("while DKIM is pending, shows the three CNAME records to publish, with Jakarta's own DKIM domain", () => {
    const findings = identityRule(
      { exists: true, name: DOMAIN, verifiedForSending: false, dkimStatus: 'PENDING', dkimTokens: TOKENS },
      'ap-southeast-3',
    );
    expect(statuses(findings)).toEqual(['gap', 'gap']);
    for (const token of TOKENS)
      expect(text(findings)).toContain(`${token}._domainkey.${DOMAIN}  CNAME  ${token}.dkim.ap-southeast-3.amazonses.com`);
    expect(text(findings).split('tok1._domainkey').length - 1, 'the records are printed once').toBe(1);
  });

  it('names the records from the Region: most use dkim.amazonses.com', () => {
    expect(dkimDomainOf('ap-southeast-1')).toBe('dkim.amazonses.com');
    expect(dkimRecords(DOMAIN, ['a'], 'us-east-1')).toEqual([
      { name: `a._domainkey.${DOMAIN}`, type: 'CNAME', value: 'a.dkim.amazonses.com' },
    ]);
  });

  it('after 72 hours without the records (FAILED), says to restart verification', () => {
    const [, dkim] = identityRule(
      { exists: true, name: DOMAIN, verifiedForSending: false, dkimStatus: 'FAILED', dkimTokens: TOKENS },
      'ap-southeast-3',
    );
    expect(dkim!.status).toBe('gap');
    expect(dkim!.todo.join(' ')).toMatch(/restart DKIM verification/);
  });

  it('is a gap when SES does not know the identity in that Region', () => {
    const findings = identityRule({ exists: false, name: DOMAIN }, 'us-east-1');
    expect(statuses(findings)).toEqual(['gap']);
    expect(findings[0]!.todo.join(' ')).toMatch(/--region/);
  });
});

describe('the SES account', () => {
  const account = (over: Partial<AccountFacts> = {}): AccountFacts => ({
    productionAccess: true,
    sendingEnabled: true,
    enforcementStatus: 'HEALTHY',
    quota: { max24HourSend: 50000, maxSendRate: 14, sentLast24Hours: 12 },
    verifiedRecipients: [],
    ...over,
  });

  it('is ready with production access, and shows the quota', () => {
    const findings = accountRule(account(), 'ap-southeast-3');
    expect(statuses(findings)).toEqual(['ready']);
    expect(findings[0]!.summary).toContain('50000 a day');
  });

  it('in the sandbox, says how to leave it and lists whom mail can reach until then', () => {
    const findings = accountRule(
      account({
        productionAccess: false,
        quota: { max24HourSend: 200, maxSendRate: 1 },
        reviewStatus: 'PENDING',
        verifiedRecipients: [
          { name: 'ops@kominfo.example.go.id', type: 'EMAIL_ADDRESS' },
          { name: DOMAIN, type: 'DOMAIN' },
        ],
      }),
      'ap-southeast-3',
    );
    expect(statuses(findings)).toEqual(['gap']);
    expect(findings[0]!.summary).toMatch(/sandbox/);
    expect(findings[0]!.todo).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Request production access/),
        'Your request is PENDING.',
        '  ops@kominfo.example.go.id',
        `  any address at ${DOMAIN}`,
      ]),
    );
  });

  it('in the sandbox with no verified recipient, says mail reaches no one', () => {
    expect(text(accountRule(account({ productionAccess: false }), 'ap-southeast-3'))).toMatch(/reaches no one/);
  });

  it('is a gap when sending is paused or the reputation is under review', () => {
    expect(statuses(accountRule(account({ sendingEnabled: false, enforcementStatus: 'SHUTDOWN' }), 'ap-southeast-3'))).toEqual([
      'ready',
      'gap',
      'gap',
    ]);
  });
});

describe('the alarm subscription', () => {
  const topic = 'arn:aws:sns:ap-southeast-3:111111111111:Warta-Alarms';
  const email = (arn: string) => ({ arn, protocol: 'email', endpoint: 'ops@kominfo.example.go.id' });

  it('is ready once the ops address confirmed it', () => {
    expect(alarmSubscriptionRule({ exists: true, arn: topic, subscriptions: [email(`${topic}:4f1c`)] }).status).toBe('ready');
  });

  it('is a gap while PendingConfirmation, naming the address that must confirm', () => {
    const finding = alarmSubscriptionRule({ exists: true, arn: topic, subscriptions: [email(PENDING_CONFIRMATION)] });
    expect(finding.status).toBe('gap');
    expect(finding.todo.join(' ')).toMatch(/ops@kominfo\.example\.go\.id.*Confirm subscription/);
  });

  it('is a gap with no email subscription, or no topic', () => {
    expect(alarmSubscriptionRule({ exists: true, arn: topic, subscriptions: [] }).status).toBe('gap');
    expect(alarmSubscriptionRule({ exists: false, arn: topic }).status).toBe('gap');
  });
});

describe('the state machine and the table', () => {
  const arn = 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:Workflow';

  it('are ready when ACTIVE', () => {
    expect(stateMachineRule({ exists: true, arn, status: 'ACTIVE' }).status).toBe('ready');
    expect(tableRule({ exists: true, name: 'Warta-Table', status: 'ACTIVE' }).status).toBe('ready');
  });

  it('are gaps when missing or not ACTIVE', () => {
    expect(stateMachineRule({ exists: false, arn }).status).toBe('gap');
    expect(stateMachineRule({ exists: true, arn, status: 'DELETING' }).status).toBe('gap');
    expect(tableRule({ exists: false, name: 'Warta-Table' }).summary).toBe('missing');
    expect(tableRule({ exists: true, name: 'Warta-Table', status: 'CREATING' }).todo.join(' ')).toMatch(/Wait/);
  });
});

describe('the report', () => {
  it('prints each check, the steps under each gap, and counts the gaps', () => {
    const report = formatReport('Warta doctor', [
      { check: 'table T', status: 'ready', summary: 'ACTIVE', todo: [] },
      { check: 'alarm subscription', status: 'gap', summary: 'not confirmed', todo: ['Confirm it.'] },
      { check: 'SES', status: 'not-checked', summary: 'local', todo: [] },
    ]);
    expect(report).toContain('[ok]  table T: ACTIVE');
    expect(report).toContain('[GAP] alarm subscription: not confirmed\n        Confirm it.');
    expect(report).toContain('[--]  SES: local');
    expect(report).toContain('1 gap remains');
  });
});
