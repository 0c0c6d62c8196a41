/**
 * The real local stores for intake tests: dynalite (DynamoDB) and s3rver (S3, as the
 * local cloud runs it: infra/local-cloud/emulators/s3.ts) started
 * in-process on 127.0.0.1:0, the single table created with the keys and GSIs of
 * functions/domain/keys.ts, and one small fake HTTP endpoint that answers the Step
 * Functions calls (StartExecution, SendTaskSuccess/Failure) and SES SendRawEmail and
 * records them. The SDK clients reach all of them through AWS_ENDPOINT_URL_* variables,
 * so modules under test must be imported (dynamically) after `startLocalStores()`.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startS3 } from '../../../infra/local-cloud/emulators/s3.js';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { startSecretsManager } from '../../../infra/local-cloud/emulators/secretsmanager.js';
import { secretArn } from '../../../infra/local-cloud/deployer/names.js';
import { createWartaTable } from '../../support/table.js';

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (opts: Record<string, unknown>) => Server;

export interface SfnCall {
  target: string;
  body: Record<string, unknown>;
}

export interface SentMail {
  to: string[];
  raw: string;
}

export interface LocalStores {
  table: string;
  uploadsBucket: string;
  stateMachineArn: string;
  sfnCalls: SfnCall[];
  mails: SentMail[];
  /** Makes the fake engine answer SendTaskSuccess for these tokens with TaskTimedOut. */
  spentTokens: Set<string>;
  /** How many of the next SendRawEmail calls the fake SES refuses as throttled (`Throttling`). */
  throttle: { next: number };
  /** How many of the next StartExecution calls the fake engine answers 500 (service unavailable). */
  failStarts: { next: number };
  /** How many of the next SendTaskSuccess calls the fake engine answers 500 (service unavailable). */
  failSuccesses: { next: number };
  stop(): Promise<void>;
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

function fakeEngineAndMail(
  calls: SfnCall[],
  mails: SentMail[],
  spent: Set<string>,
  throttle: { next: number },
  failStarts: { next: number },
  failSuccesses: { next: number },
): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      // SES's Query API (form-encoded), or Step Functions' JSON.
      const form = String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
        ? new URLSearchParams(text)
        : undefined;
      if (form?.get('Action') === 'SendRawEmail' && throttle.next > 0) {
        throttle.next--;
        res
          .writeHead(400, { 'content-type': 'text/xml' })
          .end(
            '<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Maximum sending rate exceeded.</Message></Error><RequestId>r</RequestId></ErrorResponse>',
          );
        return;
      }
      if (form?.get('Action') === 'SendRawEmail') {
        const raw = Buffer.from(form.get('RawMessage.Data') ?? '', 'base64').toString('utf8');
        const to = [...form.entries()].filter(([k]) => k.startsWith('Destinations.member.')).map(([, v]) => v);
        mails.push({ to, raw });
        res
          .writeHead(200, { 'content-type': 'text/xml' })
          .end(
            `<SendRawEmailResponse><SendRawEmailResult><MessageId>m-${mails.length}</MessageId></SendRawEmailResult></SendRawEmailResponse>`,
          );
        return;
      }
      const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target.endsWith('.StartExecution') && failStarts.next > 0) {
        failStarts.next--;
        res
          .writeHead(500)
          .end(JSON.stringify({ __type: 'com.amazonaws.swf.service.v2.model#ServiceUnavailable', message: 'Service unavailable' }));
      } else if (target.endsWith('.StartExecution')) {
        res.end(
          JSON.stringify({
            executionArn: `arn:aws:states:ap-southeast-3:111111111111:execution:warta:${String(body.name)}`,
            startDate: Date.now() / 1000,
          }),
        );
      } else if (target.endsWith('.SendTaskSuccess') && failSuccesses.next > 0) {
        failSuccesses.next--;
        res
          .writeHead(500)
          .end(JSON.stringify({ __type: 'com.amazonaws.swf.service.v2.model#ServiceUnavailable', message: 'Service unavailable' }));
      } else if (target.endsWith('.SendTaskSuccess') && spent.has(String(body.taskToken))) {
        res.writeHead(400).end(JSON.stringify({ __type: 'com.amazonaws.swf.service.v2.model#TaskTimedOut', message: 'Task Timed Out' }));
      } else {
        res.end('{}');
      }
    });
  });
}

/**
 * A create handler whose submissions carry a solved captcha, as the form's do: the challenge
 * comes from the real challenge handler and is solved with altcha-lib. A body that names
 * `altcha` itself, or is no JSON object, is passed as it is.
 */
export function withSolvedCaptcha<H extends (event: APIGatewayProxyEventV2, ...rest: never[]) => Promise<unknown>>(handler: H): H {
  return (async (event: APIGatewayProxyEventV2, ...rest: never[]) => {
    let body: unknown;
    try {
      body = JSON.parse(event.body ?? '');
    } catch {
      // Not JSON: the handler refuses it as it is.
    }
    if (typeof body !== 'object' || body === null || 'altcha' in body) return handler(event, ...rest);
    const { handler: challengeGet } = await import('../../../functions/handlers/challenge-get.js');
    const challenge = JSON.parse((await challengeGet(httpEvent({ method: 'GET', path: '/api/challenge' }))).body ?? '{}') as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    const altcha = Buffer.from(
      JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
    ).toString('base64');
    return handler({ ...event, body: JSON.stringify({ ...body, altcha }) }, ...rest);
  }) as H;
}

export async function startLocalStores(configFile = 'dkip-malut.json', overrides: Record<string, unknown> = {}): Promise<LocalStores> {
  const dir = mkdtempSync(join(tmpdir(), 'warta-intake-'));
  const ddbServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const ddbPort = await listen(ddbServer);
  const s3rver = await startS3({ dir, host: '127.0.0.1', port: 0 });
  const sfnCalls: SfnCall[] = [];
  const mails: SentMail[] = [];
  const spentTokens = new Set<string>();
  const throttle = { next: 0 };
  const failStarts = { next: 0 };
  const failSuccesses = { next: 0 };
  const fake = fakeEngineAndMail(sfnCalls, mails, spentTokens, throttle, failStarts, failSuccesses);
  const fakePort = await listen(fake);
  // The captcha's HMAC key from the local cloud's own Secrets Manager.
  const secrets = await startSecretsManager({ dir: join(dir, 'secretsmanager'), host: '127.0.0.1', port: 0 });
  const captchaSecretArn = secretArn('ap-southeast-3', '111111111111', 'warta-test-captcha');
  secrets.deploy([
    { logicalId: 'CaptchaKey', name: 'warta-test-captcha', arn: captchaSecretArn, generate: { length: 64, excludePunctuation: true } },
  ]);

  const table = 'warta-test';
  const uploadsBucket = 'warta-uploads';
  const stateMachineArn = 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:warta';
  const config = {
    ...JSON.parse(readFileSync(new URL(`../../../infra/config/${configFile}`, import.meta.url), 'utf8')),
    webOrigin: 'https://warta.example.test',
    ...overrides,
  };
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${ddbPort}`,
    AWS_ENDPOINT_URL_S3: s3rver.url,
    AWS_ENDPOINT_URL_SFN: `http://127.0.0.1:${fakePort}`,
    AWS_ENDPOINT_URL_SES: `http://127.0.0.1:${fakePort}`,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    CAPTCHA_SECRET_ARN: captchaSecretArn,
    TABLE_NAME: table,
    UPLOADS_BUCKET: uploadsBucket,
    STATE_MACHINE_ARN: stateMachineArn,
    WARTA_CONFIG: JSON.stringify(config),
    WEB_ORIGIN: 'https://warta.example.test',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });

  const ddb = new DynamoDBClient({});
  await createWartaTable(ddb, table);
  for (let i = 0; i < 50; i++) {
    const d = await ddb.send(new DescribeTableCommand({ TableName: table }));
    if (d.Table?.TableStatus === 'ACTIVE' && (d.Table.GlobalSecondaryIndexes ?? []).every((g) => g.IndexStatus === 'ACTIVE')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  ddb.destroy();
  const s3 = new S3Client({ forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: uploadsBucket }));
  s3.destroy();

  return {
    table,
    uploadsBucket,
    stateMachineArn,
    sfnCalls,
    mails,
    spentTokens,
    throttle,
    failStarts,
    failSuccesses,
    async stop() {
      await close(fake);
      await s3rver.close();
      await secrets.close();
      await close(ddbServer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An API Gateway v2 (payload 2.0) event for a handler. */
export function httpEvent(init: {
  method: string;
  path: string;
  body?: unknown;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  sourceIp?: string;
}) {
  return {
    version: '2.0',
    routeKey: `${init.method} ${init.path}`,
    rawPath: init.path,
    rawQueryString: new URLSearchParams(init.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', 'user-agent': 'vitest', ...(init.headers ?? {}) },
    queryStringParameters: init.query,
    pathParameters: init.pathParameters,
    isBase64Encoded: false,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    requestContext: {
      accountId: '111111111111',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      routeKey: `${init.method} ${init.path}`,
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
      http: { method: init.method, path: init.path, protocol: 'HTTP/1.1', sourceIp: init.sourceIp ?? '127.0.0.1', userAgent: 'vitest' },
    },
  } as unknown as import('aws-lambda').APIGatewayProxyEventV2;
}

export function parse(res: { statusCode?: number; body?: string }) {
  return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, any>) : {} };
}

/** The decoded text/html part of a raw MIME mail (quoted-printable or base64). */
export function htmlPart(raw: string): string {
  const start = raw.search(/Content-Type: text\/html/i);
  if (start < 0) return '';
  const section = raw.slice(start);
  const bodyStart = section.search(/\r?\n\r?\n/);
  const rest = section.slice(bodyStart).replace(/^\r?\n\r?\n/, '');
  const body = rest.split(/\r?\n--/)[0] ?? '';
  if (/Content-Transfer-Encoding: base64/i.test(section.slice(0, bodyStart)))
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** Records the address as confirmed, as following a confirmation link does: its submissions then get their number at once. */
export async function confirmSender(email: string): Promise<void> {
  const { markSenderConfirmed } = await import('../../../functions/adapters/confirmation-store.js');
  const now = new Date();
  await markSenderConfirmed(email, now, new Date(now.getTime() + 24 * 3_600_000));
}

/**
 * A release submitted, registered and waiting at its disposition stage, as the state
 * machine would leave it: the token its human-task stage was given, and the stage
 * payload's common fields. Call after `startLocalStores()`.
 */
export async function releaseAtDisposition(title: string, enteredAt = new Date()) {
  const releasesCreate = withSolvedCaptcha((await import('../../../functions/handlers/releases-create.js')).handler);
  const { handler: register } = await import('../../../functions/handlers/register.js');
  const { handler: humanTask } = await import('../../../functions/handlers/human-task.js');
  const submitter = { name: 'Budi', institution: 'Dinas Y', email: 'budi@y.example.go.id' };
  await confirmSender(submitter.email);
  const created = parse(
    await releasesCreate(
      httpEvent({ method: 'POST', path: '/api/releases', body: { newsType: 'kegiatan', title, body: 'Isi', submitter, attachments: [] } }),
    ),
  );
  const id = created.body.id as string;
  const base = { releaseId: id, executionId: `exec-${id}`, enteredAt: enteredAt.toISOString() };
  await register({ ...base, stageId: 'register', kind: 'register' });
  const token = `token-${id}`;
  await humanTask({ ...base, stageId: 'dispose', kind: 'dispose', taskToken: token, round: 1 });
  return { id, token, base };
}
