/**
 * Observability: an SSL-only SNS topic mailing the office's ops address, and the three
 * alarms that feed it: failed executions, Lambda errors, and SES's bounce rate (AWS
 * reviews an account above 5% and may pause its sending).
 *
 * Kept to three alarm metrics and no customer-managed key because the whole stack must
 * cost under US$1 a month when idle: every alarm metric is US$0.10 a month and a KMS key
 * US$1. The Lambda alarm therefore watches the account's total Errors (Warta belongs in
 * an account of its own); the failing function is named in its log group and by the
 * execution's recorded failure.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { WartaFunction } from './function.js';

export const BOUNCE_RATE_THRESHOLD = 0.05;

export interface ObservabilityProps {
  readonly opsEmail: string;
  readonly stateMachine: sfn.StateMachine;
  readonly functions: WartaFunction[];
}

export class Observability extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Warta alarms', enforceSSL: true });
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states only, no personal data. CloudWatch cannot publish to a topic under the AWS-managed aws/sns key, and a customer-managed key (US$1/month) would exceed the idle budget of the whole stack.',
    });
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.opsEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarms: cloudwatch.Alarm[] = [
      props.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, 'ExecutionsFailed', {
        alarmDescription: 'A release workflow execution failed; its failure is recorded on the release.',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Metric({ namespace: 'AWS/SES', metricName: 'Reputation.BounceRate', statistic: 'Maximum', period: Duration.hours(1) }).createAlarm(this, 'SesBounceRate', {
        alarmDescription: `SES bounce rate above ${BOUNCE_RATE_THRESHOLD * 100}%: check the media and people lists.`,
        threshold: BOUNCE_RATE_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // The account-wide Errors metric (no FunctionName dimension): one alarm metric for all
      // functions instead of one per function, see the comment at the top.
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: Duration.minutes(5) }).createAlarm(this, 'LambdaErrors', {
        alarmDescription: `A Warta function reported errors (${props.functions.length} functions; see their log groups).`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(notify);
  }
}
