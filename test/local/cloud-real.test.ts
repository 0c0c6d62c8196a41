import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { startTestCloud, type TestCloud } from '../support/cloud.js';

// The real synthesized app (cdk.out, kept fresh by test/support/global-setup.ts) on the
// local cloud: the same template `npm start` and `cdk deploy` use.
describe('the synthesized Warta template on the local cloud', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud();
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('writes endpoints.json with every local URL', () => {
    const endpoints = JSON.parse(readFileSync(join(cloud.dataDir, 'endpoints.json'), 'utf8'));
    expect(endpoints).toEqual(cloud.endpoints);
    expect(endpoints.mailbox).toBe(`${endpoints.ses}/`);
  });

  it('loads a function for every HTTP API route', () => {
    const routes = cloud.model.apis.flatMap((api) => api.routes);
    expect(routes.map((r) => r.routeKey)).toContain('POST /api/uploads');
    for (const route of routes) expect(cloud.invoker.has(route.functionName!)).toBe(true);
  });

  it('answers POST /api/uploads with a bad body with a 400 JSON error, Indonesian first', async () => {
    const id = await fetch(`${cloud.endpoints.api}/api/uploads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"filename":1}' });
    const en = await fetch(`${cloud.endpoints.api}/api/uploads`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: '{"filename":1}' });

    expect(id.status).toBe(400);
    const idBody = await id.json();
    const enBody = await en.json();
    expect(typeof idBody.error.code).toBe('string');
    expect(idBody.error.message).not.toBe(enBody.error.message);
  });

  it('registers the state machine with the engine', async () => {
    const sfn = new SFNClient({ endpoint: cloud.endpoints.stepfunctions, region: 'ap-southeast-3', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines?.map((m) => m.name)).toEqual(cloud.model.stateMachines.map((m) => m.name));
    expect(stateMachines?.length).toBeGreaterThan(0);
    sfn.destroy();
  });

  it('guards the auditor routes with the local key', async () => {
    const response = await fetch(`${cloud.endpoints.api}/api/audit/releases`);
    expect(response.status).toBe(403);
  });

  it('serves config.json with the local API and site URLs', async () => {
    const config = await (await fetch(`${cloud.endpoints.web}/config.json`)).json();
    expect(config).toEqual({ apiUrl: `${cloud.endpoints.api}/`, siteUrl: cloud.endpoints.web });
  });
});
