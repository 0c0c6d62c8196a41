/**
 * The signed-request layer the functions use instead of the AWS SDK
 * (functions/aws/clients/aws-http.ts), against a real HTTP server on 127.0.0.1 that answers
 * as the services do: errors named as the SDK names them, the SDK's retries, endpoints,
 * S3 paths and presigned URLs. The local emulators do not check SigV4 signatures, so the
 * signatures are compared with those the AWS SDK's own signer makes of the same request.
 */
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AwsError, endpointOf } from '../../functions/aws/clients/aws-http.js';
import { ddb, isConditionFailed } from '../../functions/aws/clients/dynamodb.js';
import { isMissing, s3, xmlText } from '../../functions/aws/clients/s3.js';
import { ses } from '../../functions/aws/clients/ses.js';
import { dateOf, sfnCall } from '../../functions/aws/clients/sfn.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Answer = (seen: Seen) => { status: number; headers?: Record<string, string>; body?: string } | 'hang-up';

let server: Server;
let url: string;
let answers: Answer[] = [];
const seen: Seen[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      const answer = (answers.shift() ?? ((): ReturnType<Answer> => ({ status: 200, body: '{}' })))(request);
      if (answer === 'hang-up') return void req.socket.destroy();
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function environment(extra: Record<string, string> = {}) {
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'AKIDWARTA',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_SESSION_TOKEN: 'session-token',
    AWS_ENDPOINT_URL: url,
    AWS_S3_FORCE_PATH_STYLE: 'true',
    AWS_MAX_ATTEMPTS: '3',
    ...extra,
  });
}
afterEach(() => {
  answers = [];
  seen.length = 0;
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe('a signed request', () => {
  it('carries SigV4 headers with the session token, to the endpoint the environment names', async () => {
    // Prepare
    environment();
    // Act
    await ddb.get({ TableName: 'warta', Key: { pk: 'RELEASE#1', sk: 'META' }, ConsistentRead: true });
    // Assert
    const [request] = seen;
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDWARTA\/\d{8}\/ap-southeast-3\/dynamodb\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/);
    expect(request!.headers['x-amz-security-token']).toBe('session-token');
    expect(request!.headers['x-amz-target']).toBe('DynamoDB_20120810.GetItem');
    expect(JSON.parse(request!.body)).toEqual({ TableName: 'warta', Key: { pk: { S: 'RELEASE#1' }, sk: { S: 'META' } }, ConsistentRead: true });
  });

  it('goes to the service-specific endpoint first, and to the regional one without any', () => {
    environment({ AWS_ENDPOINT_URL_SFN: 'http://127.0.0.1:1/' });
    expect(endpointOf('states').href).toBe('http://127.0.0.1:1/');
    expect(endpointOf('dynamodb').href).toBe(`${url}/`);
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_ENDPOINT_URL_SFN;
    expect(endpointOf('ses').href).toBe('https://email.ap-southeast-3.amazonaws.com/');
    expect(endpointOf('s3').href).toBe('https://s3.ap-southeast-3.amazonaws.com/');
  });

  it('refuses to send without credentials, saying which are missing', async () => {
    environment();
    delete process.env.AWS_SECRET_ACCESS_KEY;
    await expect(ddb.get({ TableName: 't', Key: { pk: 'a' } })).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
    expect(seen).toHaveLength(0);
  });
});

describe('errors, named as the SDK names them', () => {
  it("takes a JSON protocol's __type, and SES's x-amzn-ErrorType", async () => {
    // Prepare
    environment({ AWS_MAX_ATTEMPTS: '1' });
    answers = [
      () => ({ status: 400, body: JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException', message: 'The conditional request failed' }) }),
      () => ({ status: 400, headers: { 'x-amzn-ErrorType': 'MessageRejected:http://internal.amazon.com/coral/com.amazonaws.sesv2/' }, body: '{"message":"Email address is not verified."}' }),
    ];
    // Act
    const put = await ddb.put({ TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e: unknown) => e);
    const mail = await ses.sendRawEmail({ raw: Buffer.from('x'), to: ['a@example.go.id'], from: 'b@example.go.id' }).catch((e: unknown) => e);
    // Assert
    expect(isConditionFailed(put)).toBe(true);
    expect(put).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', statusCode: 400, retryable: false });
    expect(mail).toMatchObject({ name: 'MessageRejected', message: 'Email address is not verified.', statusCode: 400 });
  });

  it("takes S3's XML error with its details, names a bodiless 404 NotFound, and sees an error inside a 200", async () => {
    // Prepare
    environment({ AWS_MAX_ATTEMPTS: '1' });
    const invalidPart = '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidPart</Code><Message>One or more of the specified parts could not be found.</Message><PartNumber>3</PartNumber><ETag>&quot;abc&quot;</ETag></Error>';
    answers = [
      () => ({ status: 400, body: invalidPart }),
      () => ({ status: 404 }),
      () => ({ status: 200, body: '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>' }),
    ];
    // Act
    const complete = await s3.completeMultipartUpload('uploads', 'u/1/foto.jpg', 'up-1', [{ partNumber: 3, etag: '"abc"' }]).catch((e: unknown) => e);
    const head = await s3.headObject('uploads', 'nothing-here').catch((e: unknown) => e);
    const copy = await s3.copyObject('archive', 'b', { bucket: 'uploads', key: 'a' }).catch((e: unknown) => e);
    // Assert
    expect(complete).toBeInstanceOf(AwsError);
    expect(complete).toMatchObject({ name: 'InvalidPart', statusCode: 400, details: { PartNumber: '3', ETag: '"abc"' } });
    expect(seen[0]!.body).toBe('<CompleteMultipartUpload><Part><PartNumber>3</PartNumber><ETag>&#34;abc&#34;</ETag></Part></CompleteMultipartUpload>');
    expect(isMissing(head)).toBe(true);
    expect(head).toMatchObject({ name: 'NotFound', statusCode: 404 });
    expect(copy).toMatchObject({ name: 'InternalError', retryable: true });
  });
});

describe("the SDK's standard retries", () => {
  it('retries throttling, a 5xx and a dropped connection, and then succeeds', async () => {
    // Prepare
    environment({ AWS_MAX_ATTEMPTS: '4' });
    answers = [
      () => ({ status: 400, body: '{"__type":"ThrottlingException","message":"Rate exceeded"}' }),
      () => ({ status: 503, body: '' }),
      () => 'hang-up',
      () => ({ status: 200, body: '{"executionArn":"arn:aws:states:ap-southeast-3:1:execution:m:r1","startDate":1779411600.5}' }),
    ];
    // Act
    const out = await sfnCall<{ executionArn: string; startDate: number }>('StartExecution', { stateMachineArn: 'arn:m', name: 'r1', input: '{}' });
    // Assert
    expect(seen).toHaveLength(4);
    expect(seen.every((s) => s.headers['x-amz-target'] === 'AWSStepFunctions.StartExecution')).toBe(true);
    expect(out.executionArn).toMatch(/:execution:m:r1$/);
    expect(dateOf(out.startDate)!.toISOString()).toBe('2026-05-22T01:00:00.500Z');
  });

  it('gives up after AWS_MAX_ATTEMPTS, with the last error', async () => {
    environment({ AWS_MAX_ATTEMPTS: '2' });
    answers = [() => ({ status: 500, body: '{"__type":"InternalServerError"}' }), () => ({ status: 500, body: '{"__type":"InternalServerError"}' })];
    await expect(ddb.query({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'a' } })).rejects.toMatchObject({ name: 'InternalServerError', retryable: true, attempts: 2 });
    expect(seen).toHaveLength(2);
  });

  it('says how many times a request went out, so a refusal after a lost answer can be told apart', async () => {
    // Prepare: the first put's answer is lost; its retry is refused by the condition.
    environment();
    answers = [() => 'hang-up', () => ({ status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}' })];
    // Act
    const refused = await ddb.put({ TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e: unknown) => e);
    answers = [() => ({ status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"}' })];
    const refusedAtOnce = await ddb.put({ TableName: 't', Item: { pk: 'a' }, ConditionExpression: 'attribute_not_exists(pk)' }).catch((e: unknown) => e);
    // Assert
    expect(isConditionFailed(refused)).toBe(true);
    expect((refused as AwsError).attempts).toBe(2);
    expect((refusedAtOnce as AwsError).attempts).toBe(1);
  });

  it('never retries a refusal', async () => {
    environment();
    answers = [() => ({ status: 400, body: '{"__type":"com.amazonaws.dynamodb.v20120810#ValidationException","message":"bad"}' })];
    await expect(ddb.delete({ TableName: 't', Key: { pk: 'a' } })).rejects.toMatchObject({ name: 'ValidationException', attempts: 1 });
    expect(seen).toHaveLength(1);
  });
});

describe('DynamoDB items as plain objects', () => {
  it('marshals keys, items and values (undefined left out), and unmarshals what comes back', async () => {
    // Prepare
    environment();
    answers = [
      () => ({ status: 200, body: '{}' }),
      () => ({ status: 200, body: JSON.stringify({ Items: [{ pk: { S: 'a' }, n: { N: '2' }, tags: { L: [{ S: 'x' }] }, ok: { BOOL: true }, none: { NULL: true } }], Count: 1, LastEvaluatedKey: { pk: { S: 'a' } } }) }),
    ];
    // Act
    await ddb.put({ TableName: 't', Item: { pk: 'a', n: 1, gone: undefined, nested: { list: [1, 'b'] } } });
    const page = await ddb.query({ TableName: 't', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': 'a' }, ExclusiveStartKey: { pk: 'z' } });
    // Assert
    expect(JSON.parse(seen[0]!.body).Item).toEqual({ pk: { S: 'a' }, n: { N: '1' }, nested: { M: { list: { L: [{ N: '1' }, { S: 'b' }] } } } });
    expect(JSON.parse(seen[1]!.body)).toMatchObject({ ExpressionAttributeValues: { ':p': { S: 'a' } }, ExclusiveStartKey: { pk: { S: 'z' } } });
    expect(page).toEqual({ Items: [{ pk: 'a', n: 2, tags: ['x'], ok: true, none: null }], Count: 1, LastEvaluatedKey: { pk: 'a' } });
  });
});

describe('S3 addresses', () => {
  it('puts the bucket in the host by default and in the path when forced, the key encoded per segment', async () => {
    environment({ AWS_S3_FORCE_PATH_STYLE: 'false', AWS_ENDPOINT_URL: 'https://s3.example.test' });
    const virtual = new URL(s3.presign('GET', 'warta-archive', 'arsip/2026/foto (1)+ü.jpg', 300));
    environment();
    const path = new URL(s3.presign('PUT', 'warta-uploads', 'u/x y.jpg', 900, { partNumber: '2', uploadId: 'abc/def' }));

    expect(virtual.host).toBe('warta-archive.s3.example.test');
    expect(virtual.pathname).toBe('/arsip/2026/foto%20%281%29%2B%C3%BC.jpg');
    expect(virtual.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(virtual.searchParams.get('X-Amz-Security-Token')).toBe('session-token');
    expect(path.pathname).toBe('/warta-uploads/u/x%20y.jpg');
    expect(path.searchParams.get('partNumber')).toBe('2');
    expect(path.searchParams.get('uploadId')).toBe('abc/def');
    expect(path.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the few fields Warta needs from flat XML, entities decoded', () => {
    expect(xmlText('<InitiateMultipartUploadResult><UploadId>a&amp;b&#47;c</UploadId></InitiateMultipartUploadResult>', 'UploadId')).toBe('a&b/c');
    expect(xmlText('<x/>', 'UploadId')).toBeUndefined();
  });

  it('sends a PUT with its type and cache control, and a raw mail base64-encoded', async () => {
    environment();
    answers = [() => ({ status: 200 }), () => ({ status: 200, body: '{"MessageId":"m-1"}' })];

    await s3.putObject('site', 'berita/index.html', '<h1>Berita</h1>', { contentType: 'text/html; charset=utf-8', cacheControl: 'public, max-age=300' });
    const messageId = await ses.sendRawEmail({ raw: Buffer.from('Subject: x\r\n\r\nhalo'), to: ['a@example.go.id'], from: 'humas@example.go.id', configurationSet: 'warta' });

    expect(seen[0]).toMatchObject({ method: 'PUT', url: '/site/berita/index.html', body: '<h1>Berita</h1>' });
    expect(seen[0]!.headers).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=300' });
    expect(seen[0]!.headers['x-amz-content-sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(messageId).toBe('m-1');
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/v2/email/outbound-emails' });
    // SES v2 signs as "ses" (its endpoint is email.<region>), as the SDK's client does.
    expect(seen[1]!.headers.authorization).toMatch(/Credential=AKIDWARTA\/\d{8}\/ap-southeast-3\/ses\/aws4_request/);
    expect(JSON.parse(seen[1]!.body)).toEqual({
      Content: { Raw: { Data: Buffer.from('Subject: x\r\n\r\nhalo').toString('base64') } },
      Destination: { ToAddresses: ['a@example.go.id'] },
      FromEmailAddress: 'humas@example.go.id',
      ConfigurationSetName: 'warta',
    });
  });
});

/** SHA-256 and HMAC-SHA256 as the SDK's signer takes them. */
class Sha256 {
  private readonly hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', Buffer.from(secret as Uint8Array)) : createHash('sha256');
  }
  update(data: SourceData) {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
}

describe('signatures, as the AWS SDK signs the same request', () => {
  const credentials = { accessKeyId: 'AKIDWARTA', secretAccessKey: 'secret', sessionToken: 'session-token' };
  afterEach(() => vi.useRealTimers());

  // Each with the signing name the SDK's own client of that service uses.
  it.each([
    ['DynamoDB', 'dynamodb', () => ddb.update({ TableName: 'warta', Key: { pk: 'SEQ#2026' }, UpdateExpression: 'ADD n :one', ExpressionAttributeValues: { ':one': 1 } })],
    ['Step Functions', 'states', () => sfnCall('SendTaskSuccess', { taskToken: 't', output: '{}' })],
    ['SES v2', 'ses', () => ses.sendRawEmail({ raw: Buffer.from('Subject: x\r\n\r\nhalo'), to: ['a@example.go.id'], from: 'humas@example.go.id' })],
  ] as const)('signs a %s call byte for byte as SignatureV4 does', async (_name, signingName, call) => {
    // Prepare
    environment();
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-22T10:00:00Z') });
    // Act
    await call();
    // Assert
    const [request] = seen;
    const { port } = new URL(url);
    // The same headers as ours signed (the SDK signs all it is given).
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(request!.headers.authorization))![1]!.split(';');
    expect(signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'x-amz-security-token']));
    const headers = Object.fromEntries(signedHeaders.map((h) => [h, String(request!.headers[h])]));
    const reference = await new SignatureV4({ service: signingName, region: 'ap-southeast-3', credentials, sha256: Sha256, applyChecksum: false }).sign(
      { method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: Number(port), path: request!.url, query: {}, headers, body: request!.body },
      { signingDate: new Date('2026-11-22T10:00:00Z') },
    );
    expect(request!.headers.authorization).toBe(reference.headers.authorization);
  });

  it('presigns an S3 part upload as SignatureV4 presigns it', async () => {
    // Prepare
    environment({ AWS_ENDPOINT_URL: 'https://s3.ap-southeast-3.amazonaws.com', AWS_S3_FORCE_PATH_STYLE: 'false' });
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-22T10:00:00Z') });
    // Act
    const ours = new URL(s3.presign('PUT', 'warta-uploads', 'u/rilis 1/foto (1).jpg', 900, { partNumber: '2', uploadId: 'a/b+c' }));
    // Assert
    const host = 'warta-uploads.s3.ap-southeast-3.amazonaws.com';
    const reference = await new SignatureV4({ service: 's3', region: 'ap-southeast-3', credentials, sha256: Sha256, uriEscapePath: false }).presign(
      { method: 'PUT', protocol: 'https:', hostname: host, path: ours.pathname, query: { partNumber: '2', uploadId: 'a/b+c' }, headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      // As the SDK's S3 presigner: the payload is UNSIGNED-PAYLOAD, and that header is neither signed nor put in the query.
      { expiresIn: 900, signingDate: new Date('2026-11-22T10:00:00Z'), unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256']) },
    );
    expect(ours.host).toBe(host);
    expect(ours.searchParams.get('X-Amz-Signature')).toBe(reference.query?.['X-Amz-Signature']);
    expect(ours.searchParams.get('X-Amz-Credential')).toBe(reference.query?.['X-Amz-Credential']);
  });
});

/** A self-signed certificate for 127.0.0.1 (valid until 2126), for the https path only. */
const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBjzCCATagAwIBAgIUXTVNQ6xEuuybPHnm/2nNiDlgsT0wCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMjEwMzMxMloYDzIxMjYxMDI5
MTAzMzEyWjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARotLfos7keaZqQB0QU+Q2dCtFni5A+OZ7xnF7ePfnjIeTlQus3bml7
tKlRoKHB61RYOQnckVEIYTNVwZCBSkpGo2QwYjAdBgNVHQ4EFgQU03N0LUVyJrKn
92YSNFQ48cS0S1gwHwYDVR0jBBgwFoAU03N0LUVyJrKn92YSNFQ48cS0S1gwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC
IA0eY8C7pa67g6lQoyu6bg80RHSPsDNz4snbeFXZnBXxAiBvHa6VZjxbmPlFy159
7izzqA6A2HtrG25xJdR4Nn+/vQ==
-----END CERTIFICATE-----`;
const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgCTdIg4jBDtCrWVUT
c2xiWtUaqcNZdBoxBLdwnhj/3mOhRANCAARotLfos7keaZqQB0QU+Q2dCtFni5A+
OZ7xnF7ePfnjIeTlQus3bml7tKlRoKHB61RYOQnckVEIYTNVwZCBSkpG
-----END PRIVATE KEY-----`;

describe('over https, as on AWS', () => {
  it('loads TLS with the first https call and keeps the connection for the next', async () => {
    // Prepare
    const sockets = new Set<unknown>();
    const tls = createTlsServer({ cert: TEST_CERT, key: TEST_KEY }, (req, res) => {
      sockets.add(req.socket);
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ Item: { pk: { S: 'a' } } })));
    });
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    environment({ AWS_ENDPOINT_URL: `https://127.0.0.1:${(tls.address() as AddressInfo).port}` });
    // The certificate is self-signed: only this test's connections skip its check.
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      // Act
      const first = await ddb.get({ TableName: 't', Key: { pk: 'a' } });
      const second = await ddb.get({ TableName: 't', Key: { pk: 'a' } });
      // Assert
      expect(first.Item).toEqual({ pk: 'a' });
      expect(second.Item).toEqual({ pk: 'a' });
      expect(sockets.size).toBe(1);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((r) => tls.close(() => r()));
    }
  });
});
