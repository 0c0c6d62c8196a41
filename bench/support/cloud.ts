/**
 * The local cloud a benchmark runs against: the real synthesized template (cdk.out and the
 * web app it deploys, made fresh first when the sources are newer), ephemeral ports on
 * 127.0.0.1, a temp data dir removed on stop. Also the environment that points the AWS SDK in this process (seeding,
 * the audit export) at the same emulators and resources the functions use.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildForLocalCloud } from '../../infra/local-cloud/build.js';
import { LOCAL_REGION } from '../../infra/local-cloud/deployer/names.js';
import { sdkEnvironment, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../infra/local-cloud/cloud.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CDK_OUT = join(REPO_ROOT, 'cdk.out');

export interface BenchCloud extends LocalCloud {
  dataDir: string;
  /** Environment for AWS SDK clients created in this process (table, buckets, endpoints). */
  sdkEnv: Record<string, string>;
  stop(): Promise<void>;
}

export async function startBenchCloud(options: Partial<LocalCloudOptions> = {}): Promise<BenchCloud> {
  await buildForLocalCloud(REPO_ROOT, CDK_OUT);
  const dataDir = mkdtempSync(join(tmpdir(), 'warta-bench-'));
  const cloud = await startLocalCloud({ dataDir, ports: 'ephemeral', cdkOut: CDK_OUT, log: () => {}, ...options });
  // Every function's own variables (table, buckets, config) merged, then the SDK's pointing.
  const resources = Object.assign({}, ...cloud.model.functions.map((f) => f.environment)) as Record<string, string>;
  return {
    ...cloud,
    dataDir,
    sdkEnv: { ...resources, ...sdkEnvironment(cloud.endpoints), AWS_REGION: LOCAL_REGION, POWERTOOLS_LOG_LEVEL: 'WARN' },
    async stop() {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Points this process's AWS SDK at the bench cloud; call before importing functions/adapters. */
export function useCloudInThisProcess(cloud: BenchCloud): void {
  Object.assign(process.env, cloud.sdkEnv);
}

/** The synthesized template, for the idle inventory. */
export function template(): { Resources: Record<string, { Type: string; Properties?: any }> } {
  const file = readdirSync(CDK_OUT).find((f) => f.endsWith('.template.json'))!;
  return JSON.parse(readFileSync(join(CDK_OUT, file), 'utf8'));
}
