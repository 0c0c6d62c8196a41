/**
 * Site: CloudFront in front of the site bucket (Origin Access Control) serving the web app
 * and the newsroom (`berita/`, written at run time by the publish stage), with security
 * headers; and the deployment of the web app (built during synth, web-app.ts) plus
 * `/config.json`, which tells the app its API URL.
 *
 * Dependency direction: Api -> Site, never back. The API's CORS and WEB_ORIGIN need the
 * distribution's domain, so the distribution may not reference the API or the uploads
 * bucket (whose CORS names the distribution too); that is why the CSP allows this region's
 * execute-api and S3 hosts by pattern, and why the app learns the API URL from /config.json.
 */
import { DefaultStackSynthesizer, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { PrivacyNotice } from '#domain/config.js';
import { nagAccount, nagRegion } from './nag.js';
import { SiteAccessLogs } from './site-access-logs.js';
import { webAppSource } from './web-app.js';

/** The newsroom's prefix in the site bucket: pages written by `publish`, never pruned or overwritten by a deploy. */
export const NEWSROOM_PREFIX = 'berita/';

/**
 * The page for an address the site has no file for (web/public/404.html). S3 answers a
 * missing key with 403 AccessDenied (the distribution may not list the bucket), so both
 * 403 and 404 become this page with status 404; kept a minute, so that `/berita/`, which
 * exists from the first publication on, is not hidden for long by an earlier miss.
 */
export const NOT_FOUND_PAGE = '/404.html';
const NOT_FOUND_TTL = Duration.minutes(1);

/** Viewer-request rewrite: the SPA's task (/t/…), status (/s/…), confirmation (/k/…), verification (/v/…), sign-in (/masuk) and desk (/meja) routes get index.html; other misses get NOT_FOUND_PAGE. */
const SPA_ROUTES_FUNCTION = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/t' || uri === '/s' || uri === '/k' || uri === '/masuk' || uri === '/meja' || uri.indexOf('/t/') === 0 || uri.indexOf('/s/') === 0 || uri.indexOf('/k/') === 0 || uri.indexOf('/v/') === 0 || uri.indexOf('/masuk/') === 0 || uri.indexOf('/meja/') === 0) {
    request.uri = '/index.html';
  } else if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
  }
  return request;
}`;

export interface SiteProps {
  readonly bucket: s3.Bucket;
  readonly logBucket: s3.Bucket;
  /** A prebuilt web app to deploy as it is (must contain index.html); by default the synth builds web/ (web-app.ts). */
  readonly webDist?: string;
  /** The office's own domain and its ACM certificate in us-east-1 (config `site`); else the distribution's *.cloudfront.net. */
  readonly domain?: { name: string; certificateArn: string };
}

/** The desk API's paths on the web app's origin (DeskApi): the session cookie goes nowhere else. */
export const DESK_PATH_PATTERNS = ['/api/desk/*', '/api/session*'];

export class Site extends Construct {
  readonly distribution: cloudfront.Distribution;
  private readonly headers: cloudfront.ResponseHeadersPolicy;
  private readonly domainName: string | undefined;
  private readonly bucket: s3.Bucket;
  private readonly webDist: string | undefined;

  constructor(scope: Construct, id: string, props: SiteProps) {
    super(scope, id);
    this.bucket = props.bucket;
    this.webDist = props.webDist;
    this.domainName = props.domain?.name;
    const region = Stack.of(this).region;
    const awsHosts = `https://*.execute-api.${region}.amazonaws.com https://*.s3.${region}.amazonaws.com`;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Warta: security headers of the web app and newsroom',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            `img-src 'self' data: blob: https://*.s3.${region}.amazonaws.com`,
            `media-src 'self' blob: https://*.s3.${region}.amazonaws.com`,
            `connect-src 'self' ${awsHosts}`,
            // The task page shows a submitted PDF in a frame from its presigned S3 link.
            `frame-src https://*.s3.${region}.amazonaws.com`,
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
          ].join('; '),
        },
        strictTransportSecurity: { override: true, accessControlMaxAge: Duration.days(365), includeSubdomains: true },
        contentTypeOptions: { override: true },
        frameOptions: { override: true, frameOption: cloudfront.HeadersFrameOption.DENY },
        referrerPolicy: { override: true, referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN },
      },
    });
    this.headers = headers;
    const spaRoutes = new cloudfront.Function(this, 'SpaRoutes', {
      code: cloudfront.FunctionCode.fromInline(SPA_ROUTES_FUNCTION),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'Warta: /t/*, /s/* and /v/* answer with the web app',
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Warta web app and newsroom',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        functionAssociations: [{ function: spaRoutes, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 404,
        responsePagePath: NOT_FOUND_PAGE,
        ttl: NOT_FOUND_TTL,
      })),
      // The office's domain answers with its certificate, which the config checked is in us-east-1 (WartaChecks-CloudFrontAliasCertificate).
      ...(props.domain
        ? {
            domainNames: [props.domain.name],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    new SiteAccessLogs(this, 'AccessLogs', { distribution: this.distribution, logBucket: props.logBucket });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The newsroom is public information for everyone, in Indonesia and abroad; no geographic restriction is wanted.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static files only behind this distribution; the API has its own throttling. A WAF web ACL can be attached by an office that needs one.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'Access logs go through CloudFront standard logging (v2), set up by SiteAccessLogs, which this rule does not see; legacy logging cannot deliver to a bucket in Jakarta.',
      },
    );
    if (!props.domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without an office domain the distribution has the default *.cloudfront.net certificate, whose TLS floor CloudFront sets; with config site {domain, certificateArn} it gets that certificate and TLSv1.2_2021.',
      });
    }
  }

  /**
   * Sends the desk's paths to the desk API on the web app's own origin, so the browser
   * treats the API as the site itself: the SameSite=Strict session cookie travels, and no
   * CORS is needed. Nothing is cached (a desk answer is one person's), and the origin gets
   * every viewer header, cookie and query string but Host, which must stay execute-api's
   * for API Gateway to know the API.
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-origin-request-policies.html
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-managed-cache-policies.html
   */
  routeDeskApi(apiDomainName: string): void {
    const origin = new origins.HttpOrigin(apiDomainName, { protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY });
    for (const pattern of DESK_PATH_PATTERNS) {
      this.distribution.addBehavior(pattern, origin, {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
        cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
        originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: this.headers,
      });
    }
  }

  /** https://<the office's domain> when configured, else https://<id>.cloudfront.net. */
  get origin(): string {
    return `https://${this.domainName ?? this.distribution.distributionDomainName}`;
  }

  /** Deploys the web app and /config.json {apiUrl, siteUrl, privacy}; leaves the newsroom alone. */
  deployWebApp(apiUrl: string, siteUrl: string, privacy: PrivacyNotice): s3deploy.BucketDeployment {
    const deployment = new s3deploy.BucketDeployment(this, 'WebApp', {
      destinationBucket: this.bucket,
      sources: [webAppSource(this.webDist, [`${NEWSROOM_PREFIX}*`]), s3deploy.Source.jsonData('config.json', { apiUrl, siteUrl, privacy })],
      exclude: [`${NEWSROOM_PREFIX}*`],
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/index.html', NOT_FOUND_PAGE, '/config.json'],
      memoryLimit: 512,
    });
    // The deployment's handler is a stack-level singleton (Custom::CDKBucketDeployment…): acknowledge it where it is made.
    const stack = Stack.of(this);
    for (const child of stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))) {
      const copies = 'CDK BucketDeployment handler: it lists and copies every file of the web app asset into the site bucket';
      Validations.of(child).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: 'CDK BucketDeployment handler: the managed basic execution role only lets it write its own logs.',
        },
        { id: 'AwsSolutions-L1', reason: 'CDK BucketDeployment handler: its Python runtime is chosen by aws-cdk-lib and moves with it.' },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'CDK BucketDeployment handler: cloudfront:CreateInvalidation and GetInvalidation support no resource-level permissions.',
        },
        ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason: `${copies}; aws-cdk-lib grants these action groups.`,
        })),
        {
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${nagAccount(stack)}-${nagRegion(stack)}/*]`,
          reason: `${copies}; it reads the asset from the CDK bootstrap bucket.`,
        },
        {
          id: `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
          reason: `${copies}; file names are those of the build.`,
        },
      );
    }
    return deployment;
  }
}
