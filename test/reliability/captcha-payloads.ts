/**
 * Captcha payloads an attacker could bring, made the way the widget makes its own: a
 * challenge signed with a key that is not the office's (forged), one signed with the office's
 * key but past its expiry (as if issued long ago), and a real payload with its work altered.
 */
import { createChallenge, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The widget's payload for a solved challenge. */
export async function payloadOf(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('challenge not solved');
  return Buffer.from(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  ).toString('base64');
}

/** A solved challenge signed with `key`, expiring at `expiresAt`. */
export async function signedPayload(key: string, expiresAt: Date): Promise<string> {
  return payloadOf(
    await createChallenge({ algorithm: 'PBKDF2/SHA-256', cost: 10, counter: 5, deriveKey, hmacSignatureSecret: key, expiresAt }),
  );
}

/** The office's HMAC key, read as the account's administrator from the local Secrets Manager. */
export async function officeCaptchaKey(endpoint: string, secretArn: string): Promise<string> {
  const client = new SecretsManagerClient({ endpoint, region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  return out.SecretString!;
}

/** The same payload with its solution's counter moved: the work no longer matches. */
export function tampered(payload: string): string {
  const p = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as { solution: { counter: number } };
  p.solution.counter += 1;
  return Buffer.from(JSON.stringify(p)).toString('base64');
}
