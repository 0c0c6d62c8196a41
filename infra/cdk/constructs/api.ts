/**
 * Api: the HTTP API of DESIGN.md, one Lambda integration (payload format 2.0) per route of
 * HANDLERS. CORS is limited to the web origin; audit routes need IAM (SigV4) on AWS.
 * The API depends on the site's origin, never the other way round (see site.ts).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { LINK_HEADER, STATUS_KEY_HEADER } from '#domain/links.js';
import { DESK_ROUTE_PREFIX, HANDLERS, SESSION_ROUTE_PREFIX, type HandlerName } from '#contract/handlers.js';
import type { WartaFunction } from './function.js';

export interface ApiRoute {
  handler: HandlerName;
  method: apigw.HttpMethod;
  path: string;
  /** Auditor routes: IAM on AWS (the local cloud checks its own key instead). */
  iam: boolean;
  /** Served by the desk API (desk-api.ts), reached through the web app's own origin; else by this one. */
  desk: boolean;
}

/** The desk's routes and its sign-in: they travel with the session cookie, so they live on the desk API. */
export function isDeskPath(path: string): boolean {
  return path.startsWith(DESK_ROUTE_PREFIX) || path === SESSION_ROUTE_PREFIX || path.startsWith(`${SESSION_ROUTE_PREFIX}/`);
}

/** Routes that only officers and auditors reach: IAM on AWS, the local key locally. */
export const IAM_ROUTE_PREFIXES = ['/api/audit/', '/api/agenda/'];

/** The routes of HANDLERS whose description is "<METHOD> /api/..." (a handler may list several, comma-separated). */
export function apiRoutes(): ApiRoute[] {
  return Object.entries(HANDLERS).flatMap(([handler, description]) =>
    description.split(', ').flatMap((one) => {
      const match = /^(GET|POST|PUT|DELETE) (\/api\/\S+)$/.exec(one);
      if (!match) return [];
      const [, method, path] = match as unknown as [string, keyof typeof apigw.HttpMethod, string];
      return [
        {
          handler: handler as HandlerName,
          method: apigw.HttpMethod[method],
          path,
          iam: IAM_ROUTE_PREFIXES.some((p) => path.startsWith(p)),
          desk: isDeskPath(path),
        },
      ];
    }),
  );
}

/**
 * One JSON line per request, from HTTP API variables only: aws-cdk-lib's default is the REST
 * API's CLF, whose $context.resourcePath HTTP APIs do not have (WartaChecks-HttpApiLogVariables,
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html).
 * The route key ($context.routeKey, the route's template such as `POST /api/tasks/{linkId}`),
 * never $context.path: the path of a link mailed in the older form carries its secret id. The
 * pages' own requests carry the secret in a header, which no access-log variable records.
 */
export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    routeKey: '$context.routeKey',
    protocol: '$context.protocol',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
  }),
);

export interface Throttle {
  burstLimit: number;
  rateLimit: number;
}

/**
 * The public write routes, throttled below the stage's default that the read routes keep:
 * each accepted POST costs mail, an agenda number or storage, where a read costs a query.
 * A flood of writes is cut at API Gateway (429) before any Lambda runs, and a flood of
 * one route does not use up what the others have. Requests per second for the whole
 * office, not per client (API Gateway throttles an HTTP API per route and stage only);
 * per-client limits are the application's own.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html
 */
export const WRITE_ROUTE_THROTTLE: Partial<Record<HandlerName, Throttle>> = {
  'releases-create': { burstLimit: 10, rateLimit: 5 },
  'uploads-create': { burstLimit: 20, rateLimit: 10 },
  'uploads-complete': { burstLimit: 20, rateLimit: 10 },
  'confirmations-confirm': { burstLimit: 10, rateLimit: 5 },
  // A read, but public and printed on paper as a QR code: its own budget, so a flood of
  // scans (or of guessed ids) cannot use up what the task and status pages need.
  'verify-get': { burstLimit: 20, rateLimit: 10 },
  // Each request may mail a code.
  'tasks-code': { burstLimit: 10, rateLimit: 5 },
};

/** The `$default` stage, deployed on each change, throttled, with its access logs in ACCESS_LOG_FORMAT. */
export function addLoggedStage(httpApi: apigw.HttpApi, accessLogs: logs.ILogGroup, throttle: Throttle): apigw.HttpStage {
  return httpApi.addStage('DefaultStage', {
    stageName: '$default',
    autoDeploy: true,
    throttle,
    accessLogSettings: { destination: new apigw.LogGroupLogDestination(accessLogs), format: ACCESS_LOG_FORMAT },
  });
}

export interface ApiProps {
  readonly webOrigin: string;
  readonly functions: Partial<Record<HandlerName, WartaFunction>>;
  /** The stage's default, which the read routes keep. */
  readonly throttle: Throttle;
}

export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'Warta: submissions, tasks and audit',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [props.webOrigin],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.OPTIONS],
        // The secret headers: the pages send a link id or status key there, never in a URL.
        allowHeaders: ['content-type', 'accept-language', 'idempotency-key', LINK_HEADER, STATUS_KEY_HEADER],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = addLoggedStage(this.httpApi, accessLogs, props.throttle);

    const iamAuthorizer = new HttpIamAuthorizer();
    const routeSettings: Record<string, { ThrottlingBurstLimit: number; ThrottlingRateLimit: number }> = {};
    for (const route of apiRoutes().filter((r) => !r.desk)) {
      const fn = props.functions[route.handler];
      if (!fn) throw new Error(`route ${route.method} ${route.path} needs the function ${route.handler}`);
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${route.handler}-integration`, fn.fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
        ...(route.iam ? { authorizer: iamAuthorizer } : {}),
      });
      const throttle = WRITE_ROUTE_THROTTLE[route.handler];
      if (throttle && added) {
        routeSettings[`${route.method} ${route.path}`] = {
          ThrottlingBurstLimit: throttle.burstLimit,
          ThrottlingRateLimit: throttle.rateLimit,
        };
        // A route's settings name a route that must exist first.
        this.stage.node.addDependency(added);
      }
      if (!route.iam && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public by design: the submission form is open to any agency, task links carry a 128-bit secret checked by the handler, status pages a per-release key.',
        });
      }
    }
    (this.stage.node.defaultChild as apigw.CfnStage).routeSettings = routeSettings;
  }

  /** The API's base URL, e.g. https://abc123.execute-api.ap-southeast-3.amazonaws.com/ */
  get url(): string {
    return this.stage.url;
  }
}
