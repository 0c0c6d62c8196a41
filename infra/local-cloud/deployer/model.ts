import { existsSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { createResolver, UnresolvableIntrinsic, type Resolver } from './intrinsics.js';
import { functionNameOf, localizeString, lambdaArn, secretArn, type LocalUrls } from './names.js';
import { errorPagesOf, findSiteBucket, securityHeadersOf, type ErrorPage } from './site.js';
import { getAttOf, physicalNameOf, refOf, type ReferenceEnv } from './references.js';
import type { LoadedStack, TemplateResource } from './template.js';
import { iamOf, type IamModel } from '../iam/policies.js';

/**
 * The template read as the local cloud will run it: every intrinsic resolved, every
 * resource sorted into what the local cloud runs and what it does not.
 */

export interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  assetDir: string;
  handler: string;
  runtime: string;
  environment: Record<string, string>;
  timeoutSeconds: number;
  memoryMb: number;
  /** The execution role the function's calls are authorized as. */
  roleArn?: string;
}

export interface LocalTable {
  logicalId: string;
  name: string;
  /** The table's resolved CloudFormation properties (KeySchema, GSIs, TTL...). */
  properties: Record<string, unknown>;
}

export interface CorsRule {
  AllowedOrigins: string[];
  AllowedMethods: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

export interface LocalBucket {
  logicalId: string;
  name: string;
  cors: CorsRule[];
  versioned: boolean;
  objectLock: boolean;
  /** ObjectLockConfiguration.Rule.DefaultRetention: a mode and Days or Years. */
  defaultRetention?: { Mode: 'GOVERNANCE' | 'COMPLIANCE'; Days?: number; Years?: number };
}

export interface LocalSecret {
  logicalId: string;
  name: string;
  arn: string;
  /** A value the template gives; otherwise one is generated at first deploy. */
  secretString?: string;
  /** GenerateSecretString's length and whether punctuation is left out. */
  generate: { length: number; excludePunctuation: boolean };
}

export interface LocalStateMachine {
  logicalId: string;
  name: string;
  definition: string;
  roleArn: string;
  type: string;
}

export interface ApiCors {
  AllowOrigins?: string[];
  AllowMethods?: string[];
  AllowHeaders?: string[];
  ExposeHeaders?: string[];
  MaxAge?: number;
  AllowCredentials?: boolean;
}

/** A Lambda REQUEST authorizer of an HTTP API (AWS::ApiGatewayV2::Authorizer). */
export interface LocalAuthorizer {
  logicalId: string;
  functionName: string;
  /** Selection expressions such as `$request.header.Cookie`; each must be present and non-empty. */
  identitySource: string[];
  payloadFormatVersion: string;
  simpleResponses: boolean;
  /** 0: every request invokes the function. */
  resultTtlSeconds: number;
}

export interface LocalRoute {
  routeKey: string;
  functionName: string | undefined;
  authorizationType: string;
  /** The API the route belongs to (its logical id, which Ref gives locally). */
  apiId?: string;
  /** The route's Lambda authorizer (authorizationType CUSTOM). */
  authorizer?: LocalAuthorizer;
}

export interface LocalApi {
  logicalId: string;
  cors: ApiCors | undefined;
  routes: LocalRoute[];
  /** The access-log format of the API's stage, when the template gives one. */
  accessLogFormat?: string;
}

export interface RuleTarget {
  id: string;
  arn: string;
  input?: string;
  inputPath?: string;
  inputTransformer?: { InputPathsMap?: Record<string, string>; InputTemplate: string };
  /** The role EventBridge assumes to reach a target that is not a Lambda function. */
  roleArn?: string;
}

export interface LocalRule {
  logicalId: string;
  name: string;
  arn: string;
  enabled: boolean;
  eventPattern?: Record<string, unknown>;
  scheduleExpression?: string;
  targets: RuleTarget[];
}

export interface LocalModel {
  stackName: string;
  functions: LocalFunction[];
  tables: LocalTable[];
  buckets: LocalBucket[];
  stateMachines: LocalStateMachine[];
  secrets: LocalSecret[];
  apis: LocalApi[];
  rules: LocalRule[];
  /** The bucket the newsroom is published to (served under /berita/). */
  siteBucket: string | undefined;
  /** Headers of the CloudFront response headers policy, applied by the local web server. */
  securityHeaders: Record<string, string>;
  /** The distribution's custom error pages, served by the local web server for a miss. */
  errorPages: ErrorPage[];
  /** The SES configuration set the template declares (SES tags mail events with it). */
  mailConfigurationSet: string | undefined;
  /** `Type (count)` of each resource type the local cloud does not run. */
  notEmulated: string[];
  /** The roles' policies and the resource policies, for the local IAM. */
  iam: IamModel;
}

const EMULATED = new Set([
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::Lambda::Function',
  'AWS::StepFunctions::StateMachine',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
  'AWS::Events::Rule',
  'AWS::CloudFront::Distribution',
  'AWS::SecretsManager::Secret',
  'AWS::CloudFront::ResponseHeadersPolicy',
  // Enforced by the local IAM (infra/local-cloud/iam).
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Permission',
  'AWS::S3::BucketPolicy',
]);
/** Bookkeeping, not infrastructure: nothing to run or to report. */
const IGNORED = new Set(['AWS::CDK::Metadata']);

export interface ModelOptions {
  region: string;
  accountId: string;
  urls: LocalUrls;
}

export function buildModel(stack: LoadedStack, options: ModelOptions): LocalModel {
  const { template, cdkOut } = stack;
  const resources = template.Resources;
  const names = new Map<string, string>();
  const env: ReferenceEnv = {
    region: options.region,
    accountId: options.accountId,
    urls: options.urls,
    resolveString: (value, where) => resolver.resolveString(value, where),
  };
  const resourceOf = (logicalId: string): TemplateResource => {
    const resource = resources[logicalId];
    if (!resource) throw new UnresolvableIntrinsic(`The template references ${logicalId}, which it does not declare`);
    return resource;
  };
  const nameOf = (logicalId: string): string => {
    let name = names.get(logicalId);
    if (name === undefined) {
      name = physicalNameOf(logicalId, resourceOf(logicalId), env);
      names.set(logicalId, name);
    }
    return name;
  };
  const resolver: Resolver = createResolver({
    region: options.region,
    accountId: options.accountId,
    stackName: stack.stackName,
    parameters: template.Parameters ?? {},
    conditions: template.Conditions ?? {},
    ref: (id) => refOf(id, resourceOf(id), nameOf(id), env),
    getAtt: (id, attribute) => getAttOf(id, resourceOf(id), nameOf(id), attribute, env),
    localize: (value) => localizeString(value, options.urls),
  });
  const live = Object.entries(resources).filter(([, r]) => !r.Condition || resolver.condition(r.Condition));
  const props = (r: TemplateResource) => r.Properties ?? {};
  const ofType = (type: string) => live.filter(([, r]) => r.Type === type);
  const webOrigin = options.urls.web;

  const functions: LocalFunction[] = [];
  const notRunnable: string[] = [];
  for (const [logicalId, r] of ofType('AWS::Lambda::Function')) {
    const p = props(r);
    const runtime = String(p.Runtime ?? '');
    const assetDir = assetDirOf(cdkOut, r);
    if (!runtime.startsWith('nodejs') || !assetDir) {
      notRunnable.push(logicalId);
      continue;
    }
    const variables = resolver.resolve((p.Environment as { Variables?: unknown } | undefined)?.Variables ?? {});
    functions.push({
      logicalId,
      name: nameOf(logicalId),
      arn: lambdaArn(options.region, options.accountId, nameOf(logicalId)),
      assetDir,
      handler: String(p.Handler ?? 'index.handler'),
      runtime,
      environment: Object.fromEntries(Object.entries(variables as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      timeoutSeconds: Number(p.Timeout ?? 3),
      memoryMb: Number(p.MemorySize ?? 128),
      roleArn: p.Role === undefined ? undefined : resolver.resolveString(p.Role, `${logicalId}.Role`),
    });
  }

  const tables = ofType('AWS::DynamoDB::Table').map(([logicalId, r]) => ({
    logicalId,
    name: nameOf(logicalId),
    properties: resolver.resolve(props(r)) as Record<string, unknown>,
  }));

  const buckets = ofType('AWS::S3::Bucket').map(([logicalId, r]) => {
    const p = resolver.resolve(props(r)) as Record<string, any>;
    const cors = ((p.CorsConfiguration?.CorsRules ?? []) as CorsRule[]).map((rule) => ({
      ...rule,
      AllowedOrigins: withLocalOrigin(rule.AllowedOrigins, webOrigin),
    }));
    return {
      logicalId,
      name: nameOf(logicalId),
      cors,
      versioned: p.VersioningConfiguration?.Status === 'Enabled',
      objectLock: p.ObjectLockEnabled === true || p.ObjectLockEnabled === 'true',
      ...(p.ObjectLockConfiguration?.Rule?.DefaultRetention ? { defaultRetention: p.ObjectLockConfiguration.Rule.DefaultRetention } : {}),
    };
  });

  const stateMachines = ofType('AWS::StepFunctions::StateMachine').map(([logicalId, r]) => {
    const p = props(r);
    let definition =
      p.DefinitionString !== undefined
        ? resolver.resolveString(p.DefinitionString, `${logicalId}.DefinitionString`)
        : JSON.stringify(resolver.resolve(p.Definition));
    const substitutions = resolver.resolve(p.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(substitutions)) definition = definition.replaceAll(`\${${key}}`, String(value));
    return {
      logicalId,
      name: nameOf(logicalId),
      definition,
      roleArn: p.RoleArn ? resolver.resolveString(p.RoleArn, `${logicalId}.RoleArn`) : `arn:aws:iam::${options.accountId}:role/local`,
      type: String(p.StateMachineType ?? 'STANDARD'),
    };
  });

  const secrets = ofType('AWS::SecretsManager::Secret').map(([logicalId, r]) => {
    const p = resolver.resolve(props(r)) as {
      SecretString?: string;
      GenerateSecretString?: { PasswordLength?: number; ExcludePunctuation?: boolean };
    };
    return {
      logicalId,
      name: nameOf(logicalId),
      arn: secretArn(options.region, options.accountId, nameOf(logicalId)),
      ...(p.SecretString !== undefined ? { secretString: p.SecretString } : {}),
      generate: {
        length: p.GenerateSecretString?.PasswordLength ?? 32,
        excludePunctuation: p.GenerateSecretString?.ExcludePunctuation ?? false,
      },
    };
  });

  const integrations = new Map(
    ofType('AWS::ApiGatewayV2::Integration').map(([logicalId, r]) => {
      const uri = resolver.resolve(props(r).IntegrationUri);
      return [logicalId, typeof uri === 'string' ? functionFromIntegrationUri(uri) : undefined] as const;
    }),
  );
  const authorizers = new Map(
    ofType('AWS::ApiGatewayV2::Authorizer').map(([logicalId, r]) => {
      const p = resolver.resolve(props(r)) as Record<string, unknown>;
      if (p.AuthorizerType !== 'REQUEST' || typeof p.AuthorizerUri !== 'string') {
        throw new Error(`${logicalId}: the local cloud runs Lambda REQUEST authorizers only, not ${String(p.AuthorizerType)}`);
      }
      const authorizer: LocalAuthorizer = {
        logicalId,
        functionName: functionFromIntegrationUri(p.AuthorizerUri),
        identitySource: Array.isArray(p.IdentitySource) ? p.IdentitySource.map(String) : [],
        payloadFormatVersion: String(p.AuthorizerPayloadFormatVersion ?? '1.0'),
        simpleResponses: p.EnableSimpleResponses === true || p.EnableSimpleResponses === 'true',
        // CloudFormation's default when the template leaves it out.
        resultTtlSeconds: Number(p.AuthorizerResultTtlInSeconds ?? 300),
      };
      return [logicalId, authorizer] as const;
    }),
  );
  const apis = ofType('AWS::ApiGatewayV2::Api').map(([logicalId, r]) => {
    const cors = resolver.resolve(props(r).CorsConfiguration) as ApiCors | undefined;
    if (cors?.AllowOrigins) cors.AllowOrigins = withLocalOrigin(cors.AllowOrigins, webOrigin);
    const routes = ofType('AWS::ApiGatewayV2::Route')
      .filter(([, route]) => resolver.resolve(props(route).ApiId) === logicalId)
      .map(([routeId, route]) => {
        const p = resolver.resolve(props(route)) as Record<string, unknown>;
        const target = typeof p.Target === 'string' ? p.Target.replace(/^integrations\//, '') : undefined;
        if (target !== undefined && !integrations.has(target)) throw new Error(`${routeId} targets unknown integration ${target}`);
        const authorizationType = String(p.AuthorizationType ?? 'NONE');
        const authorizer = authorizationType === 'CUSTOM' ? authorizers.get(String(p.AuthorizerId)) : undefined;
        if (authorizationType === 'CUSTOM' && !authorizer) throw new Error(`${routeId} names unknown authorizer ${String(p.AuthorizerId)}`);
        return {
          routeKey: String(p.RouteKey),
          functionName: target ? integrations.get(target) : undefined,
          authorizationType,
          apiId: logicalId,
          ...(authorizer ? { authorizer } : {}),
        };
      });
    const stage = ofType('AWS::ApiGatewayV2::Stage').find(([, s]) => resolver.resolve(props(s).ApiId) === logicalId);
    const format = stage ? (resolver.resolve(props(stage[1]).AccessLogSettings) as { Format?: unknown } | undefined)?.Format : undefined;
    return { logicalId, cors, routes, ...(typeof format === 'string' ? { accessLogFormat: format } : {}) };
  });

  const rules = ofType('AWS::Events::Rule').map(([logicalId, r]) => {
    const p = resolver.resolve(props(r)) as Record<string, any>;
    const name = nameOf(logicalId);
    return {
      logicalId,
      name,
      arn: `arn:aws:events:${options.region}:${options.accountId}:rule/${name}`,
      enabled: (p.State ?? 'ENABLED') === 'ENABLED',
      eventPattern: p.EventPattern,
      scheduleExpression: p.ScheduleExpression,
      targets: ((p.Targets ?? []) as Array<Record<string, any>>).map((t) => ({
        id: String(t.Id),
        arn: String(t.Arn),
        input: t.Input,
        inputPath: t.InputPath,
        inputTransformer: t.InputTransformer,
        roleArn: t.RoleArn,
      })),
    };
  });

  const counts = new Map<string, number>();
  for (const [logicalId, r] of live) {
    if (IGNORED.has(r.Type)) continue;
    if (EMULATED.has(r.Type) && !(r.Type === 'AWS::Lambda::Function' && notRunnable.includes(logicalId))) continue;
    const key = r.Type === 'AWS::Lambda::Function' ? `AWS::Lambda::Function[${String(props(r).Runtime ?? 'no asset')}]` : r.Type;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const notEmulated = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => (n > 1 ? `${type} (${n})` : type));

  return {
    stackName: stack.stackName,
    functions,
    tables,
    buckets,
    stateMachines,
    secrets,
    apis,
    rules,
    siteBucket: findSiteBucket(live, buckets, resolver),
    mailConfigurationSet: ofType('AWS::SES::ConfigurationSet').map(([logicalId]) => nameOf(logicalId))[0],
    securityHeaders: securityHeadersOf(live, resolver, options.urls),
    errorPages: errorPagesOf(live, resolver),
    notEmulated,
    iam: iamOf({
      live,
      resolver,
      accountId: options.accountId,
      nameOf,
      functionArnOf: (name) => lambdaArn(options.region, options.accountId, functionNameOf(name)),
    }),
  };
}

function withLocalOrigin(origins: string[] | undefined, webOrigin: string): string[] {
  const list = origins ?? [];
  return list.includes('*') || list.includes(webOrigin) ? list : [...list, webOrigin];
}

/** The asset folder of a bundled function: `aws:asset:path` metadata, else the S3 key's hash. */
function assetDirOf(cdkOut: string, resource: TemplateResource): string | undefined {
  const fromMetadata = resource.Metadata?.['aws:asset:path'];
  const candidates: string[] = [];
  if (typeof fromMetadata === 'string') candidates.push(join(cdkOut, fromMetadata));
  const key = (resource.Properties?.Code as { S3Key?: unknown } | undefined)?.S3Key;
  if (typeof key === 'string') candidates.push(join(cdkOut, `asset.${key.replace(/\.zip$/, '')}`));
  return candidates.map((dir) => resolvePath(dir)).find((dir) => existsSync(dir));
}

/** A Lambda integration URI is either the function ARN or the apigateway invocation path. */
function functionFromIntegrationUri(uri: string): string {
  const invocation = /functions\/(arn:[^/]+)\/invocations/.exec(uri);
  return functionNameOf(invocation ? invocation[1]! : uri);
}
