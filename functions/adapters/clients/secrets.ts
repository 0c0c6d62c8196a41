/** The Secrets Manager client of the container. */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '#runtime/tracer.js';

export const secrets = tracer.captureAWSv3Client(new SecretsManagerClient({}));
