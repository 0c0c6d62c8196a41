/**
 * The CDK app (cdk.json "app"): validates the office configuration named by the context
 * `warta:config` and makes the one Warta stack. No lookups and no credentials: synth works offline.
 *
 * Context: warta:config (default infra/config/dkip-malut.json), warta:stackName (default Warta),
 * warta:webDist (a prebuilt web app to deploy as it is; by default the synth builds web/).
 * Relative paths are from the repository root.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { loadConfig } from './config-loader.js';
import { nagPacks } from './nag/warta-checks.js';
import { DEFAULT_CONFIG_PATH, fromRepoRoot } from './paths.js';
import { WartaStack } from './stack.js';

export function buildApp(app: App = new App()): { app: App; stack: WartaStack } {
  const configPath = String(app.node.tryGetContext('warta:config') ?? DEFAULT_CONFIG_PATH);
  const stackName = String(app.node.tryGetContext('warta:stackName') ?? 'Warta');
  const prebuiltWeb = app.node.tryGetContext('warta:webDist') as string | undefined;
  const webDist = prebuiltWeb ? fromRepoRoot(String(prebuiltWeb)) : undefined;
  const config = loadConfig(configPath);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const region = process.env.CDK_DEFAULT_REGION;
  const stack = new WartaStack(app, 'Warta', {
    stackName,
    config,
    ...(webDist ? { webDist } : {}),
    description: `Warta: press-release workflow of ${config.office.name.en} (${config.profile})`,
    ...(account || region ? { env: { account, region } } : {}),
  });
  return { app, stack };
}

// Run only as the CDK entry point, not when a test imports buildApp (the tests run the packs themselves, for their report).
// The packs run as policy validation: an unacknowledged finding fails `cdk synth` and so `cdk deploy`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { app } = buildApp();
  Validations.of(app).addPlugins(...nagPacks());
  app.synth();
}
