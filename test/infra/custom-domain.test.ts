/**
 * An office with its own domain (config `site`): the distribution answers on it with the
 * office's us-east-1 certificate at TLSv1.2_2021, and the links, CORS and WEB_ORIGIN follow it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/cdk/app.js';
import { REPO_ROOT } from '../../infra/cdk/paths.js';
import { fakeWebDist, synthWarta, type Synthesized } from './synth.js';
import { envOf, resourcesOfType } from './template.js';

const DOMAIN = 'warta.kominfo.example.go.id';
const CERTIFICATE = 'arn:aws:acm:us-east-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function configFile(change: (config: Record<string, any>) => void): string {
  const config = JSON.parse(readFileSync(join(REPO_ROOT, 'infra/config/dkip-malut.json'), 'utf8'));
  change(config);
  const file = join(mkdtempSync(join(tmpdir(), 'warta-config-')), 'office.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('an office with its own domain', () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthWarta({ 'warta:config': configFile((c) => (c.site = { domain: DOMAIN, certificateArn: CERTIFICATE })) });
  });

  it('the distribution answers on the domain with the us-east-1 certificate, SNI and TLSv1.2_2021', () => {
    const [[, distribution]] = resourcesOfType(s, 'AWS::CloudFront::Distribution') as unknown as [
      [string, { Properties: { DistributionConfig: Record<string, unknown> } }],
    ];

    expect(distribution.Properties.DistributionConfig).toMatchObject({
      Aliases: [DOMAIN],
      ViewerCertificate: { AcmCertificateArn: CERTIFICATE, SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' },
    });
  });

  it('links, CORS and the web URL output name the domain, not the cloudfront.net one', () => {
    const origin = `https://${DOMAIN}`;

    expect(envOf(s, 'releases-create').WEB_ORIGIN).toBe(origin);
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: [origin] } });
    expect((s.template.toJSON().Outputs as Record<string, { Value: unknown }>).WebUrl!.Value).toBe(origin);
  });

  it('passes AwsSolutions and WartaChecks with no CloudFront TLS acknowledgement needed', () => {
    const findings = s.nag.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    const acknowledged = s.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules').flatMap((m) => Object.keys(m.data as object)));

    expect(findings).toEqual([]);
    expect(acknowledged.some((id) => id.includes('AwsSolutions-CFR4'))).toBe(false);
  });
});

describe('a custom web origin without its domain', () => {
  it('stops the synth, saying what to add', () => {
    const file = configFile((c) => (c.webOrigin = `https://${DOMAIN}`));
    const app = new App({
      outdir: mkdtempSync(join(tmpdir(), 'warta-cdk-out-')),
      context: { 'warta:config': file, 'warta:webDist': fakeWebDist() },
    });

    expect(() => buildApp(app)).toThrow(
      /webOrigin https:\/\/warta\.kominfo\.example\.go\.id without site: add site\.domain and site\.certificateArn/,
    );
  });
});
