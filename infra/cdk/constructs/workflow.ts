/**
 * Workflow: the state machine compiled from the office's SOP profile, its log group, the
 * rule that snapshots every finished execution into the archive, and the schedules of the
 * SLA sweep, the overdue digest and the periodic report. Its bind helpers give STATE_MACHINE_ARN together with
 * the one right each caller needs.
 */
import { ArnFormat, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { nagAccount, nagRegion } from './nag.js';
import type { SopProfile } from '#domain/profiles.js';
import { ENV } from '#contract/handlers.js';
import { compileProfile } from '../workflow/compile.js';
import type { WorkflowHandler } from '../workflow/definition.js';
import type { WartaFunction } from './function.js';

export const FINISHED_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

export interface WorkflowProps {
  readonly profile: SopProfile;
  readonly stageFunctions: Record<WorkflowHandler, WartaFunction>;
  readonly humanTaskTimeout: Duration;
  readonly historySnapshot: WartaFunction;
  readonly slaSweep: WartaFunction;
  readonly periodicReport: WartaFunction;
  readonly overdueDigest: WartaFunction;
}

export class Workflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly finishedRule: events.Rule;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    // Kept when the stack goes (the audit trail outlives it), so CloudFormation names it: a fixed
    // name would survive a failed first deploy and refuse the next one with "already exists"
    // (WartaChecks-RetainedPhysicalName). AWS's /aws/vendedlogs/ prefix only keeps the account's
    // log resource policy short, which one state machine does not strain.
    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stateMachine = compileProfile(this, 'StateMachine', {
      profile: props.profile,
      functions: props.stageFunctions,
      humanTaskTimeout: props.humanTaskTimeout,
      logGroup,
    });
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray tracing support no resource-level permissions; AWS requires "*" for them.',
    });

    this.finishedRule = new events.Rule(this, 'ExecutionFinished', {
      description: 'Copy the full history of every finished Warta execution into the archive',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { stateMachineArn: [this.stateMachine.stateMachineArn], status: FINISHED_STATUSES },
      },
      targets: [new targets.LambdaFunction(props.historySnapshot.fn, { retryAttempts: 8 })],
    });
    // Lambda gives the rule's asynchronous invocation three attempts; a history they all
    // missed is archived by the daily catch-up, well within Step Functions' 90 days.
    new events.Rule(this, 'HistoryCatchUp', {
      description: 'Archive the history of any finished Warta execution that ExecutionFinished did not get archived',
      schedule: events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(props.historySnapshot.fn)],
    });
    new events.Rule(this, 'SlaSweep', {
      description: 'Reminders and escalations of human tasks past their Mutu Baku',
      schedule: events.Schedule.rate(Duration.minutes(5)),
      targets: [new targets.LambdaFunction(props.slaSweep.fn)],
    });
    new events.Rule(this, 'PeriodicReport', {
      description: 'Monthly (and semester) report to the auditors, on the 1st at 01:00 UTC',
      schedule: events.Schedule.cron({ minute: '0', hour: '1', day: '1' }),
      targets: [new targets.LambdaFunction(props.periodicReport.fn)],
    });
    // Hourly, so the first run after the office opens sends it in any zone and on any hours:
    // rule schedules run in UTC (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html),
    // and the function decides whether it is a working morning on the office's own clock.
    new events.Rule(this, 'OverdueDigest', {
      description: 'The morning mail of overdue tasks: the first run after the office opens on a working day',
      schedule: events.Schedule.cron({ minute: '5' }),
      targets: [new targets.LambdaFunction(props.overdueDigest.fn)],
    });
  }

  /** releases-create, sla-sweep: may start executions of this machine and nothing else. */
  bindStarter(fn: WartaFunction): void {
    fn.addEnvironment(ENV.stateMachineArn, this.stateMachine.stateMachineArn);
    fn.allow(['states:StartExecution'], [this.stateMachine.stateMachineArn]);
  }

  /** tasks-act, sla-sweep: may answer the task tokens of this machine's executions. */
  bindTaskResponder(fn: WartaFunction): void {
    fn.addEnvironment(ENV.stateMachineArn, this.stateMachine.stateMachineArn);
    fn.allow(['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], [this.stateMachine.stateMachineArn]);
  }

  /**
   * human-task: may answer the tokens this machine hands it. The machine's definition names
   * the function, so the grant is a policy of its own, which the function does not wait
   * for: in the function's default policy it would close a dependency cycle. Step Functions
   * authorizes SendTask* on the state machine of the token's execution.
   */
  bindTokenAnswerer(fn: WartaFunction): void {
    // eslint-disable-next-line cdk/no-variable-construct-id -- one policy per answering function, named after it
    new iam.Policy(this, `${fn.node.id}AnswersTokens`, {
      roles: [fn.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
    });
  }

  /** history-snapshot, audit-api: may read this machine's executions and their histories. */
  bindHistoryReader(fn: WartaFunction): void {
    fn.addEnvironment(ENV.stateMachineArn, this.stateMachine.stateMachineArn);
    fn.allow(['states:ListExecutions'], [this.stateMachine.stateMachineArn]);
    fn.allow(['states:DescribeExecution', 'states:GetExecutionHistory'], [this.executionArnPattern()]);
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${nagRegion(Stack.of(this))}:${nagAccount(Stack.of(this))}:execution:<${Stack.of(this).getLogicalId(this.stateMachine.node.defaultChild as sfn.CfnStateMachine)}.Name>:*]`,
      reason: 'Executions are named by release id at run time; the grant covers the executions of this one state machine.',
    });
  }

  private executionArnPattern(): string {
    return Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${this.stateMachine.stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }
}
