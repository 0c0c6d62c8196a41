import { createHash } from 'node:crypto';
/**
 * Local names and URLs: the ONE place that decides what a template resource is called on
 * the local cloud and how AWS hosts map to 127.0.0.1.
 *
 * - Tables, buckets, queues, topics, state machines, rules and other named things take the
 *   physical name the template sets, or else their logical id lowercased (S3 insists on
 *   lowercase; the other services accept it), so names stay stable across restarts.
 * - Lambda functions take their FunctionName, else the `warta:handler` name the CDK
 *   construct records (e.g. `uploads-create`), else the lowercased logical id.
 * - A CloudFront distribution's DomainName is the local web host (`127.0.0.1:<web port>`),
 *   an HTTP API's ApiEndpoint is the local API URL, and since the template builds URLs as
 *   `https://<domain>`, every resolved string has `https://127.0.0.1:` rewritten to
 *   `http://127.0.0.1:` (there is no TLS locally). `execute-api` hosts are rewritten to the
 *   local API URL the same way, for templates that assemble them from parts.
 */

export interface LocalUrls {
  /** e.g. http://127.0.0.1:4000 */
  web: string;
  /** e.g. http://127.0.0.1:4001 */
  api: string;
  s3: string;
}

export const LOCAL_ACCOUNT = '111111111111';
export const LOCAL_REGION = 'ap-southeast-3';

export function localName(logicalId: string): string {
  return logicalId.toLowerCase();
}

export function lambdaArn(region: string, account: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${account}:function:${functionName}`;
}

/**
 * Secrets Manager ends a secret's ARN with a hyphen and six random characters; locally the
 * six come from the name, so the ARN stays the same across restarts.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/troubleshoot.html#ARN_secretnamehyphen
 */
export function secretArn(region: string, account: string, name: string): string {
  const suffix = createHash('sha256').update(name).digest('base64url').replace(/[-_]/g, 'x').slice(0, 6);
  return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix}`;
}

export function stateMachineArn(region: string, account: string, name: string): string {
  return `arn:aws:states:${region}:${account}:stateMachine:${name}`;
}

/** The function name inside a Lambda ARN (qualifier dropped), or the name itself. */
export function functionNameOf(arnOrName: string): string {
  const match = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::[^:]+)?$/.exec(arnOrName);
  return match ? match[1]! : arnOrName;
}

export function hostOf(url: string): string {
  return new URL(url).host;
}

const EXECUTE_API = /https:\/\/[A-Za-z0-9-]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/g;

/** Rewrites AWS-shaped URLs inside a resolved string to their local equivalents. */
export function localizeString(value: string, urls: LocalUrls): string {
  return value.replace(EXECUTE_API, urls.api).replaceAll('https://127.0.0.1:', 'http://127.0.0.1:');
}

/**
 * The response headers policy's Content-Security-Policy names AWS hosts (execute-api and
 * regional S3 wildcards); locally the browser talks to the API and S3 on 127.0.0.1 ports.
 */
export function localizeCsp(csp: string, urls: LocalUrls): string {
  return csp
    .replace(/https:\/\/\*\.execute-api\.[a-z0-9-]+\.amazonaws\.com/g, urls.api)
    .replace(/https:\/\/\*\.s3\.[a-z0-9-]+\.amazonaws\.com/g, urls.s3)
    .replace(/https:\/\/\*\.s3\.amazonaws\.com/g, urls.s3);
}
