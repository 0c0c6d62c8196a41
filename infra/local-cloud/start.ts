import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildForLocalCloud, stopTools } from './build.js';
import { startLocalCloud, type LocalCloud } from './cloud.js';
import { AUDIT_KEY_HEADER } from './http/api.js';

/**
 * `npm start`: synthesize (when the sources changed; the synth builds the web app), boot
 * the local cloud with the template deployed, print the URLs. State lives in `.warta/`;
 * `npm start -- --reset` starts clean. Ctrl-C or SIGTERM stops everything.
 *
 * Flags: --reset, --verbose (function logs on the console too), --synth (synthesize even
 * if cdk.out looks fresh), --no-build (use cdk.out as it is),
 * --data-dir <dir> (instead of .warta), --ephemeral-ports (all ports chosen by the OS),
 * --app <cloud assembly dir> (run an already-synthesized assembly as it is, never
 * synthesizing, as `cdk deploy --app <dir>` deploys one: what CI tested is what would ship).
 * Ports: WARTA_PORT_WEB, _API, _DYNAMODB, _S3, _SES, _STEPFUNCTIONS (defaults 4000..4005).
 * Faults: WARTA_FAULT_RATE=0.3 fails that share of Lambda invocations with Lambda.ServiceException
 * before they run (WARTA_FAULT_FUNCTIONS=publish,notify limits it to those functions).
 * WARTA_SES_THROTTLE_RATE=0.5 refuses that share of SES send calls as SES does past its sending rate (Throttling).
 * Lambda concurrency: WARTA_LAMBDA_CONCURRENCY (workers per function, default 4).
 */

// The deployer's SDK clients run on this Node 20 host; AWS's Lambda runtime is Node 22.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = fileURLToPath(new URL('../../', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    reset: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    synth: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    'ephemeral-ports': { type: 'boolean', default: false },
    app: { type: 'string' },
  },
});
const cdkOut = flags.app ? resolve(flags.app) : join(root, 'cdk.out');
// Another data dir and ephemeral ports let a test run this very entry point as a child
// process (e.g. to kill -9 it); the real ports are then in <data dir>/endpoints.json.
const dataDir = resolve(flags['data-dir'] ?? join(root, '.warta'));

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

async function timed(label: string, work: () => Promise<void>): Promise<void> {
  const t = performance.now();
  console.log(`${label}…`);
  await work();
  console.log(`${label}: done in ${seconds(t)}`);
}

let cloud: LocalCloud | undefined;
let stopping = false;
let firstSignalAt = 0;
/** Ctrl-C reaches this process several times at once (the terminal's process group, npm and
 * tsx relay it), so only a signal well after the first one means "stop at once". */
const REPEAT_SIGNAL_MS = 2_000;
const STOP_TIMEOUT_MS = 15_000;
const stop = (signal: string) => {
  if (stopping) {
    if (performance.now() - firstSignalAt < REPEAT_SIGNAL_MS) return;
    console.log('Stopping at once.');
    process.exit(1);
  }
  stopping = true;
  firstSignalAt = performance.now();
  console.log(`\n${signal}: stopping the local cloud…`);
  setTimeout(() => {
    console.log(`Not stopped after ${STOP_TIMEOUT_MS / 1000} s: exiting anyway.`);
    process.exit(1);
  }, STOP_TIMEOUT_MS).unref();
  stopTools();
  (cloud ? cloud.close() : Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

async function main() {
  if (!flags['no-build']) {
    const built = await buildForLocalCloud(root, cdkOut, { forceSynth: flags.synth, noSynth: flags.app !== undefined, step: timed });
    if (flags.app) console.log(`cdk synth: none, running the assembly in ${cdkOut}`);
    else if (!built.includes('cdk synth')) console.log('cdk synth: cdk.out is up to date');
  }

  if (stopping) return;
  cloud = await startLocalCloud({
    dataDir,
    reset: flags.reset,
    verbose: flags.verbose,
    cdkOut,
    ports: flags['ephemeral-ports'] ? 'ephemeral' : undefined,
  });
  if (stopping) {
    await cloud.close();
    return;
  }
  const e = cloud.endpoints;
  console.log(`
Warta is running on the local cloud (ready in ${process.uptime().toFixed(1)} s after launch):
  web app        ${e.web}
  newsroom       ${e.web}/berita/
  office desk    ${e.web}/meja   (sign in with a configured person's address; the link arrives in the mailbox)
  API            ${e.api}
  mailbox        ${e.mailbox}   (mail as JSON: ${e.ses}/store)
  Step Functions ${e.stepfunctions}
  DynamoDB       ${e.dynamodb}
  S3             ${e.s3}
  audit routes   header ${AUDIT_KEY_HEADER}: ${cloud.auditKey}   (kept in ${join(dataDir, 'audit-key')})
  endpoints      ${join(dataDir, 'endpoints.json')}   function logs: ${join(dataDir, 'logs')}/
Ctrl-C stops it; state in .warta/ survives a restart (npm start -- --reset starts clean).`);
}

main().catch((error: unknown) => {
  if (stopping) return;
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
});
