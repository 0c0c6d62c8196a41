/**
 * WartaChecks, rule by rule: a small stack that breaks the rule and one that keeps it. The
 * stacks are synthesized in memory only; no asset is built.
 */
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { describe, expect, it } from 'vitest';
import { foreignContextVariables } from '../../infra/cdk/nag/http-api-log-format.js';
import { WartaChecks } from '../../infra/cdk/nag/warta-checks.js';

const CERT_US_EAST_1 = 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const CERT_JAKARTA = 'arn:aws:acm:ap-southeast-3:111111111111:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function stackIn(region: string | undefined): Stack {
  return new Stack(new App(), 'Fixture', region ? { env: { account: '111111111111', region } } : {});
}

/** The WartaChecks findings of a stack, as `rule: construct path`. */
function findings(stack: Stack): string[] {
  return new WartaChecks()
    .validateScope(stack)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName}: ${r.constructPath}`));
}

function distribution(stack: Stack, props: Partial<cloudfront.DistributionProps> = {}): cloudfront.Distribution {
  const origin = new s3.Bucket(stack, 'Origin');
  return new cloudfront.Distribution(stack, 'Distribution', {
    defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(origin) },
    ...props,
  });
}

function legacyLogBucket(stack: Stack): s3.Bucket {
  return new s3.Bucket(stack, 'Logs', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED });
}

describe('WartaChecks-CloudFrontLegacyLogRegion', () => {
  it('fails standard (legacy) logging into a bucket of a stack in Jakarta, an opt-in Region', () => {
    const stack = stackIn('ap-southeast-3');
    distribution(stack, { enableLogging: true, logBucket: legacyLogBucket(stack) });

    expect(findings(stack)).toEqual(['WartaChecks-CloudFrontLegacyLogRegion: Fixture/Distribution/Resource']);
  });

  it('fails it when the Region is not known at synth, since the stack may land in one', () => {
    const stack = stackIn(undefined);
    distribution(stack, { enableLogging: true, logBucket: legacyLogBucket(stack) });

    expect(findings(stack)).toEqual(['WartaChecks-CloudFrontLegacyLogRegion: Fixture/Distribution/Resource']);
  });

  it('passes it in Singapore or into a us-east-1 bucket, Regions CloudFront delivers to, and passes a distribution without it', () => {
    const singapore = stackIn('ap-southeast-1');
    distribution(singapore, { enableLogging: true, logBucket: legacyLogBucket(singapore) });
    const jakartaWithoutLegacyLogs = stackIn('ap-southeast-3');
    distribution(jakartaWithoutLegacyLogs);
    const jakartaIntoVirginia = stackIn('ap-southeast-3');
    distribution(jakartaIntoVirginia, {
      enableLogging: true,
      logBucket: s3.Bucket.fromBucketAttributes(jakartaIntoVirginia, 'Logs', { bucketName: 'warta-logs-virginia', region: 'us-east-1' }),
    });

    expect(findings(singapore)).toEqual([]);
    expect(findings(jakartaWithoutLegacyLogs)).toEqual([]);
    expect(findings(jakartaIntoVirginia), 'a bucket of another Region, named by its regional domain').toEqual([]);
  });
});

describe('WartaChecks-RetainedPhysicalName', () => {
  it('fails a retained log group with a fixed name', () => {
    const stack = stackIn('ap-southeast-3');
    new logs.LogGroup(stack, 'Named', { logGroupName: '/aws/vendedlogs/states/Warta-dkip-malut', removalPolicy: RemovalPolicy.RETAIN });

    expect(findings(stack)).toEqual(['WartaChecks-RetainedPhysicalName: Fixture/Named/Resource']);
  });

  it('fails a retained bucket with a fixed name', () => {
    const stack = stackIn('ap-southeast-3');
    new s3.Bucket(stack, 'Named', { bucketName: 'warta-archive-kominfo', removalPolicy: RemovalPolicy.RETAIN });

    expect(findings(stack)).toEqual(['WartaChecks-RetainedPhysicalName: Fixture/Named/Resource']);
  });

  it('passes a retained log group CloudFormation names, and a named one that a failed create deletes', () => {
    const stack = stackIn('ap-southeast-3');
    new logs.LogGroup(stack, 'Generated', { removalPolicy: RemovalPolicy.RETAIN });
    new logs.LogGroup(stack, 'NamedButNotKeptOnRollback', {
      logGroupName: '/warta/example',
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    new logs.LogGroup(stack, 'NamedAndDeleted', { logGroupName: '/warta/other', removalPolicy: RemovalPolicy.DESTROY });

    expect(findings(stack)).toEqual([]);
  });
});

describe('WartaChecks-CloudFrontAliasCertificate', () => {
  /** aws-cdk-lib's Distribution refuses these at once; a template written by hand (or by another tool) does not. */
  function rawDistribution(stack: Stack, viewerCertificate?: cloudfront.CfnDistribution.ViewerCertificateProperty): void {
    new cloudfront.CfnDistribution(stack, 'Raw', {
      distributionConfig: {
        enabled: true,
        aliases: ['warta.example.go.id'],
        defaultCacheBehavior: {
          targetOriginId: 'site',
          viewerProtocolPolicy: 'redirect-to-https',
          cachePolicyId: cloudfront.CachePolicy.CACHING_OPTIMIZED.cachePolicyId,
        },
        origins: [{ id: 'site', domainName: 'site.example.go.id', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
        viewerCertificate,
      },
    });
  }

  it('fails an alternate domain name whose certificate is in Jakarta', () => {
    const stack = stackIn('ap-southeast-3');
    rawDistribution(stack, { acmCertificateArn: CERT_JAKARTA, sslSupportMethod: 'sni-only', minimumProtocolVersion: 'TLSv1.2_2021' });

    expect(findings(stack)).toEqual(['WartaChecks-CloudFrontAliasCertificate: Fixture/Raw']);
  });

  it('fails an alternate domain name without a certificate', () => {
    const stack = stackIn('ap-southeast-3');
    rawDistribution(stack, { cloudFrontDefaultCertificate: true });

    expect(findings(stack)).toEqual(['WartaChecks-CloudFrontAliasCertificate: Fixture/Raw']);
  });

  it('fails an alternate domain name with a certificate made by a stack outside us-east-1', () => {
    const stack = stackIn('ap-southeast-3');
    const certificate = new acm.Certificate(stack, 'Cert', { domainName: 'warta.example.go.id' });
    distribution(stack, { domainNames: ['warta.example.go.id'], certificate });

    expect(findings(stack)).toEqual(['WartaChecks-CloudFrontAliasCertificate: Fixture/Distribution/Resource']);
  });

  it('passes an alternate domain name with a us-east-1 certificate, and a distribution without one', () => {
    const withDomain = stackIn('ap-southeast-3');
    distribution(withDomain, {
      domainNames: ['warta.example.go.id'],
      certificate: acm.Certificate.fromCertificateArn(withDomain, 'Cert', CERT_US_EAST_1),
    });
    const rawWithDomain = stackIn('ap-southeast-3');
    rawDistribution(rawWithDomain, {
      acmCertificateArn: CERT_US_EAST_1,
      sslSupportMethod: 'sni-only',
      minimumProtocolVersion: 'TLSv1.2_2021',
    });
    const withoutDomain = stackIn('ap-southeast-3');
    distribution(withoutDomain);

    expect(findings(withDomain)).toEqual([]);
    expect(findings(rawWithDomain)).toEqual([]);
    expect(findings(withoutDomain)).toEqual([]);
  });
});

describe('WartaChecks-HttpApiLogVariables', () => {
  function httpApiStage(stack: Stack, format?: AccessLogFormat): void {
    const api = new apigw.HttpApi(stack, 'Api', { createDefaultStage: false });
    const logGroup = new logs.LogGroup(stack, 'AccessLogs');
    api.addStage('Stage', {
      stageName: '$default',
      accessLogSettings: { destination: new apigw.LogGroupLogDestination(logGroup), format },
    });
  }

  it("fails aws-cdk-lib's default format, the REST API CLF with $context.resourcePath", () => {
    const stack = stackIn('ap-southeast-3');
    httpApiStage(stack);

    expect(findings(stack)).toEqual(['WartaChecks-HttpApiLogVariables[$context.resourcePath]: Fixture/Api/Stage/Resource']);
  });

  it('passes a JSON format made of HTTP API variables', () => {
    const stack = stackIn('ap-southeast-3');
    httpApiStage(
      stack,
      AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          route: '$context.routeKey',
          status: '$context.status',
          ip: '$context.identity.sourceIp',
        }),
      ),
    );

    expect(findings(stack)).toEqual([]);
  });

  it('reads the variables of a format, dots and authorizer keys included', () => {
    expect(
      foreignContextVariables('$context.requestId "$context.resourcePath" $context.authorizer.claims.sub $context.identity.sourceIp.'),
    ).toEqual(['resourcePath']);
  });
});
