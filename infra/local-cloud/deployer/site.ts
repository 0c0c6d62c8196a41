import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Resolver } from './intrinsics.js';
import type { LocalBucket } from './model.js';
import { localizeCsp, type LocalUrls } from './names.js';
import type { LoadedStack, TemplateResource } from './template.js';

/**
 * What the CloudFront distribution means for the local web server: which bucket it serves
 * (the newsroom lives there), the headers of its response headers policy, and its error
 * pages.
 */

/** The bucket behind the CloudFront distribution's S3 origin; else a bucket named like "site". */
export function findSiteBucket(live: Array<[string, TemplateResource]>, buckets: LocalBucket[], resolver: Resolver): string | undefined {
  for (const [, r] of live.filter(([, x]) => x.Type === 'AWS::CloudFront::Distribution')) {
    const config = resolver.resolve(r.Properties?.DistributionConfig ?? {}) as { Origins?: Array<{ DomainName?: string }> };
    for (const origin of config.Origins ?? []) {
      const bucket = buckets.find((b) => origin.DomainName?.startsWith(`${b.name}.s3.`));
      if (bucket) return bucket.name;
    }
  }
  return buckets.find((b) => /site|newsroom|public/i.test(b.logicalId))?.name;
}

/**
 * The web app the template deploys: the asset folder in cdk.out, among the sources of its
 * BucketDeployment (each `<hash>.zip` is staged as `asset.<hash>`), that holds index.html.
 * The synth builds it, so the local web server serves the very files a deploy would upload.
 */
export function webAppDirOf(stack: LoadedStack): string | undefined {
  for (const r of Object.values(stack.template.Resources).filter((x) => x.Type === 'Custom::CDKBucketDeployment')) {
    const keys = r.Properties?.SourceObjectKeys;
    for (const key of Array.isArray(keys) ? keys : []) {
      if (typeof key !== 'string') continue;
      const dir = join(stack.cdkOut, `asset.${key.replace(/\.zip$/, '')}`);
      if (existsSync(join(dir, 'index.html'))) return dir;
    }
  }
  return undefined;
}

const DEFAULT_SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The CloudFront ResponseHeadersPolicy's security headers, as the local web server sends them. */
export function securityHeadersOf(live: Array<[string, TemplateResource]>, resolver: Resolver, urls: LocalUrls): Record<string, string> {
  const policy = live.find(([, r]) => r.Type === 'AWS::CloudFront::ResponseHeadersPolicy');
  if (!policy) return DEFAULT_SECURITY_HEADERS;
  const config = resolver.resolve(policy[1].Properties?.ResponseHeadersPolicyConfig ?? {}) as Record<string, any>;
  const s = config.SecurityHeadersConfig ?? {};
  const headers: Record<string, string> = {};
  if (s.ContentSecurityPolicy) headers['content-security-policy'] = localizeCsp(s.ContentSecurityPolicy.ContentSecurityPolicy, urls);
  if (s.ContentTypeOptions) headers['x-content-type-options'] = 'nosniff';
  if (s.FrameOptions) headers['x-frame-options'] = s.FrameOptions.FrameOption;
  if (s.ReferrerPolicy) headers['referrer-policy'] = s.ReferrerPolicy.ReferrerPolicy;
  if (s.StrictTransportSecurity) {
    const t = s.StrictTransportSecurity;
    headers['strict-transport-security'] =
      `max-age=${t.AccessControlMaxAgeSec}${t.IncludeSubdomains ? '; includeSubDomains' : ''}${t.Preload ? '; preload' : ''}`;
  }
  if (s.XSSProtection) {
    const x = s.XSSProtection;
    headers['x-xss-protection'] = x.Protection
      ? `1${x.ModeBlock ? '; mode=block' : ''}${x.ReportUri ? `; report=${x.ReportUri}` : ''}`
      : '0';
  }
  for (const item of config.CustomHeadersConfig?.Items ?? []) headers[String(item.Header).toLowerCase()] = String(item.Value);
  return headers;
}

/** A CloudFront custom error response: the page served, with which status, for an origin's error status. */
export interface ErrorPage {
  /** The origin's status it answers (S3 answers a missing key with 403). */
  httpStatus: number;
  responseCode: number;
  pagePath: string;
}

/** The distribution's custom error responses that name a page. */
export function errorPagesOf(live: Array<[string, TemplateResource]>, resolver: Resolver): ErrorPage[] {
  const pages: ErrorPage[] = [];
  for (const [, r] of live.filter(([, x]) => x.Type === 'AWS::CloudFront::Distribution')) {
    const config = resolver.resolve(r.Properties?.DistributionConfig ?? {}) as {
      CustomErrorResponses?: Array<{ ErrorCode?: number; ResponseCode?: number; ResponsePagePath?: string }>;
    };
    for (const e of config.CustomErrorResponses ?? []) {
      if (e.ErrorCode && e.ResponsePagePath)
        pages.push({ httpStatus: Number(e.ErrorCode), responseCode: Number(e.ResponseCode ?? e.ErrorCode), pagePath: e.ResponsePagePath });
    }
  }
  return pages;
}
