/**
 * What the office's command-line tools share: they run the functions' own code, so they
 * point its AWS clients and stores at the local cloud (read from .warta/endpoints.json) or,
 * with --aws and the resource names, at the deployed stack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadConfig } from '../cdk/config-loader.js';
import { fromRepoRoot } from '../cdk/paths.js';

/** A tool's way out on a bad argument: the message, then its usage, and exit status 2. */
export function failWithUsage(usage: string): (message: string) => never {
  return (message) => {
    process.stderr.write(`${message}\n\n${usage}\n`);
    process.exit(2);
  };
}

export interface StackOptions {
  aws?: boolean;
  table?: string;
  'archive-bucket'?: string;
  'state-machine'?: string;
  config?: string;
  endpoints?: string;
}

/** Sets the environment the functions read, as Lambda would; `needs` names the AWS resources the tool uses besides the table. */
export async function pointAtTheStack(
  values: StackOptions,
  fail: (message: string) => never,
  needs: ('archive' | 'stateMachine')[] = ['archive', 'stateMachine'],
): Promise<void> {
  const cdkJson = JSON.parse(readFileSync(fromRepoRoot('cdk.json'), 'utf8')) as { context?: Record<string, string> };
  const config = loadConfig(values.config ?? cdkJson.context?.['warta:config'] ?? 'infra/config/dkip-malut.json');
  process.env.WARTA_CONFIG = JSON.stringify(config);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // The CLI may run on Node 20; the SDK's notice about Node 22 is not for the office.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (values.aws) {
    process.env.TABLE_NAME = values.table ?? fail('--aws needs --table');
    if (needs.includes('archive')) process.env.ARCHIVE_BUCKET = values['archive-bucket'] ?? fail('--aws needs --archive-bucket');
    if (needs.includes('stateMachine')) {
      process.env.STATE_MACHINE_ARN = values['state-machine'] ?? fail('--aws needs --state-machine');
      // The region of the named state machine, unless the environment says otherwise.
      process.env.AWS_REGION ??= process.env.STATE_MACHINE_ARN.split(':')[3] || fail('--state-machine is not an ARN');
    }
    process.env.WEB_ORIGIN ??= 'https://invalid.example';
    await useCredentialsFromTheUsualPlaces();
    return;
  }
  const file = values.endpoints ?? fromRepoRoot('.warta/endpoints.json');
  if (!existsSync(file)) fail('the local cloud is not running (no .warta/endpoints.json): run npm start, or use --aws');
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as {
    dynamodb: string;
    s3: string;
    stepfunctions: string;
    ses: string;
    web: string;
    resources?: Record<string, string>;
  };
  const resources = endpoints.resources ?? fail('.warta/endpoints.json names no resources: restart npm start');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    WEB_ORIGIN: endpoints.web,
    ...resources,
  });
}

/**
 * The functions take their credentials from the environment, as Lambda gives them. An
 * officer's or auditor's machine has them in the usual places instead (a profile, SSO, a
 * role), so on AWS the SDK's own provider chain resolves them once, into the environment.
 */
async function useCredentialsFromTheUsualPlaces() {
  if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) return;
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const credentials = await defaultProvider()();
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  if (credentials.sessionToken) process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
}
