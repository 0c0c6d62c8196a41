/**
 * DeskApi: the desk's own HTTP API, reached only through the web app's CloudFront
 * distribution (Site.routeDeskApi), so the session cookie (SameSite=Strict) is sent to it
 * as to the web app itself: same origin, hence no CORS at all. Routes under
 * DESK_ROUTE_PREFIX sit behind a Lambda REQUEST authorizer that reads the session; the
 * sign-in routes under SESSION_ROUTE_PREFIX are public (they are how a session begins).
 *
 * A second API rather than routes on the main one: the main API's CORS names the
 * distribution's domain, so the distribution may not name that API as an origin (a
 * cycle); this one has no CORS and depends on nothing but its functions.
 *
 * The authorizer (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html):
 * - payload format 2.0 with simple responses ({isAuthorized, context}): no IAM policy to build;
 * - identity source the Cookie header: API Gateway answers 401 without invoking the function
 *   when the request has none, and the function refuses the rest (403);
 * - results cached 0 seconds: a cached "yes" would outlive a sign-out by the TTL.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DESK_ROLES, DESK_ROUTE_PREFIX, type HandlerName } from '#contract/handlers.js';
import { addLoggedStage, apiRoutes, type Throttle } from './api.js';
import type { WartaFunction } from './function.js';

/** The header API Gateway must find before it invokes the authorizer. */
export const DESK_IDENTITY_SOURCE = '$request.header.Cookie';

export interface DeskApiProps {
  readonly functions: Partial<Record<HandlerName, WartaFunction>>;
  readonly authorizer: WartaFunction;
  readonly throttle: Throttle;
}

export class DeskApi extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;

  constructor(scope: Construct, id: string, props: DeskApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-desk`,
      description: 'Warta: the office desk and its sign-in, reached through the web app origin',
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = addLoggedStage(this.httpApi, accessLogs, props.throttle);
    const authorizer = new HttpLambdaAuthorizer('SessionAuthorizer', props.authorizer.fn, {
      authorizerName: 'desk-session',
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: [DESK_IDENTITY_SOURCE],
      resultsCacheTtl: Duration.seconds(0),
    });

    for (const route of apiRoutes().filter((r) => r.desk)) {
      const fn = props.functions[route.handler];
      if (!fn) throw new Error(`route ${route.method} ${route.path} needs the function ${route.handler}`);
      const behindSession = route.path.startsWith(DESK_ROUTE_PREFIX);
      if (behindSession && !DESK_ROLES[route.handler]) {
        throw new Error(
          `desk route ${route.method} ${route.path} (${route.handler}) admits no role: add it to DESK_ROLES in functions/contract/handlers.ts`,
        );
      }
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: new HttpLambdaIntegration(`${route.handler}-integration`, fn.fn, {
          payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        }),
        ...(behindSession ? { authorizer } : {}),
      });
      if (!behindSession && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Signing in is public by design: asking for a link answers 202 whatever the address, and a one-time 15-minute token from the mail is the credential.',
        });
      }
    }
  }

  /** The host CloudFront forwards desk requests to, e.g. abc123.execute-api.ap-southeast-3.amazonaws.com. */
  get domainName(): string {
    return `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}
