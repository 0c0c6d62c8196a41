/**
 * A CloudFront distribution with alternate domain names (Aliases) must carry a certificate
 * that covers them, and an ACM certificate works with CloudFront only when it was requested
 * or imported in US East (N. Virginia), us-east-1.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cnames-and-https-requirements.html
 * https://docs.aws.amazon.com/acm/latest/userguide/acm-regions.html
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_ViewerCertificate.html
 */
import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';

export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

/** The Region of an ACM certificate ARN (`arn:aws:acm:<region>:<account>:certificate/<id>`), if it is one. */
export function regionOfCertificateArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(arn)?.[1];
}

export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnDistribution)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const config = stack.resolve(node.distributionConfig) as { aliases?: unknown[]; viewerCertificate?: { acmCertificateArn?: unknown } };
    if (!config.aliases?.length) return NagRuleCompliance.NOT_APPLICABLE;
    const arn = config.viewerCertificate?.acmCertificateArn;
    if (typeof arn === 'string') {
      return regionOfCertificateArn(arn) === CLOUDFRONT_CERTIFICATE_REGION ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    // A certificate made by a template lives in that template's Region.
    if (arn !== undefined && !Token.isUnresolved(stack.region)) {
      return stack.region === CLOUDFRONT_CERTIFICATE_REGION ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: 'CloudFrontAliasCertificate' },
);
