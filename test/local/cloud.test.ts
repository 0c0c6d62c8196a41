import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DescribeTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetBucketCorsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListStateMachinesCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startLocalCloud, type LocalCloud } from '../../infra/local-cloud/cloud.js';
import { FIXTURE_CDK_OUT } from './fixture.js';

// The whole local cloud on the hand-made fixture template: ephemeral ports, a temp data dir.
describe('startLocalCloud on a fixture template', () => {
  let cloud: LocalCloud;
  let dataDir: string;
  let webDist: string;
  const lines: string[] = [];
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const region = 'ap-southeast-3';

  const start = () =>
    startLocalCloud({ dataDir, ports: 'ephemeral', cdkOut: FIXTURE_CDK_OUT, webDist, timeScale: 0.001, log: (line) => lines.push(line) });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'warta-cloud-'));
    webDist = mkdtempSync(join(tmpdir(), 'warta-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Warta</title>');
    writeFileSync(join(webDist, 'assets', 'app-123.js'), 'console.log(1)');
    cloud = await start();
  });

  afterAll(async () => {
    await cloud?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDist, { recursive: true, force: true });
  });

  it('writes endpoints.json with the real ports and the deployed resources', () => {
    const { resources, ...endpoints } = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8'));
    expect(Object.keys(endpoints).sort()).toEqual(['api', 'dynamodb', 'mailbox', 's3', 'secretsmanager', 'ses', 'stepfunctions', 'web']);
    for (const url of Object.values(endpoints)) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*\/?$/);
    expect(endpoints).toEqual(cloud.endpoints);
    expect(resources.TABLE_NAME).toBe('storagetable0a1b2c3d');
  });

  it('creates the declared table with its GSI and the buckets with their CORS', async () => {
    const dynamodb = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region, credentials });
    const s3 = new S3Client({ endpoint: cloud.endpoints.s3, region, credentials, forcePathStyle: true });

    const table = await dynamodb.send(new DescribeTableCommand({ TableName: 'storagetable0a1b2c3d' }));
    const cors = await s3.send(new GetBucketCorsCommand({ Bucket: 'uploadsbuckete1f2a3b4' }));

    expect(table.Table?.GlobalSecondaryIndexes?.map((g) => g.IndexName)).toEqual(['gsi1']);
    expect(cors.CORSRules?.[0]?.AllowedOrigins).toEqual([cloud.endpoints.web]);
    expect(cors.CORSRules?.[0]?.AllowedMethods).toEqual(['PUT']);
    dynamodb.destroy();
    s3.destroy();
  });

  it('names the resource types it does not run in one line', () => {
    expect(lines.filter((l) => l.startsWith('not emulated: '))).toEqual([
      'not emulated: AWS::CloudWatch::Alarm (2), AWS::Lambda::Function[python3.13], AWS::SES::ConfigurationSet, AWS::SNS::Topic',
    ]);
  });

  it('registers the state machine, runs it through the SFN API and feeds the status change to the rule', async () => {
    // Prepare
    const sfn = new SFNClient({ endpoint: cloud.endpoints.stepfunctions, region, credentials });
    const marker = `m-${Date.now()}`;
    const logFile = join(dataDir, 'logs', 'echo.log');

    // Act
    const machines = await sfn.send(new ListStateMachinesCommand({}));
    const arn = machines.stateMachines?.[0]?.stateMachineArn;
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ marker }) }));
    const status = await cloud.stepFunctions.engine.waitForExecution(executionArn!);

    // Assert: the echo function ran twice: once as the task, once for the SUCCEEDED rule
    expect(arn).toBe('arn:aws:states:ap-southeast-3:111111111111:stateMachine:workflowstatemachinedeadbeef');
    expect(status).toBe('SUCCEEDED');
    await vi.waitFor(() => {
      const starts = readFileSync(logFile, 'utf8').match(/^START /gm) ?? [];
      expect(starts.length).toBeGreaterThanOrEqual(2);
    });
    sfn.destroy();
  });

  it('answers API routes through the deployed functions', async () => {
    const response = await fetch(`${cloud.endpoints.api}/api/releases/r-1`, { headers: { origin: cloud.endpoints.web } });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(cloud.endpoints.web);
    expect((await response.json()).pathParameters).toEqual({ id: 'r-1' });
  });

  it('serves the web app with SPA routes, config.json and the security headers', async () => {
    const task = await fetch(`${cloud.endpoints.web}/t/abc`);
    const status = await fetch(`${cloud.endpoints.web}/s/xyz?key=1`);
    const asset = await fetch(`${cloud.endpoints.web}/assets/app-123.js`);
    const config = await (await fetch(`${cloud.endpoints.web}/config.json`)).json();
    const missing = await fetch(`${cloud.endpoints.web}/nope.js`);

    expect(await task.text()).toContain('<title>Warta</title>');
    expect(task.headers.get('x-frame-options')).toBe('DENY');
    expect(task.headers.get('content-security-policy')).toBe("default-src 'self'");
    expect(status.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(config).toEqual({ apiUrl: `${cloud.endpoints.api}/`, siteUrl: cloud.endpoints.web });
    expect(missing.status).toBe(404);
  });

  it('forwards /api/ on the web origin to the same API', async () => {
    const response = await fetch(`${cloud.endpoints.web}/api/releases/r-2`);
    expect(response.status).toBe(201);
    expect((await response.json()).pathParameters).toEqual({ id: 'r-2' });
  });

  it('serves the newsroom from the site bucket under /berita/', async () => {
    // Prepare
    const s3 = new S3Client({ endpoint: cloud.endpoints.s3, region, credentials, forcePathStyle: true });
    const slug = `rilis-${Date.now()}`;
    await s3.send(
      new PutObjectCommand({
        Bucket: 'sitebucketaabbccdd',
        Key: `berita/${slug}/index.html`,
        Body: `<h1>${slug}</h1>`,
        ContentType: 'text/html; charset=utf-8',
      }),
    );

    // Act
    const page = await fetch(`${cloud.endpoints.web}/berita/${slug}/`);

    // Assert
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(`<h1>${slug}</h1>`);
    s3.destroy();
  });

  it('serves the mailbox page and lists captured mail as JSON', async () => {
    // Prepare
    const ses = new SESv2Client({ endpoint: cloud.endpoints.ses, region, credentials });
    const subject = `Uji kotak surat ${Date.now()}`;
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'humas@kominfo.example.go.id',
        Destination: { ToAddresses: ['kabid@kominfo.example.go.id'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'Halo' } } } },
      }),
    );
    ses.destroy();

    // Act
    const page = await fetch(cloud.endpoints.mailbox);
    const store = await (await fetch(`${cloud.endpoints.ses}/store`)).json();

    // Assert
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(store.emails.map((e: { subject: string }) => e.subject)).toContain(subject);
  });

  it('answers mail to the SES mailbox simulator with a bounce event on the bus', async () => {
    // Prepare
    const ses = new SESv2Client({ endpoint: cloud.endpoints.ses, region, credentials });
    const logFile = join(dataDir, 'logs', 'mail-feedback.log');

    // Act
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: 'humas@kominfo.example.go.id',
        Destination: { ToAddresses: ['"Redaksi" <bounce@simulator.amazonses.com>'] },
        ConfigurationSetName: 'mailconfigurationsetab12cd34',
        Content: { Simple: { Subject: { Data: 'Siaran pers' }, Body: { Text: { Data: 'Isi' } } } },
      }),
    );
    ses.destroy();

    // Assert: the rule on the template's configuration set invoked its function with the event
    await vi.waitFor(
      () => {
        const log = readFileSync(logFile, 'utf8');
        expect(log).toContain('"detail-type":"Email Bounced"');
        expect(log).toContain('"bouncedRecipients":[{"emailAddress":"bounce@simulator.amazonses.com"');
        expect(log).toContain('"ses:configuration-set":["mailconfigurationsetab12cd34"]');
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it('keeps its state, mail and audit key across a restart', async () => {
    // Prepare
    const id = `persist-${Date.now()}`;
    const mailBefore = (await (await fetch(`${cloud.endpoints.ses}/store`)).json()).emails.length;
    let dynamodb = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region, credentials });
    await dynamodb.send(new PutItemCommand({ TableName: 'storagetable0a1b2c3d', Item: { pk: { S: id }, sk: { S: 'X' } } }));
    dynamodb.destroy();
    const key = cloud.auditKey;

    // Act
    await cloud.close();
    cloud = await start();
    dynamodb = new DynamoDBClient({ endpoint: cloud.endpoints.dynamodb, region, credentials });
    const item = await dynamodb.send(new GetItemCommand({ TableName: 'storagetable0a1b2c3d', Key: { pk: { S: id }, sk: { S: 'X' } } }));

    // Assert
    expect(item.Item?.pk?.S).toBe(id);
    expect((await (await fetch(`${cloud.endpoints.ses}/store`)).json()).emails).toHaveLength(mailBefore);
    expect(cloud.auditKey).toBe(key);
    expect(readFileSync(join(dataDir, 'audit-key'), 'utf8').trim()).toBe(key);
    dynamodb.destroy();
  });
});
