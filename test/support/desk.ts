/**
 * Signing a test in to the desk as a person of the directory, the way a person does it:
 * ask for the link (POST /api/session/link), take the token from the mail the local SES
 * captured (`<web>/masuk/#<token>`), and exchange it (POST /api/session) for the session
 * cookie; or, in Chromium, open that link and press the button. Requests go to the WEB
 * origin, as the desk pages' relative URLs do (the local web server forwards /api/*).
 *
 *   const kabid = await signIn(cloud, 'kabid.piks@kominfo.example.go.id');
 *   const me = await deskRequest(cloud, 'GET', '/api/desk/me', { session: kabid });
 *   await signInInBrowser(page, cloud, 'audit@inspektorat.example.go.id');   // then page is on /meja
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../functions/domain/desk-session.js';
import { sha256Hex } from '../../functions/domain/ids.js';
import { keys } from '../../functions/domain/keys.js';
import { until } from '../e2e/driver.js';
import type { CapturedMail, TestCloud } from './cloud.js';

export interface DeskSession {
  email: string;
  /** The Cookie header value that carries the session: `warta_meja=<secret>`. */
  cookie: string;
  /** sha256 of the secret: the session's id in the table and in decisions. */
  sessionId: string;
}

export interface DeskAnswer {
  status: number;
  json: any;
  text: string;
  headers: Headers;
}

const TOKEN_IN_MAIL = /\/masuk\/#([A-Za-z0-9_-]{22})/;

/** POST /api/session/link for `email` and the token of the sign-in mail that follows (a fresh one: mails seen before are skipped). */
export async function signInToken(cloud: TestCloud, email: string): Promise<string> {
  const before = new Set((await cloud.mail()).map((m) => m.messageId));
  const asked = await deskRequest(cloud, 'POST', '/api/session/link', { body: { email } });
  if (asked.status !== 202) throw new Error(`asking a sign-in link for ${email}: ${asked.status} ${asked.text}`);
  const mail = await until(`a sign-in mail to ${email}`, async () =>
    (await cloud.mail()).find(
      (m) => !before.has(m.messageId) && m.destination.to.some((to) => to.toLowerCase().includes(email.toLowerCase())) && tokenOf(m),
    ),
  );
  return tokenOf(mail)!;
}

/** Signs `email` in over HTTP and returns the session's cookie. */
export async function signIn(cloud: TestCloud, email: string): Promise<DeskSession> {
  const token = await signInToken(cloud, email);
  const answer = await deskRequest(cloud, 'POST', '/api/session', { body: { token } });
  if (answer.status !== 200) throw new Error(`signing ${email} in: ${answer.status} ${answer.text}`);
  const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const cookie = setCookie?.split(';')[0];
  if (!cookie) throw new Error(`signing ${email} in: no ${SESSION_COOKIE} cookie in the answer`);
  return { email, cookie, sessionId: sha256Hex(cookie.slice(SESSION_COOKIE.length + 1)) };
}

/** A request to the web origin, as a desk page makes it (JSON body, the session's cookie when given). */
export async function deskRequest(
  cloud: TestCloud,
  method: string,
  path: string,
  init: { session?: DeskSession; body?: unknown; headers?: Record<string, string> } = {},
): Promise<DeskAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.session) headers.cookie = init.session.cookie;
  const response = await fetch(`${cloud.endpoints.web}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** Makes the session's 12 hours over now, as if it had been opened yesterday (the stored end time moved back). */
export async function expireSession(cloud: TestCloud, session: DeskSession): Promise<void> {
  const table = cloud.model.tables[0]!.name;
  const ddb = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    }),
  );
  const past = new Date(Date.now() - 60_000);
  await ddb.send(
    new UpdateCommand({
      TableName: table,
      Key: keys.deskSession(session.sessionId),
      UpdateExpression: 'SET endsAt = :past, expiresAt = :epoch',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':past': past.toISOString(), ':epoch': Math.floor(past.getTime() / 1000) },
    }),
  );
  ddb.destroy();
}

/**
 * Signs `email` in within Chromium as a person does: the link from the mail, the button,
 * and the desk opening with their name. Leaves the page on /meja, or on the desk address
 * this page last opened signed out (the sign-in page returns there).
 */
export async function signInInBrowser(page: Page, cloud: TestCloud, email: string): Promise<void> {
  const token = await signInToken(cloud, email);
  await page.goto(`${cloud.endpoints.web}/masuk/#${token}`);
  await page.getByTestId('sign-in-button').click();
  await page.waitForURL(/\/meja(\/|$)/);
  await page.getByTestId('desk-who').waitFor();
}

function tokenOf(mail: CapturedMail): string | undefined {
  return TOKEN_IN_MAIL.exec(mail.body.text ?? mail.body.html ?? '')?.[1];
}
