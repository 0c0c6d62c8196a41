/**
 * The CDK side of the profile compiler: a STANDARD state machine whose definition is the
 * ASL of profileToDefinition, with the function ARNs as GetAtt references, and whose role
 * may invoke exactly the functions the definition names.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MAIL_MARK_MARGIN_SECONDS } from '#runtime/errors.js';
import type { SopProfile } from '#domain/profiles.js';
import type { WartaFunction } from '../constructs/function.js';
import { profileToDefinition, WORKFLOW_HANDLERS, type WorkflowHandler } from './definition.js';

export interface CompileProfileProps {
  readonly profile: SopProfile;
  readonly functions: Record<WorkflowHandler, WartaFunction>;
  /** How long a human stage waits for a decision before the execution fails. */
  readonly humanTaskTimeout: Duration;
  readonly logGroup: logs.ILogGroup;
}

export function compileProfile(scope: Construct, id: string, props: CompileProfileProps): sfn.StateMachine {
  const arns = Object.fromEntries(WORKFLOW_HANDLERS.map((name) => [name, props.functions[name].fn.functionArn])) as Record<
    WorkflowHandler,
    string
  >;
  const definition = profileToDefinition(props.profile, arns, {
    humanTaskTimeoutSeconds: props.humanTaskTimeout.toSeconds(),
    mailHeldSeconds: Math.max(...WORKFLOW_HANDLERS.map((name) => props.functions[name].timeout.toSeconds())) + MAIL_MARK_MARGIN_SECONDS,
  });

  // A factory, not a construct: what it builds lives in the caller's scope, named from the caller's id.
  // eslint-disable-next-line cdk/require-passing-this, cdk/no-variable-construct-id
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
  // Named functions only: no `:*` version wildcard, the definition invokes $LATEST by ARN.
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: Object.values(arns) }));

  // eslint-disable-next-line cdk/require-passing-this, cdk/no-variable-construct-id -- see the role above
  return new sfn.StateMachine(scope, id, {
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromString(Stack.of(scope).toJsonString(definition)),
    role,
    // Every event, none of its data: stage payloads and task tokens stay out of CloudWatch Logs; the
    // execution history (and its archived copy) keeps the data for audit
    // (https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html).
    logs: { destination: props.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    tracingEnabled: true,
  });
}
