/**
 * Signed HTTP requests to AWS: the one way Warta's functions reach DynamoDB, S3, Step
 * Functions and SES. Each service module beside this one (dynamodb.ts, s3.ts, sfn.ts,
 * ses.ts) speaks its service's wire protocol over `awsRequest`.
 *
 * Why not the AWS SDK v3: a function's cold start is its users' wait (the API) and its
 * bill, and loading the SDK's clients from the runtime took 80-120 ms on its own, 2-4x an
 * empty handler's whole cold start (`npm run bench:lambda`), while bundling them in adds
 * 200-300 kB to each function. Warta makes about twenty distinct calls, all long-stable;
 * SigV4 signing is aws4's (a small, well-used library) and the rest is a request and its
 * JSON or XML. The SDK stays where start-up does not matter: tests, benchmarks and the
 * local cloud's deployer.
 *
 * What it keeps of the SDK's behaviour, so callers and the state machine see the same:
 * - credentials from the environment (what Lambda gives every function: AWS_ACCESS_KEY_ID,
 *   AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) and the region from AWS_REGION;
 * - endpoints from AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL (how the local cloud
 *   and the tests point a function at their emulators), else the service's regional one;
 * - errors named by the service's error code (`ConditionalCheckFailedException`,
 *   `NoSuchKey`, `NotFound` for a bodiless 404), with the HTTP status and a `retryable` flag;
 * - the SDK's "standard" retries: AWS_MAX_ATTEMPTS attempts in all (3 unless set), with
 *   full-jitter exponential backoff, for throttling, 5xx and dropped connections.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type https from 'node:https';
import aws4 from 'aws4';

/**
 * The services Warta calls, by SigV4 signing name: the name in a signature's credential
 * scope, which is not always the endpoint's (SES v2 signs as "ses" at email.<region>).
 */
export type Service = 'dynamodb' | 's3' | 'states' | 'ses';

/** The SDK's names for the endpoint variables (AWS_ENDPOINT_URL_<id>), and the regional hosts. */
const SERVICE_ENDPOINT: Record<Service, { envId: string; host: (region: string) => string }> = {
  dynamodb: { envId: 'DYNAMODB', host: (r) => `dynamodb.${r}.amazonaws.com` },
  s3: { envId: 'S3', host: (r) => `s3.${r}.amazonaws.com` },
  states: { envId: 'SFN', host: (r) => `states.${r}.amazonaws.com` },
  ses: { envId: 'SESV2', host: (r) => `email.${r}.amazonaws.com` },
};

export interface AwsRequest {
  service: Service;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'HEAD';
  /** The path, already percent-encoded, without the query. */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** For S3's virtual-hosted buckets: prefixed to the endpoint's host. */
  hostPrefix?: string;
}

export interface AwsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A refusal or failure of an AWS call, named as the SDK names it. */
export class AwsError extends Error {
  readonly statusCode: number | undefined;
  readonly retryable: boolean;
  /** The service's other error details (e.g. S3's PartNumber for InvalidPart). */
  readonly details: Record<string, string>;
  /**
   * How many times the request was sent (the SDK's `$metadata.attempts`). Above 1, an
   * earlier attempt may have taken effect though its answer was lost: a conditional write
   * refused then may have been refused because of that very attempt.
   */
  attempts = 1;

  constructor(name: string, message: string, statusCode?: number, details: Record<string, string> = {}) {
    super(message || name);
    this.name = name;
    this.statusCode = statusCode;
    this.details = details;
    this.retryable = isRetryable(name, statusCode);
  }
}

/** Error codes the SDK's standard mode retries whatever their HTTP status. */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
/** Connection failures (Node's codes) and timeouts: the request may not have arrived. */
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'TimeoutError', 'RequestTimeout']);

function isRetryable(name: string, status: number | undefined): boolean {
  if (THROTTLING.has(name) || TRANSIENT_NETWORK.has(name)) return true;
  return status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** One request's time limit without a byte moving (the SDK sets none; a hung socket would hold a stage to its timeout). */
const SOCKET_IDLE_MS = 60_000;
const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
let secure: Promise<{ request: typeof https.request; agent: https.Agent }> | undefined;

/**
 * node:https (and TLS under it) is loaded with the first https call, not with the module:
 * the local cloud and the tests speak plain http to their emulators.
 */
function secureTransport() {
  secure ??= import('node:https').then(({ default: https }) => ({ request: https.request, agent: new https.Agent({ keepAlive: true, maxSockets: 64 }) }));
  return secure;
}

export function region(): string {
  const value = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!value) throw new AwsError('MissingRegion', 'AWS_REGION is not set');
  return value;
}

function credentials(): aws4.Credentials {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) throw new AwsError('CredentialsProviderError', 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set');
  const sessionToken = process.env.AWS_SESSION_TOKEN;
  return sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey };
}

/** Where a service is reached: its AWS_ENDPOINT_URL_* or AWS_ENDPOINT_URL, else its regional endpoint. */
export function endpointOf(service: Service): URL {
  const { envId, host } = SERVICE_ENDPOINT[service];
  const configured = process.env[`AWS_ENDPOINT_URL_${envId}`] || process.env.AWS_ENDPOINT_URL;
  return new URL(configured || `https://${host(region())}`);
}

function queryString(query: Record<string, string> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query).map(([k, v]) => `${encodeRfc3986(k)}=${encodeRfc3986(v)}`);
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** Percent-encoding as SigV4 canonicalises it (encodeURIComponent leaves !'()* as they are). */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The request as aws4 signs it: host (with a non-default port), path with query, headers. */
function signed(req: AwsRequest, signQuery: boolean) {
  const endpoint = endpointOf(req.service);
  const host = `${req.hostPrefix ?? ''}${endpoint.host}`;
  const basePath = endpoint.pathname.replace(/\/+$/, '');
  const options: aws4.Request = {
    host,
    method: req.method,
    path: `${basePath}${req.path}${queryString(req.query)}`,
    service: req.service,
    region: region(),
    headers: { Host: host, ...req.headers },
    ...(req.body !== undefined && !signQuery ? { body: req.body } : {}),
    ...(signQuery ? { signQuery: true } : {}),
  };
  aws4.sign(options, credentials());
  return { endpoint, options };
}

/** A presigned URL (SigV4 in the query) for a browser or a mail scanner-proof link. */
export function presignedUrl(req: AwsRequest): string {
  const { endpoint, options } = signed(req, true);
  return `${endpoint.protocol}//${options.host}${options.path}`;
}

async function send(req: AwsRequest): Promise<IncomingMessage> {
  const { endpoint, options } = signed(req, false);
  const isSecure = endpoint.protocol === 'https:';
  const transport = isSecure ? await secureTransport() : { request: http.request, agent: httpAgent };
  return new Promise((resolve, reject) => {
    const outgoing = transport.request(
      {
        protocol: endpoint.protocol,
        hostname: `${req.hostPrefix ?? ''}${endpoint.hostname}`.replace(/^\[|\]$/g, ''),
        port: endpoint.port || (isSecure ? 443 : 80),
        method: options.method,
        path: options.path,
        headers: options.headers,
        agent: transport.agent,
      },
      resolve,
    );
    outgoing.setTimeout(SOCKET_IDLE_MS, () => outgoing.destroy(new AwsError('TimeoutError', `no answer from ${req.service} in ${SOCKET_IDLE_MS / 1000} s`)));
    outgoing.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof AwsError ? e : new AwsError(e.code ?? e.name, e.message)));
    outgoing.end(options.body);
  });
}

export async function readBody(res: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** How a service puts its error into a response; each service module passes its own. */
export type ErrorReader = (res: AwsResponse) => AwsError;

const maxAttempts = () => {
  const n = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(n) && n > 0 ? n : 3;
};

/** Full jitter on an exponential cap, as the SDK's standard mode: 100 ms base, 20 s cap. */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(20_000, 100 * 2 ** attempt)));

/**
 * Sends a request, retrying what may pass, and returns the response with its body read; a
 * refusal (status 300 and above) throws the AwsError `readError` makes of it. With
 * `stream`, the body of a success is left unread for the caller (a large object).
 */
export async function awsRequest(req: AwsRequest, readError: ErrorReader): Promise<AwsResponse>;
export async function awsRequest(req: AwsRequest, readError: ErrorReader, stream: true): Promise<IncomingMessage>;
export async function awsRequest(req: AwsRequest, readError: ErrorReader, stream = false): Promise<AwsResponse | IncomingMessage> {
  const attempts = maxAttempts();
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await send(req);
      const status = res.statusCode ?? 0;
      if (status < 300 && stream) return res;
      const answer = { status, headers: res.headers, body: await readBody(res) };
      if (status < 300) return answer;
      throw readError(answer);
    } catch (e) {
      const error = e instanceof AwsError ? e : new AwsError((e as Error).name, (e as Error).message);
      error.attempts = attempt;
      if (!error.retryable || attempt >= attempts) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * A call of an AWS JSON 1.0 protocol (DynamoDB, Step Functions): a POST to `/` naming the
 * operation in X-Amz-Target (`<target prefix>.<operation>`), the input and output JSON.
 */
export async function jsonCall<T>(service: Service, target: string, input: object): Promise<T> {
  const res = await awsRequest(
    { service, method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': target }, body: JSON.stringify(input) },
    jsonError,
  );
  return JSON.parse(res.body.toString('utf8') || '{}') as T;
}

/** The error of a JSON protocol (DynamoDB, Step Functions, SES v2): `__type`/`code`, or x-amzn-ErrorType. */
export const jsonError: ErrorReader = ({ status, headers, body }) => {
  let parsed: Record<string, unknown> = {};
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
  } catch {
    // A proxy's HTML page: named by its status below.
  }
  const header = String(headers['x-amzn-errortype'] ?? '');
  const raw = String(parsed.__type ?? parsed.code ?? header ?? '');
  // "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException", "TooManyRequestsException:http://…"
  const name = raw.split('#').pop()!.split(':')[0]! || statusName(status);
  const message = String(parsed.message ?? parsed.Message ?? '');
  return new AwsError(name, message, status);
};

/** The SDK's names for a refusal without a body (S3's HEAD). */
export function statusName(status: number): string {
  return ({ 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 412: 'PreconditionFailed', 429: 'TooManyRequestsException' } as Record<number, string>)[status] ?? `Http${status}`;
}
