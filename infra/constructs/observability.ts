/**
 * Observability: an encrypted, SSL-only SNS topic mailing the office's ops address, and the
 * alarms that feed it: failed executions, errors of each function, and SES's bounce rate
 * (AWS reviews an account above 5% and may pause its sending).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { WartaFunction } from './function.js';

export const BOUNCE_RATE_THRESHOLD = 0.05;

export interface ObservabilityProps {
  opsEmail: string;
  stateMachine: sfn.StateMachine;
  functions: WartaFunction[];
}

export class Observability extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    // A customer-managed key: CloudWatch cannot publish to a topic under the AWS-managed aws/sns key.
    const key = new kms.Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: 'Warta alarm topic' });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Alarms', { displayName: 'Warta alarms', masterKey: key, enforceSSL: true });
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
      // One alarm per function rather than one sum: a metric-math alarm takes at most 10 metrics, and the name says which failed.
      ...props.functions.map((f) =>
        f.fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }).createAlarm(this, `${f.node.id}Errors`, {
          alarmDescription: `Warta function ${f.handlerName} reported errors.`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      ),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(notify);
  }
}
