/**
 * HTTP APIs have their own, shorter list of $context variables for access logs; a REST API
 * variable (such as $context.resourcePath, which aws-cdk-lib's default CLF format uses) is
 * not one of them. The list below is AWS's page for HTTP API access logs.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
import { type CfnResource, Stack } from 'aws-cdk-lib';
import { CfnApi, CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';

export const HTTP_API_CONTEXT_VARIABLES: ReadonlySet<string> = new Set([
  'accountId',
  'apiId',
  'authorizer.error',
  'authorizer.principalId',
  'awsEndpointRequestId',
  'awsEndpointRequestId2',
  'customDomain.basePathMatched',
  'dataProcessed',
  'domainName',
  'domainPrefix',
  'error.message',
  'error.messageString',
  'error.responseType',
  'extendedRequestId',
  'httpMethod',
  'identity.accountId',
  'identity.caller',
  'identity.cognitoAuthenticationProvider',
  'identity.cognitoAuthenticationType',
  'identity.cognitoIdentityId',
  'identity.cognitoIdentityPoolId',
  'identity.principalOrgId',
  'identity.clientCert.clientCertPem',
  'identity.clientCert.subjectDN',
  'identity.clientCert.issuerDN',
  'identity.clientCert.serialNumber',
  'identity.clientCert.validity.notBefore',
  'identity.clientCert.validity.notAfter',
  'identity.sourceIp',
  'identity.user',
  'identity.userAgent',
  'identity.userArn',
  'integration.error',
  'integration.integrationStatus',
  'integration.latency',
  'integration.requestId',
  'integration.status',
  'integrationErrorMessage',
  'integrationLatency',
  'integrationStatus',
  'path',
  'protocol',
  'requestId',
  'requestTime',
  'requestTimeEpoch',
  'responseLatency',
  'responseLength',
  'routeKey',
  'stage',
  'status',
]);
/** Variables that end in a name of the caller's choosing: a JWT claim, or a key of a Lambda authorizer's context. */
const HTTP_API_CONTEXT_PREFIXES = ['authorizer.claims.', 'authorizer.'];

/** The $context variables of an access-log format that HTTP APIs do not have. */
export function foreignContextVariables(format: string): string[] {
  const used = [...format.matchAll(/\$context\.([A-Za-z0-9_.]*[A-Za-z0-9_])/g)].map((m) => m[1]!);
  const known = (v: string) =>
    HTTP_API_CONTEXT_VARIABLES.has(v) || HTTP_API_CONTEXT_PREFIXES.some((p) => v.startsWith(p) && v.length > p.length);
  return [...new Set(used.filter((v) => !known(v)))];
}

/** Whether the stage belongs to a WebSocket API of this stack (those have their own variables). */
function isWebSocketStage(node: CfnStage): boolean {
  const stack = Stack.of(node);
  const apiRef = stack.resolve(node.apiId) as { Ref?: string } | string;
  if (typeof apiRef !== 'object' || !apiRef.Ref) return false;
  const api = stack.node.findAll().find((c): c is CfnApi => c instanceof CfnApi && stack.getLogicalId(c) === apiRef.Ref);
  return api?.protocolType === 'WEBSOCKET';
}

export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnStage) || isWebSocketStage(node)) return NagRuleCompliance.NOT_APPLICABLE;
    const settings = Stack.of(node).resolve(node.accessLogSettings) as { format?: unknown } | undefined;
    if (settings?.format === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (typeof settings.format !== 'string') return NagRuleCompliance.NON_COMPLIANT;
    const foreign = foreignContextVariables(settings.format);
    return foreign.length === 0 ? NagRuleCompliance.COMPLIANT : foreign.map((v) => `$context.${v}`);
  },
  'name',
  { value: 'HttpApiLogVariables' },
);
