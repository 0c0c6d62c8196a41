/**
 * What Warta costs on AWS, priced from what a run on the local cloud actually did and
 * from what the synthesized template provisions. Prices live in bench/prices.json with
 * their date and region; this module only multiplies.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Prices = typeof import('./prices.json');

export function loadPrices(): Prices {
  return JSON.parse(readFileSync(fileURLToPath(new URL('./prices.json', import.meta.url)), 'utf8')) as Prices;
}

/** Usage measured on the local cloud for one run (one release, say). */
export interface Usage {
  stateTransitions: number;
  lambda: { invocations: number; gbSeconds: number };
  dynamodb: { writeUnits: number; readUnits: number };
  s3: { putLike: number; getLike: number; bytesStored: number };
  ses: { messages: number; attachmentBytes: number };
  apiRequests: number;
  /** Bytes of log lines the run wrote (Lambda logs and the state machine's ALL-level log). */
  logBytes: number;
  traces: number;
}

export type Breakdown = Record<string, number>;

const GB = 1024 ** 3;

export function costOfUsage(u: Usage, p: Prices): { total: number; breakdown: Breakdown } {
  const breakdown: Breakdown = {
    stepFunctions: u.stateTransitions * p.stepFunctionsStandard.perStateTransition,
    lambda: u.lambda.invocations * p.lambdaArm64.perRequest + u.lambda.gbSeconds * p.lambdaArm64.perGbSecond,
    dynamodb: u.dynamodb.writeUnits * p.dynamodbOnDemand.perWriteRequestUnit + u.dynamodb.readUnits * p.dynamodbOnDemand.perReadRequestUnit,
    s3Requests: u.s3.putLike * p.s3Standard.perPutCopyPostList + u.s3.getLike * p.s3Standard.perGetHead,
    // A release's objects are kept: price one month of them, as the first month's share.
    s3StorageFirstMonth: (u.s3.bytesStored / GB) * p.s3Standard.perGbMonth,
    ses: u.ses.messages * p.ses.perMessage + (u.ses.attachmentBytes / GB) * p.ses.perGbAttachments,
    apiGateway: u.apiRequests * p.apiGatewayHttp.perRequest,
    logs: (u.logBytes / GB) * p.cloudwatchLogs.perGbIngested,
    xray: u.traces * p.xray.perTraceRecorded,
  };
  return { total: sum(breakdown), breakdown };
}

/** What the template provisions that is billed whether or not anything happens. */
export interface IdleInventory {
  alarmMetrics: number;
  customerKmsKeys: number;
  natGateways: number;
  provisionedThings: string[];
  /** Scheduled invocations a month (the SLA sweep every 5 minutes, the monthly report). */
  scheduledInvocationsPerMonth: number;
  /** Measured cost of one idle scheduled invocation (Lambda + its DynamoDB reads). */
  scheduledInvocationGbSeconds: number;
  scheduledInvocationReadUnits: number;
}

export function idleMonthlyCost(inv: IdleInventory, p: Prices): { total: number; breakdown: Breakdown } {
  const breakdown: Breakdown = {
    alarms: inv.alarmMetrics * p.cloudwatchAlarms.perStandardAlarmMetricMonth,
    kms: inv.customerKmsKeys * p.kms.perCustomerKeyMonth,
    // A NAT gateway is about US$33 a month before data; Warta must have none.
    natGateways: inv.natGateways * 32.85,
    schedules:
      inv.scheduledInvocationsPerMonth *
      (p.lambdaArm64.perRequest +
        inv.scheduledInvocationGbSeconds * p.lambdaArm64.perGbSecond +
        inv.scheduledInvocationReadUnits * p.dynamodbOnDemand.perReadRequestUnit),
  };
  return { total: sum(breakdown), breakdown };
}

/** Reads the billed-when-idle inventory off a synthesized CloudFormation template. */
export function inventoryOf(template: {
  Resources: Record<string, { Type: string; Properties?: any }>;
}): Omit<IdleInventory, 'scheduledInvocationGbSeconds' | 'scheduledInvocationReadUnits'> {
  let alarmMetrics = 0;
  let customerKmsKeys = 0;
  let natGateways = 0;
  let scheduledInvocationsPerMonth = 0;
  const provisionedThings: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Type === 'AWS::CloudWatch::Alarm')
      alarmMetrics += Array.isArray(r.Properties?.Metrics) ? r.Properties.Metrics.filter((m: any) => m.MetricStat).length : 1;
    if (r.Type === 'AWS::KMS::Key') customerKmsKeys += 1;
    if (r.Type === 'AWS::EC2::NatGateway') natGateways += 1;
    if (r.Type === 'AWS::DynamoDB::Table' && r.Properties?.BillingMode !== 'PAY_PER_REQUEST')
      provisionedThings.push(`${id}: provisioned DynamoDB`);
    if (r.Type === 'AWS::DynamoDB::GlobalTable' && r.Properties?.BillingMode !== 'PAY_PER_REQUEST')
      provisionedThings.push(`${id}: provisioned DynamoDB`);
    if (r.Type === 'AWS::Lambda::Version' && r.Properties?.ProvisionedConcurrencyConfig)
      provisionedThings.push(`${id}: provisioned concurrency`);
    if (r.Type === 'AWS::Events::Rule' && typeof r.Properties?.ScheduleExpression === 'string') {
      scheduledInvocationsPerMonth += perMonth(r.Properties.ScheduleExpression);
    }
  }
  return { alarmMetrics, customerKmsKeys, natGateways, provisionedThings, scheduledInvocationsPerMonth };
}

/** Invocations a 30-day month of a rate() or cron() schedule. */
export function perMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const n = Number(rate[1]);
    const minutes = rate[2]!.startsWith('minute') ? n : rate[2]!.startsWith('hour') ? n * 60 : n * 1440;
    return Math.floor((30 * 1440) / minutes);
  }
  const cron = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/.exec(expression);
  if (cron) {
    const [, min, hour, dom] = cron;
    const perDay = (min === '*' ? 60 : min!.split(',').length) * (hour === '*' ? 24 : hour!.split(',').length);
    const days = dom === '*' || dom === '?' ? 30 : dom!.split(',').length;
    return perDay * days;
  }
  throw new Error(`cannot read the schedule ${expression}`);
}

function sum(b: Breakdown): number {
  return Object.values(b).reduce((a, v) => a + v, 0);
}
