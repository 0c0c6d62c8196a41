/**
 * WartaChecks: the AWS rules the local cloud cannot run (Regions, CloudFront, certificates,
 * what a redeploy after a failed first deploy meets), checked when the app synthesizes,
 * beside cdk-nag's AwsSolutions pack. Each rule names the AWS page it enforces; its fixtures
 * are in test/infra/nag-*.test.ts. Acknowledge a finding as any cdk-nag one, with
 * `Validations.of(construct).acknowledge({ id: 'WartaChecks-<rule>', reason })`.
 */
import type { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagMessageLevel, NagPack, type NagPackProps } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import aliasCertificate from './alias-certificate.js';
import cloudFrontLogRegion, { LEGACY_LOGGING_PAGE } from './cloudfront-log-region.js';
import httpApiLogFormat from './http-api-log-format.js';
import retainedPhysicalName from './retained-physical-names.js';

export class WartaChecks extends NagPack {
  readonly name = 'WartaChecks';

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'WartaChecks';
  }

  protected checkResource(node: CfnResource): void {
    this.applyRule({
      info: `The CloudFront distribution writes standard (legacy) logs into a bucket in a Region where CloudFront does not deliver them (any opt-in Region, Jakarta among them), so creating it fails. See ${LEGACY_LOGGING_PAGE}`,
      explanation:
        'Use standard logging (v2) through CloudWatch Logs delivery, which can deliver to an S3 bucket in an opt-in Region, or a log bucket in a Region CloudFront delivers to.',
      level: NagMessageLevel.ERROR,
      node,
      rule: cloudFrontLogRegion,
    });
    this.applyRule({
      info: 'The resource is retained on deletion and has a fixed name: after a failed first deploy the retained copy blocks the next deploy with "already exists". See https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html',
      explanation:
        'Let CloudFormation generate the name, or use RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (DeletionPolicy RetainExceptOnCreate), which deletes what a failed create made.',
      level: NagMessageLevel.ERROR,
      node,
      rule: retainedPhysicalName,
    });
    this.applyRule({
      info: 'The CloudFront distribution has alternate domain names without an ACM certificate in us-east-1. See https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html',
      explanation:
        'CloudFront serves an alternate domain name only with a certificate that covers it, and uses ACM certificates from US East (N. Virginia) only; request or import the certificate there and give its ARN.',
      level: NagMessageLevel.ERROR,
      node,
      rule: aliasCertificate,
    });
    this.applyRule({
      info: 'The HTTP API stage access-log format uses $context variables HTTP APIs do not have. See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html',
      explanation:
        'REST API variables such as $context.resourcePath are not defined for HTTP APIs; use the HTTP API list ($context.routeKey, $context.path, ...).',
      level: NagMessageLevel.ERROR,
      node,
      rule: httpApiLogFormat,
    });
  }
}

/** The packs every synth runs: cdk-nag's AwsSolutions and Warta's own. */
export function nagPacks(): NagPack[] {
  return [new AwsSolutionsChecks(), new WartaChecks()];
}
