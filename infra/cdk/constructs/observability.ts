/**
 * Observability: an SSL-only SNS topic mailing the office's ops address, the three
 * alarms that feed it: failed executions, Lambda errors, and SES's bounce rate (AWS
 * reviews an account above 5% and may pause its sending), and one dashboard of what the
 * office watches: stage times against Mutu Baku, overdue tasks, mails sent, bounced and
 * throttled, releases completed and failed. Each alarm's description names its line in
 * the README's Runbook, where the operator reads what to do.
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
import { METRIC_NAMES, METRIC_NAMESPACE } from '#domain/metric-names.js';
import type { WartaFunction } from './function.js';

export const BOUNCE_RATE_THRESHOLD = 0.05;

/** The README's runbook lines, one an alarm: `- **<alarm>**: what to do`. */
export const RUNBOOK = { executionsFailed: 'ExecutionsFailed', sesBounceRate: 'SesBounceRate', lambdaErrors: 'LambdaErrors' } as const;
const runbook = (alarm: string) => `Runbook: README.md, section Runbook, line ${alarm}.`;

/** Powertools Metrics gives every figure the dimension service=<POWERTOOLS_SERVICE_NAME>. */
const office = (metricName: string, statistic: string, label: string) =>
  new cloudwatch.Metric({
    namespace: METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: 'warta' },
    statistic,
    period: Duration.hours(1),
    label,
  });

export interface ObservabilityProps {
  readonly opsEmail: string;
  readonly stateMachine: sfn.StateMachine;
  readonly functions: WartaFunction[];
}

export class Observability extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;

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
        alarmDescription: `A release workflow execution failed; its failure is recorded on the release. ${runbook(RUNBOOK.executionsFailed)}`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName: 'Reputation.BounceRate',
        statistic: 'Maximum',
        period: Duration.hours(1),
      }).createAlarm(this, 'SesBounceRate', {
        alarmDescription: `SES bounce rate above ${BOUNCE_RATE_THRESHOLD * 100}%: check the media and people lists. ${runbook(RUNBOOK.sesBounceRate)}`,
        threshold: BOUNCE_RATE_THRESHOLD,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
      // The account-wide Errors metric (no FunctionName dimension): one alarm metric for all
      // functions instead of one per function, see the comment at the top.
      new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName: 'Errors', statistic: 'Sum', period: Duration.minutes(5) }).createAlarm(
        this,
        'LambdaErrors',
        {
          alarmDescription: `A Warta function reported errors (${props.functions.length} functions; see their log groups). ${runbook(RUNBOOK.lambdaErrors)}`,
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        },
      ),
    ];
    for (const alarm of alarms) alarm.addAlarmAction(notify);
    this.dashboard = this.officeDashboard(props.stateMachine, alarms);
  }

  /**
   * The office's dashboard. Dashboards and custom metrics are billed as the CloudWatch
   * pricing page says (https://aws.amazon.com/cloudwatch/pricing/); the figures it shows
   * are written only when something happens (functions/runtime/metrics.ts), so an idle
   * office sends none of them.
   */
  private officeDashboard(stateMachine: sfn.StateMachine, alarms: cloudwatch.Alarm[]): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Office', { defaultInterval: Duration.days(7) });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Stage time against Mutu Baku (%)',
        left: [
          office(METRIC_NAMES.stageTimeOfMutuBaku, 'Average', 'average'),
          office(METRIC_NAMES.stageTimeOfMutuBaku, 'Maximum', 'longest'),
        ],
        leftAnnotations: [{ value: 100, label: 'Mutu Baku', color: cloudwatch.Color.RED }],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Stages past Mutu Baku, overdue tasks',
        left: [
          office(METRIC_NAMES.stagesOverMutuBaku, 'Sum', 'stages decided late'),
          office(METRIC_NAMES.tasksOverdue, 'Maximum', 'open tasks overdue'),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Mails',
        left: [
          office(METRIC_NAMES.mailsSent, 'Sum', 'sent'),
          office(METRIC_NAMES.mailsBounced, 'Sum', 'bounced'),
          office(METRIC_NAMES.mailsThrottled, 'Sum', 'throttled'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Releases',
        left: [
          office(METRIC_NAMES.releasesCompleted, 'Sum', 'completed'),
          office(METRIC_NAMES.releasesFailed, 'Sum', 'failed'),
          stateMachine.metricFailed({ period: Duration.hours(1), statistic: 'Sum', label: 'executions failed' }),
        ],
        width: 12,
      }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 }));
    return dashboard;
  }
}
