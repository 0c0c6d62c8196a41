/**
 * Who is calling: each function runs with an access key of its own role session, as a
 * Lambda function runs with its execution role's temporary credentials
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html). The local
 * services read the key from the SigV4 Authorization header (`Credential=<key>/...`) or a
 * presigned URL's `X-Amz-Credential`. Signatures are not verified: the local cloud trusts
 * the key it was given. Any other key (the CLI, tests, the deployer) is the account's
 * administrator.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Caller =
  { kind: 'role'; roleArn: string; session: string } | { kind: 'service'; service: string } | { kind: 'admin'; accountId: string };

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export class CallerRegistry {
  private readonly byKey = new Map<string, Caller & { kind: 'role' }>();

  /** The credentials of a role session; the same role and session always get the same key. */
  credentialsFor(roleArn: string, session: string): Credentials {
    const digest = createHash('sha256').update(`${roleArn}\n${session}`).digest('hex').toUpperCase();
    const accessKeyId = `ASIA${digest.slice(0, 16)}`;
    this.byKey.set(accessKeyId, { kind: 'role', roleArn, session });
    return { accessKeyId, secretAccessKey: digest.slice(16, 56) };
  }

  callerOf(accessKeyId: string | undefined, accountId: string): Caller {
    return (accessKeyId && this.byKey.get(accessKeyId)) || { kind: 'admin', accountId };
  }

  isRoleKey(accessKeyId: string | undefined): accessKeyId is string {
    return accessKeyId !== undefined && this.byKey.has(accessKeyId);
  }
}

/** The access key a SigV4 request (header or presigned query) was signed with. */
export function accessKeyIdOf(request: IncomingMessage): string | undefined {
  const header = request.headers.authorization;
  const fromHeader = typeof header === 'string' ? /Credential=([^/,\s]+)\//.exec(header)?.[1] : undefined;
  if (fromHeader) return fromHeader;
  const query = new URL(request.url ?? '/', 'http://local').searchParams;
  return query.get('X-Amz-Credential')?.split('/')[0] || undefined;
}

/** `arn:aws:sts::<account>:assumed-role/<role name>/<session>`, the principal AWS names in a refusal. */
export function principalArnOf(caller: Caller): string {
  switch (caller.kind) {
    case 'role': {
      const [, , , , account, resource] = caller.roleArn.split(':');
      return `arn:aws:sts::${account}:assumed-role/${resource!.replace(/^role\/(.*\/)?/, '')}/${caller.session}`;
    }
    case 'service':
      return caller.service;
    case 'admin':
      return `arn:aws:iam::${caller.accountId}:root`;
  }
}
