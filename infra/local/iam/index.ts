/**
 * The local cloud's IAM (DESIGN "The local cloud refuses what AWS refuses"): every call a
 * function, the state machine or a rule makes is authorized against the synthesized
 * policies of its role and the resource's own policy, as AWS would; other callers are the
 * account's administrator. Front doors (guard.ts) stand before DynamoDB, S3, SES and Step
 * Functions; Lambda invocations are checked where they are made (the engine, the event bus,
 * the HTTP API).
 */
import type { IncomingMessage } from 'node:http';
import type { LocalFunction, LocalModel } from '../deployer/model.js';
import { lambdaArn } from '../deployer/names.js';
import { createAuthority, type Authority, type Verdict } from './authority.js';
import { CallerRegistry, type Caller, type Credentials } from './credentials.js';
import { startGuard, type Guard, type ServiceRules } from './guard.js';
import { dynamoDbChecks, jsonRefusal, sesChecks, sesRefusal, stepFunctionsChecks, type Place } from './json-actions.js';
import { s3Checks, s3Refusal } from './s3-actions.js';

export type { Caller } from './credentials.js';
export type { Verdict } from './authority.js';

export type GuardedService = 'dynamodb' | 's3' | 'ses' | 'stepfunctions';

export interface LocalIamOptions extends Place {
  host: string;
  /** The key the emulators accept (the account's). */
  accountCredentials: Credentials;
  /** The execution a task token belongs to (Step Functions' SendTask*). */
  executionOfToken(token: string): string | undefined;
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
}

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
    stepfunctions: { needsBody: () => true, checks: (r, b) => stepFunctionsChecks(r, b, place, options.executionOfToken), refusal: jsonRefusal },
    ses: { needsBody: (r) => r.method === 'POST', checks: (r, b) => sesChecks(r, b, place), refusal: sesRefusal },
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
    guard: (service, upstream, port) => startGuard({
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
    mayInvoke(caller, functionArnOrName, sourceArn) {
      const resource = functionArnOrName.startsWith('arn:') ? functionArnOrName : lambdaArn(options.region, options.accountId, functionArnOrName);
      return authorize(caller, [{ action: 'lambda:InvokeFunction', resource, context: sourceArn ? { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': options.accountId } : {} }]);
    },
  };
}
