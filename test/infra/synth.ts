/**
 * Synthesizes the Warta app once for a test file: a throw-away web/dist (the real web app
 * may not be built) and the config chosen by the caller, with cdk-nag's AwsSolutions pack
 * and Warta's own (WartaChecks) run over the construct tree. Returns how long the synth
 * took, for the report, never asserted.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../infra/cdk/app.js';
import { nagPacks } from '../../infra/cdk/nag/warta-checks.js';
import type { WartaStack } from '../../infra/cdk/stack.js';

export interface Synthesized {
  stack: WartaStack;
  template: Template;
  json: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }> };
  nag: PolicyValidationPluginReport;
  millis: number;
}

export function fakeWebDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'warta-web-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Warta</title>');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("warta")');
  return dir;
}

export function synthWarta(context: Record<string, string> = {}): Synthesized {
  process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
  const started = performance.now();
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'warta-cdk-out-')),
    context: { 'warta:webDist': fakeWebDist(), ...context },
  });
  const { stack } = buildApp(app);
  const template = Template.fromStack(stack);
  const millis = performance.now() - started;
  const reports = nagPacks().map((pack) => pack.validateScope(stack));
  const nag = { success: reports.every((r) => r.success), violations: reports.flatMap((r) => r.violations) };
  return { stack, template, json: template.toJSON() as Synthesized['json'], nag, millis };
}
