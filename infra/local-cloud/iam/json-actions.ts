/**
 * The IAM action and resource DynamoDB, Step Functions and SES authorize for each request,
 * from the service authorization reference (each action's resource types and ARN formats):
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonses.html
 * and each service's refusal: AccessDeniedException in the JSON protocols, an XML
 * ErrorResponse with code AccessDenied in SES's query protocol.
 */
import type { IncomingMessage } from 'node:http';
import type { Check } from './authority.js';

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Place {
  region: string;
  accountId: string;
}

const parse = (body: Buffer | undefined): Record<string, any> => {
  try {
    return JSON.parse(body?.toString('utf8') || '{}') as Record<string, any>;
  } catch {
    return {};
  }
};

/** A query by index is authorized on the index ARN, anything else on the table ARN. */
export function dynamoDbChecks(request: IncomingMessage, body: Buffer | undefined, place: Place): Check[] {
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
  const b = parse(body);
  const tableArn = (table: string) => `arn:aws:dynamodb:${place.region}:${place.accountId}:table/${table}`;
  const action = `dynamodb:${operation}`;
  if (operation === 'ListTables') return [{ action, resource: '*' }];
  if (operation === 'BatchGetItem' || operation === 'BatchWriteItem') {
    return Object.keys(b.RequestItems ?? {}).map((table) => ({ action, resource: tableArn(table) }));
  }
  if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    return ((b.TransactItems ?? []) as Array<Record<string, { TableName?: string }>>).flatMap((item) =>
      Object.entries(item).map(([kind, op]) => ({
        action: `dynamodb:${kind === 'Put' ? 'PutItem' : kind === 'Update' ? 'UpdateItem' : kind === 'Delete' ? 'DeleteItem' : kind === 'Get' ? 'GetItem' : 'ConditionCheckItem'}`,
        resource: tableArn(String(op.TableName)),
      })),
    );
  }
  const table = String(b.TableName ?? '');
  return [{ action, resource: b.IndexName ? `${tableArn(table)}/index/${b.IndexName}` : tableArn(table) }];
}

/**
 * SendTask* carry no resource but a token; AWS authorizes them on the state machine of the
 * token's execution (its AccessDeniedException names `...:stateMachine:<name>`, and a grant
 * on that ARN works: https://github.com/aws/aws-cdk/pull/8486).
 */
export function stepFunctionsChecks(
  request: IncomingMessage,
  body: Buffer | undefined,
  place: Place,
  executionOfToken: (token: string) => string | undefined,
): Check[] {
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
  const b = parse(body);
  const action = `states:${operation}`;
  const machineOfExecution = (arn: string) => arn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1');
  switch (operation) {
    case 'StartExecution':
    case 'StartSyncExecution':
    case 'ListExecutions':
    case 'DescribeStateMachine':
    case 'UpdateStateMachine':
    case 'DeleteStateMachine':
      return [{ action, resource: String(b.stateMachineArn ?? '') }];
    case 'DescribeExecution':
    case 'GetExecutionHistory':
    case 'StopExecution':
    case 'DescribeStateMachineForExecution':
      return [{ action, resource: String(b.executionArn ?? '') }];
    case 'SendTaskSuccess':
    case 'SendTaskFailure':
    case 'SendTaskHeartbeat': {
      // A token that names no execution is refused as InvalidToken before anything else.
      const execution = executionOfToken(String(b.taskToken ?? ''));
      return execution ? [{ action, resource: machineOfExecution(execution) }] : [];
    }
    case 'CreateStateMachine':
      return [{ action, resource: `arn:aws:states:${place.region}:${place.accountId}:stateMachine:${String(b.name ?? '')}` }];
    default:
      return [{ action, resource: '*' }];
  }
}

/**
 * Secrets Manager authorizes a secret's actions on the secret's full ARN, whether the call
 * names it by ARN or by name.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html
 */
export function secretsManagerChecks(
  request: IncomingMessage,
  body: Buffer | undefined,
  arnOf: (secretId: string) => string | undefined,
): Check[] {
  const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? 'Unknown';
  const secretId = String(parse(body).SecretId ?? '');
  return [{ action: `secretsmanager:${operation}`, resource: arnOf(secretId) ?? (secretId || '*') }];
}

/**
 * Sending mail is authorized on the identity of the From address's domain and on the
 * configuration set, in SES v1 (query protocol: SendEmail, SendRawEmail) and v2 (REST JSON).
 */
export function sesChecks(request: IncomingMessage, body: Buffer | undefined, place: Place): Check[] {
  const path = new URL(request.url ?? '/', 'http://local').pathname;
  const arn = (type: string, name: string) => `arn:aws:ses:${place.region}:${place.accountId}:${type}/${name}`;
  const sending = (action: string, from: string, configurationSet: string | undefined): Check[] => {
    const domain = from
      .replace(/^.*<([^>]*)>.*$/s, '$1')
      .split('@')
      .pop()!
      .trim();
    return [
      { action, resource: arn('identity', domain) },
      ...(configurationSet ? [{ action, resource: arn('configuration-set', configurationSet) }] : []),
    ];
  };
  if (request.method === 'POST' && /^\/v2\/email\/outbound-emails\/?$/.test(path)) {
    const b = parse(body);
    return sending('ses:SendEmail', String(b.FromEmailAddress ?? rawHeader(b.Content?.Raw?.Data, 'from') ?? ''), b.ConfigurationSetName);
  }
  if (request.method === 'POST' && path === '/') {
    const form = new URLSearchParams(body?.toString('utf8') ?? '');
    const action = form.get('Action') ?? 'Unknown';
    if (action === 'SendRawEmail')
      return sending(
        'ses:SendRawEmail',
        form.get('Source') ?? rawHeader(form.get('RawMessage.Data'), 'from') ?? '',
        form.get('ConfigurationSetName') ?? undefined,
      );
    if (action === 'SendEmail') return sending('ses:SendEmail', form.get('Source') ?? '', form.get('ConfigurationSetName') ?? undefined);
    return [{ action: `ses:${action}`, resource: '*' }];
  }
  // The mailbox page and its /store are the local inbox, no AWS API.
  if (request.method === 'GET' && !path.startsWith('/v2/')) return [];
  return [{ action: 'ses:Unknown', resource: '*' }];
}

/** A header of a base64 MIME message (the From of a raw mail). */
function rawHeader(data: unknown, name: string): string | undefined {
  if (typeof data !== 'string') return undefined;
  const text = Buffer.from(data, 'base64').toString('utf8');
  const head = text.split(/\r?\n\r?\n/)[0] ?? '';
  return new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1];
}

const requestId = () => crypto.randomUUID();

/** DynamoDB and Step Functions (awsJson1_0): 400 with `__type` AccessDeniedException. */
export function jsonRefusal(message: string): Refusal {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': requestId() },
    body: JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message, Message: message }),
  };
}

/** SES: v2 (REST JSON) 403 AccessDeniedException; v1 (query) 403 XML AccessDenied. */
export function sesRefusal(message: string, request: IncomingMessage): Refusal {
  if ((request.url ?? '').startsWith('/v2/')) {
    return {
      status: 403,
      headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException', 'x-amzn-requestid': requestId() },
      body: JSON.stringify({ message }),
    };
  }
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    status: 403,
    headers: { 'content-type': 'text/xml' },
    body: `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>${escaped}</Message></Error><RequestId>${requestId()}</RequestId></ErrorResponse>`,
  };
}
