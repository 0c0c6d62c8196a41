/**
 * Secrets Manager, as much as Warta calls: GetSecretValue (JSON 1.1 protocol) of the secrets
 * the template declares. A generated value is made once, at the first deploy, and kept in
 * `dir/secrets.json`, so challenges signed before a restart still check after it.
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { LocalSecret } from '../deployer/model.js';
import { closeServer, listen, type Emulator, urlOf } from './dynamodb.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

export interface SecretsManagerEmulator extends Emulator {
  /** Creates the template's secrets (generating the values not yet kept). */
  deploy(secrets: LocalSecret[]): void;
  /** The ARN of a secret named by ARN or name, as IAM authorizes it. */
  arnOf(secretId: string): string | undefined;
}

interface Stored {
  arn: string;
  name: string;
  value: string;
  versionId: string;
  createdAt: number;
}

function generate(spec: LocalSecret['generate']): string {
  const alphabet = spec.excludePunctuation ? ALPHANUMERIC : ALPHANUMERIC + PUNCTUATION;
  return Array.from({ length: spec.length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

export async function startSecretsManager(options: { dir: string; host: string; port: number }): Promise<SecretsManagerEmulator> {
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, 'secrets.json');
  const kept: Record<string, Stored> = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, Stored>) : {};
  const live = new Map<string, Stored>();
  const find = (id: string) => live.get(id) ?? [...live.values()].find((s) => s.name === id);

  const server = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) =>
      reply(response, 500, { __type: 'InternalServiceError', message: String(error) }),
    );
  });
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1];
    if (operation !== 'GetSecretValue')
      return reply(response, 400, {
        __type: 'InvalidRequestException',
        message: `The local Secrets Manager does not offer ${operation ?? 'that request'}`,
      });
    let body: { SecretId?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: unknown };
    } catch {
      return reply(response, 400, { __type: 'SerializationException', message: 'The request body is not JSON' });
    }
    const secret = find(String(body.SecretId ?? ''));
    if (!secret)
      return reply(response, 400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." });
    reply(response, 200, {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: secret.versionId,
      VersionStages: ['AWSCURRENT'],
      CreatedDate: secret.createdAt,
    });
  }
  await listen(server, options.host, options.port);

  return {
    url: urlOf(server),
    deploy(secrets) {
      for (const s of secrets) {
        const stored = kept[s.arn] ?? {
          arn: s.arn,
          name: s.name,
          value: s.secretString ?? generate(s.generate),
          versionId: randomUUID(),
          createdAt: Date.now() / 1000,
        };
        kept[s.arn] = stored;
        live.set(s.arn, stored);
      }
      writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`, { mode: 0o600 });
    },
    arnOf: (secretId) => find(secretId)?.arn,
    close: () => closeServer(server),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}
