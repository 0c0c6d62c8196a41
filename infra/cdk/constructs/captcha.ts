/**
 * Captcha: the HMAC key that signs the submission form's proof-of-work challenges, generated
 * by Secrets Manager at deploy time so it appears in no code, template or log. Functions
 * that issue or check challenges read it with GetSecretValue on this one secret, nothing more
 * (https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html).
 * It uses the account's aws/secretsmanager key, whose key policy already lets the secret's
 * readers decrypt through Secrets Manager, so no KMS grant is needed.
 */
import { Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ENV } from '#contract/handlers.js';
import type { WartaFunction } from './function.js';

export class Captcha extends Construct {
  readonly key: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new secretsmanager.Secret(this, 'HmacKey', {
      description: "Warta: signs the submission form's proof-of-work challenges",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A new key only refuses the challenges signed in the last minutes (they expire in minutes anyway); replacing the secret by hand is the rotation, with no rotation Lambda to keep.',
    });
  }

  /** Sets CAPTCHA_SECRET_ARN and allows reading that secret's value. */
  bindKeyReader(fn: WartaFunction): void {
    fn.addEnvironment(ENV.captchaSecretArn, this.key.secretArn);
    fn.allow(['secretsmanager:GetSecretValue'], [this.key.secretArn]);
  }
}
