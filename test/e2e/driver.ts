/**
 * Drives Warta the way its people do, over HTTP only: a submitter uploads and submits,
 * approvers find their links in the local SES mailbox and act on them. Waiting is by
 * polling for the awaited mail or state with a deadline, never a fixed sleep.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

export interface Endpoints {
  web: string;
  api: string;
  mailbox: string;
  stepfunctions: string;
  s3: string;
  dynamodb: string;
  ses: string;
}

export interface Mail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType?: string }[];
  at: number;
}

export const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/media/${name}`, import.meta.url)));

export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 500)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** An API answer as the tests read it: status, headers, the text, and its JSON when it is JSON. */
export async function answerOf(res: Response) {
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text, headers: res.headers };
}

export class Driver {
  constructor(readonly endpoints: Endpoints) {}

  async api(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
    const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
    const body = method === 'POST' && path === '/api/releases' ? await this.withCaptcha(init.body) : init.body;
    const res = await fetch(`${this.endpoints.api}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...init.headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answerOf(res);
  }

  /**
   * A submission as the form sends it: with the widget's payload for a challenge solved here
   * with altcha-lib. A body that names `altcha` itself (a hostile test) is sent as it is.
   */
  async withCaptcha(body: unknown): Promise<unknown> {
    if (typeof body !== 'object' || body === null || 'altcha' in body) return body;
    const challenge = (await (await fetch(`${this.endpoints.api}/api/challenge`)).json()) as Challenge;
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('the captcha challenge was not solved in time');
    const payload = { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
    return { ...body, altcha: Buffer.from(JSON.stringify(payload)).toString('base64') };
  }

  /** Upload through the presigned URL(s) and complete it, as the web form does. */
  async upload(filename: string, contentType: string, bytes: Buffer): Promise<string> {
    const created = await this.api('/api/uploads', { body: { filename, contentType, size: bytes.length } });
    if (created.status !== 201) throw new Error(`upload refused: ${created.status} ${created.text}`);
    const { uploadId, partSize, parts } = created.json as {
      uploadId: string;
      partSize: number;
      parts: { partNumber: number; url: string }[];
    };
    const done: { partNumber: number; etag: string }[] = [];
    for (const part of parts) {
      const slice = bytes.subarray((part.partNumber - 1) * partSize, part.partNumber * partSize);
      const put = await fetch(part.url, {
        method: 'PUT',
        body: new Uint8Array(slice),
        headers: parts.length === 1 ? { 'content-type': contentType } : {},
      });
      if (!put.ok) throw new Error(`PUT part ${part.partNumber} failed: ${put.status} ${await put.text()}`);
      done.push({ partNumber: part.partNumber, etag: put.headers.get('etag') ?? '' });
    }
    const completed = await this.api(`/api/uploads/${uploadId}/complete`, { body: { parts: done } });
    if (completed.status !== 200) throw new Error(`complete refused: ${completed.status} ${completed.text}`);
    return uploadId;
  }

  async mails(): Promise<Mail[]> {
    const res = await fetch(new URL('/store', this.endpoints.mailbox));
    return ((await res.json()) as { emails: Mail[] }).emails;
  }

  /** Waits for a mail to `to` whose subject or text matches, and not one already seen. */
  async mailTo(to: string, match: RegExp, seen: Set<string> = new Set()): Promise<Mail> {
    return until(`mail to ${to} matching ${match}`, async () =>
      (await this.mails()).find(
        (m) =>
          !seen.has(m.messageId) &&
          m.destination.to.some((t) => t.toLowerCase().includes(to.toLowerCase())) &&
          (match.test(m.subject) || match.test(m.body.text ?? '')),
      ),
    );
  }

  /** The task page's own call: the link id in a header, never in the URL (`GET` without a body, `POST` with one). */
  async task(linkId: string, body?: unknown) {
    return this.api('/api/task', { body, headers: { 'x-warta-link': linkId } });
  }

  /** The task link id of a mail (`<web>/t/#<linkId>`, or `/t/<linkId>` as mailed before). */
  linkOf(mail: Mail): string {
    const m = /\/t\/#?([A-Za-z0-9_-]{16,})/.exec(mail.body.text ?? mail.body.html ?? '');
    if (!m) throw new Error(`no task link in mail "${mail.subject}"`);
    return m[1]!;
  }

  /** The sender opens the confirmation mail that followed a 202 and confirms, as the `/k/` page does. */
  async confirmFromMail(to: string, seen: Set<string> = new Set()) {
    const mail = await this.mailTo(to, /\/k\/#/, seen);
    seen.add(mail.messageId);
    const token = /\/k\/#([A-Za-z0-9_-]{22})/.exec(mail.body.text ?? '')?.[1];
    if (!token) throw new Error(`no confirmation link in mail "${mail.subject}"`);
    return this.api(`/api/confirmations/${token}`, { body: {} });
  }

  /**
   * A submission that reaches the agenda book: received at once (201) from a confirmed
   * sender, or held (202) until the sender confirms from the mail. Throws on anything else.
   */
  async receive<B extends { submitter: { email: string } }>(
    body: B,
  ): Promise<{ id: string; statusKey: string; agendaNumber: string; statusUrl: string }> {
    const created = await this.api('/api/releases', { body });
    if (created.status === 201) return created.json as { id: string; statusKey: string; agendaNumber: string; statusUrl: string };
    if (created.status !== 202) throw new Error(`submission answered ${created.status}: ${created.text}`);
    const { statusKey } = created.json as { statusKey: string };
    const confirmed = await this.confirmFromMail(body.submitter.email);
    if (confirmed.status !== 200) throw new Error(`confirmation answered ${confirmed.status}: ${confirmed.text}`);
    return { ...(confirmed.json as { id: string; agendaNumber: string; statusUrl: string }), statusKey };
  }

  /** A mail's subject or text names the release by its agenda number. */
  static about(agendaNumber: string): RegExp {
    return new RegExp(agendaNumber.replace(/[/.]/g, (c) => `\\${c}`));
  }

  /** The person opens the newest unseen mail about this release, looks at the task, then acts. */
  async act(to: string, agendaNumber: string, body: Record<string, unknown>, seen: Set<string>) {
    const mail = await this.mailTo(to, Driver.about(agendaNumber), seen);
    seen.add(mail.messageId);
    const link = this.linkOf(mail);
    const shown = await this.task(link);
    if (shown.status !== 200) throw new Error(`task page for ${to}: ${shown.status} ${shown.text}`);
    const acted = await this.task(link, body);
    if (acted.status !== 200) throw new Error(`acting as ${to}: ${acted.status} ${acted.text}`);
    return { link, shown: shown.json, acted: acted.json };
  }

  async release(id: string, key: string) {
    return this.api(`/api/releases/${id}`, { headers: { 'x-warta-status-key': key } });
  }

  async untilStatus(id: string, key: string, statuses: string[]) {
    return until(
      `release ${id} to reach ${statuses.join('/')}`,
      async () => {
        const r = await this.release(id, key);
        return statuses.includes(r.json?.status) ? r.json : undefined;
      },
      90_000,
    );
  }
}
