import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { confirmSender, httpEvent, parse, startLocalStores, type LocalStores } from './harness.js';

/**
 * The captcha's server half on dynalite and the local Secrets Manager: challenges carry the
 * office's difficulty and expiry, and a spent solution is kept only until its challenge expires.
 */
let stores: LocalStores;
let challengeGet: typeof import('../../../functions/handlers/challenge-get.js').handler;
let releasesCreate: typeof import('../../../functions/handlers/releases-create.js').handler;

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json', { captcha: { difficulty: 40, cost: 7, expiresInMinutes: 3 } });
  // A confirmed sender, so a release that passes the captcha is received at once (201).
  await confirmSender('ani@kominfo.example.go.id');
  challengeGet = (await import('../../../functions/handlers/challenge-get.js')).handler;
  releasesCreate = (await import('../../../functions/handlers/releases-create.js')).handler;
});
afterAll(async () => stores.stop());

const submission = (title: string) => ({
  newsType: 'kegiatan',
  title,
  body: 'Isi rilis.',
  submitter: { name: 'Ani', institution: 'Dinas Kominfo', email: 'ani@kominfo.example.go.id' },
  attachments: [],
});

async function challenge(): Promise<Challenge> {
  return parse(await challengeGet(httpEvent({ method: 'GET', path: '/api/challenge' }))).body as Challenge;
}

describe('GET /api/challenge', () => {
  it('signs a PBKDF2 challenge with the configured cost, expiring after the configured minutes, new each time', async () => {
    // Act
    const before = Math.floor(Date.now() / 1000);
    const [a, b] = [await challenge(), await challenge()];

    // Assert
    expect(a.parameters).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 7 });
    expect(a.parameters.expiresAt! - before).toBeGreaterThanOrEqual(3 * 60 - 1);
    expect(a.parameters.expiresAt! - before).toBeLessThanOrEqual(3 * 60 + 1);
    expect(a.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(b.signature).not.toBe(a.signature);
    // The secret counter lies between half the difficulty and the difficulty.
    const solution = await solveChallenge({ challenge: a, deriveKey });
    expect(solution!.counter).toBeGreaterThanOrEqual(20);
    expect(solution!.counter).toBeLessThanOrEqual(40);
  });
});

describe('POST /api/releases and its captcha', () => {
  it('records a spent solution until its challenge expires (the TTL attribute), and refuses it again', async () => {
    // Prepare
    const c = await challenge();
    const solution = await solveChallenge({ challenge: c, deriveKey });
    const altcha = Buffer.from(JSON.stringify({ challenge: { parameters: c.parameters, signature: c.signature }, solution })).toString(
      'base64',
    );

    // Act
    const first = parse(
      await releasesCreate(httpEvent({ method: 'POST', path: '/api/releases', body: { ...submission('Pertama'), altcha } })),
    );
    const second = parse(
      await releasesCreate(
        httpEvent({
          method: 'POST',
          path: '/api/releases',
          body: { ...submission('Kedua'), altcha },
          headers: { 'accept-language': 'en' },
        }),
      ),
    );
    const ddb = new DynamoDBClient({});
    const spent = await ddb.send(
      new GetItemCommand({
        TableName: stores.table,
        Key: { pk: { S: `CAPTCHA#${c.signature}` }, sk: { S: 'CAPTCHA' } },
        ConsistentRead: true,
      }),
    );
    ddb.destroy();

    // Assert
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(second.status).toBe(400);
    expect(second.body.error).toEqual({
      code: 'captcha',
      message: 'This "I am not a robot" check was already used for another submission. Do the check again and resend.',
    });
    expect(Number(spent.Item?.expiresAt?.N)).toBe(c.parameters.expiresAt);
  });
});
