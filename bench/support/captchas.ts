/**
 * Solved captchas for the load benchmark, made before the load: challenges signed with the
 * office's own key (read from the local Secrets Manager as the account) at the lowest cost,
 * so the load measures the API's own work, not the proof-of-work a browser does before it
 * sends. The server checks each as it checks the widget's: signature, expiry, work, once.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { LOCAL_REGION } from '../../infra/local-cloud/deployer/names.js';
import type { BenchCloud } from './cloud.js';

export async function solvedCaptchas(cloud: BenchCloud, count: number): Promise<() => string> {
  const secretArn = cloud.model.functions.map((f) => f.environment.CAPTCHA_SECRET_ARN).find(Boolean);
  if (!secretArn) throw new Error('no function of the template reads the captcha key');
  const client = new SecretsManagerClient({
    endpoint: cloud.endpoints.secretsmanager,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
  });
  const key = (await client.send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString!;
  client.destroy();
  const expiresAt = new Date(Date.now() + 3600_000);
  const pool: string[] = [];
  for (let i = 0; i < count; i++) {
    const challenge = await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: 1,
      counter: 1,
      deriveKey,
      hmacSignatureSecret: key,
      expiresAt,
    });
    const solution = await solveChallenge({ challenge, deriveKey });
    pool.push(
      Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString(
        'base64',
      ),
    );
  }
  return () => {
    const next = pool.pop();
    if (!next) throw new Error(`the benchmark used its ${count} solved captchas: raise BENCH_API_CAPTCHAS`);
    return next;
  };
}
