/**
 * CloudFront standard logging (legacy) writes into an S3 bucket, and CloudFront does not
 * deliver those logs to buckets in opt-in Regions (Jakarta, ap-southeast-3, among them):
 * the distribution cannot be created and the stack rolls back.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#access-logs-choosing-s3-bucket
 * Standard logging (v2) can deliver to opt-in Regions:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html
 */
import { type CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnDistribution } from 'aws-cdk-lib/aws-cloudfront';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { NagRuleCompliance, type NagRuleResult } from 'cdk-nag';

export const LEGACY_LOGGING_PAGE =
  'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html#access-logs-choosing-s3-bucket';

/** The Region named in a bucket's regional domain (`name.s3.ap-southeast-3.amazonaws.com`), if any. */
function regionOfBucketDomain(domain: unknown): string | undefined {
  return typeof domain === 'string' ? /\.s3[.-]([a-z]{2}(?:-[a-z]+)+-\d)\.amazonaws\.com/.exec(domain)?.[1] : undefined;
}

/**
 * The opt-in Regions are AWS's own list, kept by aws-cdk-lib's region facts (the same Regions
 * the CloudFront page names), so a Region AWS opens later is covered when the library moves.
 */
export function cloudFrontDeliversLegacyLogsTo(region: string): boolean {
  return !RegionInfo.get(region).isOptInRegion;
}

export default Object.defineProperty(
  (node: CfnResource): NagRuleResult => {
    if (!(node instanceof CfnDistribution)) return NagRuleCompliance.NOT_APPLICABLE;
    const stack = Stack.of(node);
    const config = stack.resolve(node.distributionConfig) as { logging?: { bucket?: unknown } };
    if (!config.logging?.bucket) return NagRuleCompliance.NOT_APPLICABLE;
    // A bucket of this stack lives in the stack's Region; a literal regional domain names its own.
    const region = regionOfBucketDomain(config.logging.bucket) ?? stack.region;
    // An environment-agnostic stack may land in any Region, Jakarta included.
    if (Token.isUnresolved(region)) return NagRuleCompliance.NON_COMPLIANT;
    return cloudFrontDeliversLegacyLogsTo(region) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
  'name',
  { value: 'CloudFrontLegacyLogRegion' },
);
