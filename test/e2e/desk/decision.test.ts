/**
 * A Kabid signed in to the desk disposes a release from the task link: the decision goes
 * through the web origin to POST /api/desk/task (the desk API, its session authorizer,
 * then the task function under the permission the desk route grants) and records the
 * session; the same kind of decision by the link alone records none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { sha256Hex } from '../../../functions/domain/ids.js';
import { keys } from '../../../functions/domain/keys.js';
import { startTestCloud, type TestCloud } from '../../support/cloud.js';
import { deskRequest, signIn } from '../../support/desk.js';
import { Driver, until } from '../driver.js';

const KABID = 'kabid.piks@kominfo.example.go.id';
const DISPOSE = { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera liput.', urgency: 'biasa' };

describe('a decision from the signed-in desk, on the local cloud', () => {
  let cloud: TestCloud;
  let driver: Driver;
  const used = new Set<string>();

  beforeAll(async () => {
    cloud = await startTestCloud();
    driver = new Driver(cloud.endpoints);
  });
  afterAll(() => cloud?.stop());

  /** Submits a release as the office's own operator (no confirmation needed) and waits for the Kabid's disposition link. */
  async function dispositionLink(title: string): Promise<string> {
    const created = await driver.api('/api/releases', {
      body: {
        newsType: 'kegiatan',
        title,
        body: 'Kegiatan kantor yang perlu diliput.',
        submitter: { name: 'Sari Wulandari', institution: 'Diskominfo', email: 'sari@kominfo.example.go.id' },
        attachments: [],
      },
    });
    expect(created.status).toBe(201);
    return until(`the disposition link of "${title}"`, async () => {
      for (const mail of await driver.mails()) {
        if (
          !mail.destination.to.join().includes(KABID) ||
          !`${mail.subject}\n${mail.body.text ?? ''}`.includes(title) ||
          !/\/t\//.test(mail.body.text ?? '')
        )
          continue;
        const link = driver.linkOf(mail);
        if (!used.has(link)) return (used.add(link), link);
      }
      return undefined;
    });
  }

  async function decisionOf(link: string): Promise<Record<string, any> | undefined> {
    const ddb = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: cloud.endpoints.dynamodb,
        region: 'ap-southeast-3',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    );
    const table = cloud.model.tables[0]!.name;
    const linkItem = (await ddb.send(new GetCommand({ TableName: table, Key: keys.task(sha256Hex(link)) }))).Item;
    const taskId = (linkItem?.taskId as string | undefined) ?? sha256Hex(link);
    const task = (await ddb.send(new GetCommand({ TableName: table, Key: keys.task(taskId) }))).Item;
    ddb.destroy();
    return task?.decision as Record<string, any> | undefined;
  }

  it('records the session of a decision made signed in, and none for one made by the link alone', async () => {
    // Prepare
    const kabid = await signIn(cloud, KABID);
    const signedInLink = await dispositionLink(`Desk decision ${Date.now().toString(36)}`);
    const linkOnly = await dispositionLink(`Link decision ${Date.now().toString(36)}`);

    // Act
    const fromDesk = await deskRequest(cloud, 'POST', '/api/desk/task', {
      session: kabid,
      body: DISPOSE,
      headers: { 'x-warta-link': signedInLink },
    });
    const byLink = await deskRequest(cloud, 'POST', '/api/task', { body: DISPOSE, headers: { 'x-warta-link': linkOnly } });

    // Assert
    expect(fromDesk.status, fromDesk.text).toBe(200);
    expect(byLink.status, byLink.text).toBe(200);
    const signedInDecision = await decisionOf(signedInLink);
    expect(signedInDecision?.actor.id).toBe('kabid-piks');
    expect(signedInDecision?.session).toMatchObject({ sessionId: kabid.sessionId, personId: 'kabid-piks' });
    const linkDecision = await decisionOf(linkOnly);
    expect(linkDecision?.actor.id).toBe('kabid-piks');
    expect(linkDecision?.session).toBeUndefined();
  });
});
