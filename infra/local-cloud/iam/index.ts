/**
 * The local cloud's IAM (DESIGN "The local cloud refuses what AWS refuses"): every call a
 * function, the state machine or a rule makes is authorized against the synthesized
 * policies of its role and the resource's own policy, as AWS would; other callers are the
 * account's administrator. Front doors (guard.ts) stand before DynamoDB, S3, SES, Step
 * Functions and Secrets Manager; Lambda invocations are checked where they are made (the engine, the event bus,
 * the HTTP API).
 */
import type { IncomingMessage } from 'node:http';
import type { LocalFunction, LocalModel } from '../deployer/model.js';
import { lambdaArn } from '../deployer/names.js';
import { createAuthority, type Authority, type Verdict } from './authority.js';
import { CallerRegistry, type Caller, type Credentials } from './credentials.js';
import { startGuard, type Guard, type ServiceRules } from './guard.js';
import {
  dynamoDbChecks,
  jsonRefusal,
  secretsManagerChecks,
  sesChecks,
  sesRefusal,
  stepFunctionsChecks,
  type Place,
} from './json-actions.js';
import { s3Checks, s3Refusal } from './s3-actions.js';

export type { Caller } from './credentials.js';
export type { Verdict } from './authority.js';

export type GuardedService = 'dynamodb' | 's3' | 'ses' | 'stepfunctions' | 'secretsmanager';

export interface LocalIamOptions extends Place {
  host: string;
  /** The key the emulators accept (the account's). */
  accountCredentials: Credentials;
  /** The execution a task token belongs to (Step Functions' SendTask*). */
  executionOfToken(token: string): string | undefined;
  /** The full ARN of a secret named by ARN or name. */
  secretArnOf?(secretId: string): string | undefined;
  log(line: string): void;
}

export interface LocalIam {
  /** Installs the template's policies; until then there are no role keys, only the account. */
  deploy(model: LocalModel): void;
  guard(service: GuardedService, upstream: string, port: number): Promise<Guard>;
  /** The credentials a function runs with: its execution role's, one session per function. */
  credentialsOf(fn: LocalFunction): Credentials | undefined;
  authorize: Authority['authorize'];
  /** lambda:InvokeFunction by a role (the state machine's) or a service principal with its source ARN. */
  mayInvoke(caller: Caller, functionArnOrName: string, sourceArn?: string): Verdict;
  /**
   * API Gateway invokes a route's function as its resource policy lets it, with the
   * execute-api ARN `<api>/<stage>/<method>/<route path>` as the source (the route's path, as
   * the template's permissions name it).
   */
  mayApiGatewayInvoke(functionName: string, event: unknown): Verdict;
  /** API Gateway invokes a route's Lambda authorizer, with `<api>/authorizers/<id>` as the source ARN. */
  mayApiGatewayInvokeAuthorizer(functionName: string, sourceArn: string): Verdict;
  /** A rule invokes a function through the function's resource policy (AWS::Lambda::Permission)
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/resource-based-policies-eventbridge.html). */
  mayRuleInvoke(functionArn: string, ruleArn: string): Verdict;
  /** A rule starts an execution as the target's role, which needs states:StartExecution on the machine
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-custom-bus-target-sfn.html). */
  mayRuleStart(stateMachineArn: string, roleArn: string | undefined): Verdict;
  /** The engine invokes a task's function as the state machine's role. */
  mayStateMachineInvoke(functionArnOrName: string, roleArn: string | undefined): Verdict;
}

const API_GATEWAY: Caller = { kind: 'service', service: 'apigateway.amazonaws.com' };
const EVENTS: Caller = { kind: 'service', service: 'events.amazonaws.com' };

export function createLocalIam(options: LocalIamOptions): LocalIam {
  const callers = new CallerRegistry();
  let authority: Authority | undefined;
  const authorize: Authority['authorize'] = (caller, checks) => {
    if (!authority) throw new Error('The local IAM has no policies yet');
    return authority.authorize(caller, checks);
  };
  const place: Place = { region: options.region, accountId: options.accountId };
  const rules: Record<GuardedService, ServiceRules> = {
    dynamodb: { needsBody: () => true, checks: (r, b) => dynamoDbChecks(r, b, place), refusal: jsonRefusal },
    stepfunctions: {
      needsBody: () => true,
      checks: (r, b) => stepFunctionsChecks(r, b, place, options.executionOfToken),
      refusal: jsonRefusal,
    },
    ses: { needsBody: (r) => r.method === 'POST', checks: (r, b) => sesChecks(r, b, place), refusal: sesRefusal },
    secretsmanager: {
      needsBody: () => true,
      checks: (r, b) => secretsManagerChecks(r, b, (id) => options.secretArnOf?.(id)),
      refusal: jsonRefusal,
    },
    s3: {
      needsBody: (r: IncomingMessage) => r.method === 'POST' && new URL(r.url ?? '/', 'http://local').searchParams.has('delete'),
      checks: (r, b) => s3Checks(r, b),
      refusal: (message) => s3Refusal(message),
    },
  };

  return {
    authorize,
    deploy(model) {
      authority = createAuthority(model.iam, options.log);
    },
    guard: (service, upstream, port) =>
      startGuard({
        upstream,
        host: options.host,
        port,
        accountId: options.accountId,
        callers,
        authority: { authorize },
        rules: rules[service],
        accountCredentials: options.accountCredentials,
      }),
    credentialsOf: (fn) => (fn.roleArn ? callers.credentialsFor(fn.roleArn, fn.name) : undefined),
    mayInvoke,
    mayApiGatewayInvoke(functionName, event) {
      const e = event as { routeKey?: string; requestContext?: { apiId?: string; stage?: string } };
      const [method, path = ''] = (e.routeKey ?? '').split(' ');
      const sourceArn = `arn:aws:execute-api:${options.region}:${options.accountId}:${e.requestContext?.apiId}/${e.requestContext?.stage ?? '$default'}/${method}${path}`;
      return mayInvoke(API_GATEWAY, functionName, sourceArn);
    },
    mayApiGatewayInvokeAuthorizer: (functionName, sourceArn) => mayInvoke(API_GATEWAY, functionName, sourceArn),
    mayRuleInvoke: (functionArn, ruleArn) => mayInvoke(EVENTS, functionArn, ruleArn),
    mayRuleStart: (stateMachineArn, roleArn) =>
      authorize(roleArn ? { kind: 'role', roleArn, session: 'events' } : EVENTS, [
        { action: 'states:StartExecution', resource: stateMachineArn },
      ]),
    mayStateMachineInvoke: (functionArnOrName, roleArn) =>
      mayInvoke(
        roleArn ? { kind: 'role', roleArn, session: 'states' } : { kind: 'admin', accountId: options.accountId },
        functionArnOrName,
      ),
  };

  function mayInvoke(caller: Caller, functionArnOrName: string, sourceArn?: string): Verdict {
    const resource = functionArnOrName.startsWith('arn:')
      ? functionArnOrName
      : lambdaArn(options.region, options.accountId, functionArnOrName);
    return authorize(caller, [
      {
        action: 'lambda:InvokeFunction',
        resource,
        context: sourceArn ? { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': options.accountId } : {},
      },
    ]);
  }
}
