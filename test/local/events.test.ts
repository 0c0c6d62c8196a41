import { describe, expect, it } from 'vitest';
import { createEventBus, inputFor, type BusEvent } from '../../infra/local-cloud/events/bus.js';
import { matchesPattern } from '../../infra/local-cloud/events/pattern.js';
import { simulatorFeedback } from '../../infra/local-cloud/events/mail-feedback.js';
import { InvalidSchedule, parseSchedule } from '../../infra/local-cloud/events/schedule.js';
import type { LocalRule } from '../../infra/local-cloud/deployer/model.js';
import type { InvokeResult } from '../../infra/local-cloud/lambda/invoker.js';

// Expectations from the EventBridge user guide, "Event patterns" and "Content filtering".
const statusChange = (status: string, arn = 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:dkip') => ({
  version: '0',
  id: 'e-1',
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '111111111111',
  region: 'ap-southeast-3',
  resources: [`${arn}:exec-1`],
  detail: { status, stateMachineArn: arn, executionArn: `${arn}:exec-1`, input: '{}', retries: 2, tags: ['a', 'b'] },
});

describe('EventBridge pattern matching', () => {
  it('matches when every field matches one of its values', () => {
    const pattern = {
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['SUCCEEDED', 'FAILED'] },
    };
    expect(matchesPattern(pattern, statusChange('FAILED'))).toBe(true);
    expect(matchesPattern(pattern, statusChange('RUNNING'))).toBe(false);
    expect(matchesPattern({ ...pattern, source: ['aws.events'] }, statusChange('FAILED'))).toBe(false);
  });

  it('matches an event array when any element matches, and a missing field never matches a value', () => {
    expect(matchesPattern({ detail: { tags: ['b'] } }, statusChange('FAILED'))).toBe(true);
    expect(matchesPattern({ detail: { tags: ['c'] } }, statusChange('FAILED'))).toBe(false);
    expect(matchesPattern({ detail: { owner: ['x'] } }, statusChange('FAILED'))).toBe(false);
  });

  it('applies content filters: prefix, suffix, anything-but, numeric, exists, equals-ignore-case, wildcard, cidr, $or', () => {
    const event = statusChange('TIMED_OUT');
    expect(matchesPattern({ detail: { status: [{ prefix: 'TIMED' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [{ suffix: '_OUT' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [{ 'anything-but': ['SUCCEEDED', 'RUNNING'] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [{ 'anything-but': 'TIMED_OUT' }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { status: [{ 'anything-but': { prefix: 'TIMED' } }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { retries: [{ numeric: ['>', 0, '<=', 2] }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { retries: [{ numeric: ['>', 2] }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { error: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { status: [{ exists: false }] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { status: [{ 'equals-ignore-case': 'timed_out' }] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { executionArn: [{ wildcard: '*:stateMachine:dkip:*' }] } }, event)).toBe(true);
    expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.0.7' })).toBe(true);
    expect(matchesPattern({ ip: [{ cidr: '10.0.0.0/24' }] }, { ip: '10.0.1.7' })).toBe(false);
    expect(matchesPattern({ $or: [{ source: ['x'] }, { detail: { status: ['TIMED_OUT'] } }] }, event)).toBe(true);
  });
});

describe('schedule expressions', () => {
  it('reads rate() as an interval', () => {
    expect(parseSchedule('rate(5 minutes)')).toEqual({ kind: 'rate', everyMs: 300_000 });
    expect(parseSchedule('rate(1 day)')).toEqual({ kind: 'rate', everyMs: 86_400_000 });
  });

  it('reads cron() in UTC with ranges, steps and names', () => {
    const nightly = parseSchedule('cron(0 1 * * ? *)');
    const weekdays = parseSchedule('cron(0/15 8-16 ? * MON-FRI *)');
    if (nightly.kind !== 'cron' || weekdays.kind !== 'cron') throw new Error('expected cron');
    expect(nightly.matches(new Date('2026-11-22T01:00:00Z'))).toBe(true);
    expect(nightly.matches(new Date('2026-11-22T01:01:00Z'))).toBe(false);
    expect(weekdays.matches(new Date('2026-11-23T08:45:00Z'))).toBe(true); // a Monday
    expect(weekdays.matches(new Date('2026-11-22T08:45:00Z'))).toBe(false); // a Sunday
    expect(weekdays.matches(new Date('2026-11-23T08:50:00Z'))).toBe(false);
  });

  it('refuses what it cannot run, by name', () => {
    expect(() => parseSchedule('cron(0 1 L * ? *)')).toThrow(InvalidSchedule);
    expect(() => parseSchedule('every day')).toThrow(/neither rate/);
  });
});

describe('the event bus', () => {
  const rule = (overrides: Partial<LocalRule>): LocalRule => ({
    logicalId: 'Rule',
    name: 'rule',
    arn: 'arn:aws:events:ap-southeast-3:111111111111:rule/rule',
    enabled: true,
    targets: [{ id: 't', arn: 'arn:aws:lambda:ap-southeast-3:111111111111:function:history-snapshot' }],
    ...overrides,
  });

  it('invokes the target of each matching rule with the event, retrying a failed invocation', async () => {
    // Prepare
    const calls: Array<[string, unknown]> = [];
    const bus = createEventBus({
      rules: [
        rule({ eventPattern: { source: ['aws.states'], detail: { status: ['SUCCEEDED'] } } }),
        rule({ name: 'other', eventPattern: { source: ['aws.s3'] } }),
      ],
      region: 'ap-southeast-3',
      accountId: '111111111111',
      timeScale: 0.001,
      log: () => {},
      invoke: async (arn, payload): Promise<InvokeResult> => {
        calls.push([arn, payload]);
        return calls.length === 1
          ? { ok: false, errorType: 'Lambda.ServiceException', errorMessage: 'flaky' }
          : { ok: true, payload: null };
      },
    });

    // Act
    const matched = await bus.put(statusChange('SUCCEEDED'));
    const unmatched = await bus.put(statusChange('RUNNING'));

    // Assert
    expect([matched, unmatched]).toEqual([1, 0]);
    expect(calls).toHaveLength(2);
    expect(calls[1]![0]).toBe('arn:aws:lambda:ap-southeast-3:111111111111:function:history-snapshot');
    expect(calls[1]![1]).toMatchObject({ source: 'aws.states', detail: { status: 'SUCCEEDED' } });
  });

  it('fires a schedule rule with a Scheduled Event or its constant Input', async () => {
    // Prepare
    const calls: unknown[] = [];
    const bus = createEventBus({
      rules: [
        rule({ name: 'nightly', scheduleExpression: 'cron(0 1 * * ? *)' }),
        rule({
          name: 'sweep',
          scheduleExpression: 'rate(5 minutes)',
          targets: [{ id: 't', arn: 'arn:aws:lambda:r:1:function:sla-sweep', input: '{"job":"sweep"}' }],
        }),
      ],
      region: 'ap-southeast-3',
      accountId: '111111111111',
      log: () => {},
      invoke: async (_arn, payload) => {
        calls.push(payload);
        return { ok: true, payload: null };
      },
    });

    // Act
    await bus.fireSchedule('nightly');
    await bus.fireSchedule('sweep');

    // Assert
    expect(calls[0]).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      resources: ['arn:aws:events:ap-southeast-3:111111111111:rule/rule'],
      detail: {},
    });
    expect(calls[1]).toEqual({ job: 'sweep' });
  });

  it('shapes target input with InputPath and InputTransformer', () => {
    const event = statusChange('FAILED') as BusEvent;
    expect(inputFor({ id: 't', arn: 'x', inputPath: '$.detail.status' }, event)).toBe('FAILED');
    expect(
      inputFor(
        {
          id: 't',
          arn: 'x',
          inputTransformer: {
            InputPathsMap: { s: '$.detail.status', r: '$.resources[0]' },
            InputTemplate: '{"state":"<s>","execution":"<r>"}',
          },
        },
        event,
      ),
    ).toEqual({ state: 'FAILED', execution: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:dkip:exec-1' });
  });
});

describe('the SES mailbox simulator', () => {
  const mail = (to: string[]) => ({
    messageId: 'm-1',
    from: 'Humas <humas@kominfo.example.go.id>',
    destination: { to },
    at: 1_700_000_000,
  });
  const context = { region: 'ap-southeast-3', accountId: '111111111111', configurationSet: 'warta-mail' };
  // The pattern the stack's mail feedback rule uses (EventBridge destination of the configuration set).
  const pattern = {
    source: ['aws.ses'],
    'detail-type': ['Email Bounced', 'Email Complaint Received', 'Email Delivered'],
    detail: { mail: { tags: { 'ses:configuration-set': ['warta-mail'] } } },
  };

  it('turns mail to complaint@ into a complaint event in the SES event format', () => {
    const [event, ...rest] = simulatorFeedback(mail(['complaint@simulator.amazonses.com', 'kabid@kominfo.example.go.id']), context);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      source: 'aws.ses',
      'detail-type': 'Email Complaint Received',
      detail: {
        eventType: 'Complaint',
        complaint: { complainedRecipients: [{ emailAddress: 'complaint@simulator.amazonses.com' }] },
        mail: { messageId: 'm-1' },
      },
    });
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('turns mail to success@ into a delivery event naming the message', () => {
    const [event, ...rest] = simulatorFeedback(mail(['success@simulator.amazonses.com']), context);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      'detail-type': 'Email Delivered',
      detail: { eventType: 'Delivery', delivery: { recipients: ['success@simulator.amazonses.com'] }, mail: { messageId: 'm-1' } },
    });
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('leaves ordinary mail alone', () => {
    expect(simulatorFeedback(mail(['kabid@kominfo.example.go.id']), context)).toEqual([]);
  });
});
