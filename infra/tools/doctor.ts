/**
 * `npm run doctor` — is this Warta ready to take releases? Prints each check, and for each
 * gap what the operator does next. Exit code 0 when ready, 1 while a gap remains, 2 when
 * the doctor itself cannot run (bad arguments, no local cloud).
 *
 *   npm run doctor -- --aws [--stack Warta] [--region ap-southeast-3]
 *     the deployed stack; credentials and Region from the SDK's usual chain (profile, SSO, env)
 *   npm run doctor [-- --endpoints .warta/endpoints.json]
 *     the running `npm start`: its table and state machine; SES and SNS have no local meaning
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { diagnoseLocal, diagnoseStack, formatReport } from './doctor/doctor.js';
import { isGap, type Finding } from './doctor/readiness.js';
import { awsClients } from './doctor/reads.js';
import type { Endpoints } from '../local-cloud/cloud.js';
import { LOCAL_CREDENTIALS } from '../local-cloud/deployer/deploy.js';
import { LOCAL_REGION } from '../local-cloud/deployer/names.js';
import { fromRepoRoot } from '../cdk/paths.js';

const USAGE = `usage: npm run doctor -- [--aws [--stack NAME] [--region REGION]] [--endpoints FILE]
  --aws             check the deployed stack (AWS credentials from the usual places)
  --stack NAME      the stack's name (default Warta)
  --region REGION   the stack's Region (default: the SDK's, from AWS_REGION or the profile)
  --endpoints FILE  without --aws: the local cloud's endpoints (default .warta/endpoints.json)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        aws: { type: 'boolean' },
        stack: { type: 'string' },
        region: { type: 'string' },
        endpoints: { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
// The CLI may run on Node 20; the SDK's notice about Node 22 is not for the operator.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

async function onAws(): Promise<{ title: string; findings: Finding[] }> {
  const stackName = values.stack ?? 'Warta';
  const clients = awsClients(values.region);
  const region = await clients.cloudformation.config
    .region()
    .catch(() => fail("no AWS Region: pass --region or set AWS_REGION (or a profile's region)"));
  return { title: `Warta doctor: stack ${stackName} in ${region}`, findings: await diagnoseStack(clients, stackName, region) };
}

async function onLocalCloud(): Promise<{ title: string; findings: Finding[] }> {
  if (values.stack || values.region) fail('--stack and --region go with --aws');
  const file = values.endpoints ?? fromRepoRoot('.warta/endpoints.json');
  if (!existsSync(file)) fail(`the local cloud is not running (no ${file}): run npm start, or use --aws`);
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as Endpoints & { resources?: Record<string, string> };
  const resources = endpoints.resources ?? fail(`${file} names no resources: restart npm start`);
  const config = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const clients = {
    sfn: new SFNClient({ ...config, endpoint: endpoints.stepfunctions }),
    dynamodb: new DynamoDBClient({ ...config, endpoint: endpoints.dynamodb }),
  };
  return {
    title: `Warta doctor: the local cloud (${file})`,
    findings: await diagnoseLocal(clients, { resources, mailbox: endpoints.mailbox }),
  };
}

async function main() {
  const { title, findings } = values.aws ? await onAws() : await onLocalCloud();
  process.stdout.write(formatReport(title, findings));
  process.exitCode = findings.some(isGap) ? 1 : 0;
}

main().catch((e: Error) => {
  process.stderr.write(`doctor: ${e.name}: ${e.message}\n`);
  process.exit(2);
});
