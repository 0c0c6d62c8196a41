import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalCloud, type Endpoints, type LocalCloud, type LocalCloudOptions } from '../../infra/local-cloud/cloud.js';

/**
 * One local cloud per test file: the real synthesized template (cdk.out, made fresh by
 * test/support/global-setup.ts) on ephemeral ports with a temp data dir, removed on stop.
 *
 *   let cloud: TestCloud;
 *   beforeAll(async () => { cloud = await startTestCloud(); });
 *   afterAll(() => cloud.stop());
 *   ... fetch(`${cloud.endpoints.api}/api/releases`, ...); await cloud.mail();
 */

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CapturedMail {
  messageId: string;
  from: string;
  replyTo?: string[];
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export interface TestCloud extends LocalCloud {
  endpoints: Endpoints;
  dataDir: string;
  /** The mail captured so far by the SES emulator (its /store). */
  mail(): Promise<CapturedMail[]>;
  /** Headers that pass the auditor routes' local IAM check. */
  auditHeaders(): Record<string, string>;
  stop(): Promise<void>;
}

export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'warta-cloud-'));
  const cloud = await startLocalCloud({
    dataDir,
    ports: 'ephemeral',
    cdkOut: join(REPO_ROOT, 'cdk.out'),
    log: () => {},
    ...options,
  });
  return {
    ...cloud,
    dataDir,
    async mail() {
      const response = await fetch(`${cloud.endpoints.ses}/store`);
      return ((await response.json()) as { emails: CapturedMail[] }).emails;
    },
    auditHeaders: () => ({ 'x-warta-audit-key': cloud.auditKey }),
    async stop() {
      await cloud.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The endpoints a running `npm start` wrote, for tools that attach to it. */
export function runningEndpoints(dataDir = join(REPO_ROOT, '.warta')): Endpoints {
  return JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
}
