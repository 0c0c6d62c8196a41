import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { closeServer, type Emulator, urlOf } from './dynamodb.js';

/**
 * SES: aws-ses-v2-local in this process. Its page at `/` is the local mailbox (approvers
 * click their links there) and `/store` lists the captured mail as JSON. It keeps mail in
 * memory, so this module appends each mail as one JSON line to `dir/emails.jsonl` (one
 * write per mail, however full the mailbox) and restores them at start: the mailbox
 * survives a restart like the rest of `.warta/`. The store is one per Node
 * process (a module singleton of aws-ses-v2-local): one local cloud per process.
 */

const require = createRequire(import.meta.url);
const startServer = (require('aws-ses-v2-local') as { default: (config: { host: string; port: number }) => Promise<Server> }).default;
const store = require('aws-ses-v2-local/dist/store.js') as {
  getStoreReadonly(): { emails: unknown[] };
  clearStore(): void;
};

const SAVE_EVERY_MS = 500;

export interface SesEmulator extends Emulator {
  /** Called with each mail sent from now on (checked twice a second, with the save). */
  onSent(listener: (mail: unknown) => void): void;
  /** How many send calls the throttling switch refused so far. */
  throttled(): number;
}

export interface SesOptions {
  dir: string;
  host: string;
  port: number;
  /**
   * Share (0..1) of send calls refused as SES refuses them past the account's sending rate
   * (SendRawEmail: `Throttling`, "Maximum sending rate exceeded."): a test switch for the
   * reliability suite, never on AWS.
   */
  throttleRate?: number;
}

/**
 * A send: SES v1's SendRawEmail, the one call Warta's functions make (functions/adapters/mailer.ts),
 * or SendEmail (the emulator's only calls at POST /, its Query API), or SES v2's SendEmail.
 */
const isV1Send = (request: IncomingMessage) => request.method === 'POST' && /^\/?(\?|$)/.test(request.url ?? '');
const isV2Send = (request: IncomingMessage) =>
  request.method === 'POST' && /^\/v2\/email\/outbound-emails\/?(\?|$)/.test(request.url ?? '');
const isSend = (request: IncomingMessage) => isV1Send(request) || isV2Send(request);

/**
 * The throttling answer in each API's own form: the Query API's XML error `Throttling`
 * (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html), SES v2's
 * 429 TooManyRequestsException.
 */
function refuseAsThrottled(request: IncomingMessage, response: ServerResponse): void {
  const message = 'Maximum sending rate exceeded.';
  if (isV1Send(request)) {
    response.writeHead(400, { 'content-type': 'text/xml' });
    response.end(
      `<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error><Type>Sender</Type><Code>Throttling</Code><Message>${message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
    );
    return;
  }
  response.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
  response.end(JSON.stringify({ message }));
}

export async function startSes(options: SesOptions): Promise<SesEmulator> {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, 'emails.jsonl');
  store.clearStore();
  store.getStoreReadonly().emails.push(...restore(file, join(options.dir, 'emails.json')));

  let saved = store.getStoreReadonly().emails.length;
  const listeners: Array<(mail: unknown) => void> = [];
  const save = () => {
    const emails = store.getStoreReadonly().emails;
    if (emails.length === saved) return;
    const fresh = emails.slice(saved);
    for (const mail of fresh) for (const listener of listeners) listener(mail);
    appendFileSync(file, fresh.map((mail) => `${JSON.stringify(mail)}\n`).join(''));
    saved = emails.length;
  };
  const timer = setInterval(save, SAVE_EVERY_MS).unref();

  const server = await startServer({ host: options.host, port: options.port });
  // Its listen callback also runs on failure (Express 5), so check that it really listens.
  if (!server.listening) {
    clearInterval(timer);
    throw new Error(`The SES emulator could not listen on ${options.host}:${options.port} (port in use?)`);
  }
  let throttled = 0;
  const app = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (isSend(request)) {
      if (options.throttleRate && Math.random() < options.throttleRate) {
        throttled++;
        request.resume();
        refuseAsThrottled(request, response);
        return;
      }
      // A sent mail is on disk as soon as its answer is out: a process killed right after
      // (the reliability suite does) must not lose mail the function saw as sent.
      response.once('finish', save);
    }
    for (const listener of app) listener.call(server, request, response);
  });
  return {
    url: urlOf(server),
    onSent: (listener) => listeners.push(listener),
    throttled: () => throttled,
    async close() {
      clearInterval(timer);
      save();
      await closeServer(server);
    },
  };
}

/**
 * The saved mail; a line cut short by a kill mid-write is dropped (and cut from the file).
 * A data dir from before keeps its mailbox: its one-array `emails.json` is carried over.
 */
function restore(file: string, earlierFile: string): unknown[] {
  if (!existsSync(file) && existsSync(earlierFile)) {
    const earlier = JSON.parse(readFileSync(earlierFile, 'utf8')) as unknown[];
    appendFileSync(file, earlier.map((mail) => `${JSON.stringify(mail)}\n`).join(''));
    rmSync(earlierFile);
  }
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
  return text
    .slice(0, complete)
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as unknown);
}
