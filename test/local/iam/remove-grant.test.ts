/**
 * What CI tests is what would be deployed: a copy of the synthesized assembly with one grant
 * taken out (register's s3:DeleteObject on unclaimed uploads, without which it cannot move an
 * attachment into the release's folder), run as it is by `npm start -- --app <dir>`. The
 * release then fails at registration with S3's AccessDenied, naming register's role and the
 * action, in the function's log and in the release's failure record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/cloud.js';
import { Driver, fixture, until, type Endpoints } from '../../e2e/driver.js';
import type { Template } from '../../../infra/local-cloud/deployer/template.js';

// Outside the checkout, as an assembly handed to `--app` would be: each bundle carries all it needs.
const work = mkdtempSync(join(tmpdir(), 'warta-grant-'));
const assembly = join(work, 'assembly');
const dataDir = join(work, 'data');
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

type Statement = { Action: string | string[]; Resource: unknown };

/** Takes `action` out of the role policies of the function whose handler is `handler`; returns the role's logical id. */
function removeGrant(template: Template, handler: string, action: string): string {
  const [, fn] = Object.entries(template.Resources).find(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.['warta:handler'] === handler,
  )!;
  const roleId = (fn.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  let removed = 0;
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy' || !(resource.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref === roleId))
      continue;
    const document = resource.Properties!.PolicyDocument as { Statement: Statement[] };
    document.Statement = document.Statement.flatMap((st) => {
      const actions = [st.Action].flat();
      if (!actions.includes(action)) return [st];
      removed++;
      const rest = actions.filter((a) => a !== action);
      return rest.length ? [{ ...st, Action: rest }] : [];
    });
  }
  if (removed === 0) throw new Error(`${handler}'s role has no ${action} grant to remove`);
  return roleId;
}

async function boot(): Promise<Endpoints> {
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', 'infra/local-cloud/start.ts', '--app', assembly, '--ephemeral-ports', '--data-dir', dataDir],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, WARTA_FAULT_RATE: '0', WARTA_SES_THROTTLE_RATE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  started.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  started.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child = started;
  await until(
    'the local cloud to start on the given assembly',
    async () => {
      if (started.exitCode !== null) throw new Error(`the local cloud exited ${started.exitCode}: ${output}`);
      return existsSync(join(dataDir, 'endpoints.json')) ? true : undefined;
    },
    120_000,
  );
  expect(output).toContain(`running the assembly in ${assembly}`);
  return JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
}

describe('a synthesized template with one grant removed, run with --app', () => {
  it('fails the release at registration with AccessDenied naming the role and the action', async () => {
    // Prepare
    cpSync(join(REPO_ROOT, 'cdk.out'), assembly, { recursive: true });
    const templateFile = join(assembly, 'Warta.template.json');
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as Template;
    const roleId = removeGrant(template, 'register', 's3:DeleteObject');
    writeFileSync(templateFile, JSON.stringify(template));
    const roleName = roleId.toLowerCase();
    const endpoints = await boot();
    const driver = new Driver(endpoints);
    const unique = `grant-${Date.now().toString(36)}`;
    const photo = await driver.upload('foto.jpg', 'image/jpeg', fixture('foto-kegiatan.jpg'));

    // Act
    const held = await driver.api('/api/releases', {
      body: {
        newsType: 'kegiatan',
        title: `Tanpa izin hapus ${unique}`,
        body: 'Kegiatan dengan satu foto.',
        submitter: { name: 'Siti', institution: 'Bappeda', email: `${unique}@bappeda.example.go.id` },
        attachments: [photo],
      },
    });
    // A sender new to the office confirms from the mail before the release is received.
    expect(held.status, held.text).toBe(202);
    const { id, statusKey } = held.json as { id: string; statusKey: string };
    const confirmed = await driver.confirmFromMail(`${unique}@`);
    expect(confirmed.status, confirmed.text).toBe(200);
    const status = await driver.untilStatus(id, statusKey, ['failed']);

    // Assert
    expect(status.status).toBe('failed');
    const resources = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as { resources: { TABLE_NAME: string } };
    const ddb = new DynamoDBClient({
      endpoint: endpoints.dynamodb,
      region: 'ap-southeast-3',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const { Item } = await ddb.send(
      new GetItemCommand({ TableName: resources.resources.TABLE_NAME, Key: { pk: { S: `RELEASE#${id}` }, sk: { S: 'RELEASE' } } }),
    );
    ddb.destroy();
    const cause = Item?.failure?.M?.cause?.S ?? '';
    const refusal = new RegExp(
      `assumed-role/${roleName}/register is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::[^/]+/incoming/`,
    );
    expect(cause).toContain('AccessDenied');
    expect(cause).toMatch(refusal);
    expect(readFileSync(join(dataDir, 'logs', 'register.log'), 'utf8')).toMatch(refusal);
  }, 240_000);
});
