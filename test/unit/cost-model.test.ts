import { describe, expect, it } from 'vitest';
import { costOfUsage, idleMonthlyCost, inventoryOf, loadPrices, perMonth } from '../../bench/cost-model.js';

const prices = loadPrices();

describe('the cost model', () => {
  it('prices usage item by item from the dated price table', () => {
    const { total, breakdown } = costOfUsage(
      {
        stateTransitions: 1000,
        lambda: { invocations: 1_000_000, gbSeconds: 0 },
        dynamodb: { writeUnits: 0, readUnits: 0 },
        s3: { putLike: 0, getLike: 0, bytesStored: 0 },
        ses: { messages: 10, attachmentBytes: 0 },
        apiRequests: 0,
        logBytes: 0,
        traces: 0,
      },
      prices,
    );

    expect(breakdown.stepFunctions).toBeCloseTo(0.025, 6);
    expect(breakdown.lambda).toBeCloseTo(0.2, 6);
    expect(breakdown.ses).toBeCloseTo(0.001, 6);
    expect(total).toBeCloseTo(0.226, 6);
    expect(prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('reads what a template bills when idle: alarms, keys, NAT gateways and schedules', () => {
    const inventory = inventoryOf({
      Resources: {
        A: { Type: 'AWS::CloudWatch::Alarm', Properties: {} },
        B: { Type: 'AWS::CloudWatch::Alarm', Properties: { Metrics: [{ MetricStat: {} }, { MetricStat: {} }, { Expression: 'm1+m2' }] } },
        K: { Type: 'AWS::KMS::Key' },
        S: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(5 minutes)' } },
        T: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
      },
    });

    expect(inventory).toMatchObject({
      alarmMetrics: 3,
      customerKmsKeys: 1,
      natGateways: 0,
      provisionedThings: [],
      scheduledInvocationsPerMonth: 8640,
    });
    const idle = idleMonthlyCost({ ...inventory, scheduledInvocationGbSeconds: 0, scheduledInvocationReadUnits: 0 }, prices);
    expect(idle.breakdown.alarms).toBeCloseTo(0.3, 6);
    expect(idle.breakdown.kms).toBe(1);
  });

  it('counts schedule expressions a month', () => {
    expect(perMonth('rate(1 hour)')).toBe(720);
    expect(perMonth('cron(0 1 1 * ? *)')).toBe(1);
    expect(() => perMonth('every tuesday')).toThrow(/cannot read/);
  });
});
