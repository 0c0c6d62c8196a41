/**
 * The HMAC key that signs captcha challenges: a secret the stack generates in Secrets
 * Manager (infra/cdk/constructs/captcha.ts), read once per container. A key in the code or
 * the template would let anyone who reads them sign their own challenges.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { ENV } from '#contract/handlers.js';
import { secrets } from './clients/secrets.js';
import { env } from '#runtime/env.js';

let key: Promise<string> | undefined;

export function captchaKey(): Promise<string> {
  key ??= secrets.send(new GetSecretValueCommand({ SecretId: env(ENV.captchaSecretArn) })).then((out) => {
    if (!out.SecretString) throw new Error(`the captcha secret ${env(ENV.captchaSecretArn)} has no string value`);
    return out.SecretString;
  });
  // A failed read is tried again by the next request, not remembered for the container's life.
  key.catch(() => (key = undefined));
  return key;
}
