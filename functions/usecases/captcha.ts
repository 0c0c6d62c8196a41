/**
 * The proof-of-work captcha of the submission form (ALTCHA, altcha-lib on the server).
 *
 * A challenge is signed with the stack's HMAC key and carries its expiry, so issuing one
 * stores nothing. A solution is the widget's base64 payload {challenge, solution}; it is
 * good once. Checking it (signature, expiry, the work, not yet spent) costs one key
 * derivation and one read, so it comes before anything else a submission costs; spending it
 * is a conditional put keyed by the challenge's signature, made only once the submission
 * has passed its own validation, so a sender who fixes a field resends the same solution.
 * A client that repeats a request with the same Idempotency-Key may repeat the solution too.
 */
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { WartaConfig } from '#domain/config.js';
import { CaptchaRefused } from '#domain/errors.js';
import { keys } from '#domain/keys.js';
import { captchaKey } from '#adapters/captcha-key.js';
import { ddb, isConditionFailed } from '#adapters/clients/dynamodb.js';
import { tableName } from '#adapters/table.js';

export const CAPTCHA_ALGORITHM = 'PBKDF2/SHA-256';
/** A payload is a few hundred bytes; anything much longer is not one. */
const MAX_PAYLOAD_CHARS = 4096;

export async function issueChallenge(settings: WartaConfig['captcha'], now: Date = new Date()): Promise<Challenge> {
  return createChallenge({
    algorithm: CAPTCHA_ALGORITHM,
    cost: settings.cost,
    // The solver counts up from 0 to this secret counter: the work is the counter times the cost.
    counter: randomInt(settings.difficulty, Math.ceil(settings.difficulty / 2)),
    deriveKey,
    hmacSignatureSecret: await captchaKey(),
    expiresAt: new Date(now.getTime() + settings.expiresInMinutes * 60_000),
  });
}

/** A checked solution, not yet spent. */
export interface CaptchaProof {
  signature: string;
  /** Epoch seconds: after this the challenge is refused as expired anyway. */
  expiresAt: number;
}

function decode(altcha: unknown): Payload {
  if (altcha === undefined || altcha === null || altcha === '') throw new CaptchaRefused('captcha.missing');
  if (typeof altcha !== 'string' || altcha.length > MAX_PAYLOAD_CHARS) throw new CaptchaRefused('captcha.invalid');
  try {
    const payload = JSON.parse(Buffer.from(altcha, 'base64').toString('utf8')) as Payload;
    const { challenge, solution } = payload;
    if (
      typeof challenge?.signature !== 'string' ||
      typeof challenge.parameters?.expiresAt !== 'number' ||
      typeof solution?.counter !== 'number' ||
      typeof solution.derivedKey !== 'string'
    ) {
      throw new CaptchaRefused('captcha.invalid');
    }
    return payload;
  } catch {
    throw new CaptchaRefused('captcha.invalid');
  }
}

/** Refuses a missing, forged, expired or spent solution; `spentBy` is who may repeat it (an Idempotency-Key's hash). */
export async function checkSolution(altcha: unknown, spentBy?: string, now: Date = new Date()): Promise<CaptchaProof> {
  const { challenge, solution } = decode(altcha);
  if (challenge.parameters.algorithm !== CAPTCHA_ALGORITHM) throw new CaptchaRefused('captcha.invalid');
  let result: Awaited<ReturnType<typeof verifySolution>>;
  try {
    result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: await captchaKey() });
  } catch {
    // altcha-lib throws on parameters out of range (a hand-made payload).
    throw new CaptchaRefused('captcha.invalid');
  }
  // The signature first: an expiry is only worth reporting on a challenge we made.
  if (result.invalidSignature) throw new CaptchaRefused('captcha.invalid');
  if (result.expired || challenge.parameters.expiresAt! * 1000 <= now.getTime()) throw new CaptchaRefused('captcha.expired');
  if (!result.verified) throw new CaptchaRefused('captcha.invalid');
  const proof = { signature: challenge.signature!, expiresAt: challenge.parameters.expiresAt! };
  const spent = await ddb.get({ TableName: tableName(), Key: keys.spentCaptcha(proof.signature), ConsistentRead: true });
  if (spent.Item && !(spentBy !== undefined && spent.Item.by === spentBy)) throw new CaptchaRefused('captcha.used');
  return proof;
}

/**
 * Marks the solution used. Two requests racing with one solution both pass the check; the
 * condition lets one through. The item lives until the challenge expires (TTL), after which
 * the expiry alone refuses it: DynamoDB deletes expired items only within days, so nothing
 * here relies on the deletion. https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html#Expressions.ConditionExpressions.PreventingOverwrites
 */
export async function spendSolution(proof: CaptchaProof, spentBy?: string): Promise<void> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: { ...keys.spentCaptcha(proof.signature), expiresAt: proof.expiresAt, ...(spentBy !== undefined ? { by: spentBy } : {}) },
      ConditionExpression: spentBy !== undefined ? 'attribute_not_exists(pk) OR #by = :by' : 'attribute_not_exists(pk)',
      ...(spentBy !== undefined ? { ExpressionAttributeNames: { '#by': 'by' }, ExpressionAttributeValues: { ':by': spentBy } } : {}),
    });
  } catch (e) {
    if (isConditionFailed(e)) throw new CaptchaRefused('captcha.used');
    throw e;
  }
}
