/**
 * An SOP that ends with archiving (esdm-babel: no notify or report step): the archive
 * stage closes the release — status completed and one activity record for the report.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutputStores, startOutputStores } from './harness.js';
import { seedRelease } from './seed.js';

let stores: OutputStores;
let archive: (input: unknown) => Promise<{ archiveNumber: string }>;
let getRelease: typeof import('../../../functions/adapters/release-store.js').getRelease;

beforeAll(async () => {
  stores = await startOutputStores('esdm-babel.json');
  archive = (await import('../../../functions/handlers/archive.js')).handler;
  ({ getRelease } = await import('../../../functions/adapters/release-store.js'));
});

afterAll(async () => {
  await stores?.stop();
});

describe('archive as the last stage of the SOP', () => {
  it('completes the release and writes its activity record once', async () => {
    // Prepare
    const release = await seedRelease(stores, {
      profile: 'esdm-babel',
      newsType: 'energi',
      decisions: [
        {
          stageId: 'review',
          round: 1,
          action: 'approve',
          actor: { id: 'koordinator', name: 'Koordinator', role: 'koordinator', email: 'k@esdm.example.go.id' },
          at: '2026-11-20T01:30:00.000Z',
          paraf: {
            personId: 'koordinator',
            name: 'Koordinator',
            role: 'koordinator',
            at: '2026-11-20T01:30:00.000Z',
            round: 1,
            textSha256: '0'.repeat(64),
          },
        },
        {
          stageId: 'approve',
          round: 1,
          action: 'approve',
          actor: { id: 'sekretaris', name: 'Sekretaris', role: 'sekretaris', email: 's@esdm.example.go.id' },
          at: '2026-11-20T02:00:00.000Z',
          paraf: {
            personId: 'sekretaris',
            name: 'Sekretaris',
            role: 'sekretaris',
            at: '2026-11-20T02:00:00.000Z',
            round: 1,
            textSha256: '0'.repeat(64),
          },
        },
      ],
    });
    const payload = { releaseId: release.id, stageId: 'archive', enteredAt: '2026-11-20T03:00:00.000Z' };
    // Act
    const first = await archive(payload);
    await archive(payload);
    // Assert
    expect(first.archiveNumber).toMatch(/^400\.14\.9\/\d{3}\/ESDM-BABEL\/\d{4}$/);
    expect((await getRelease(release.id)).status).toBe('completed');
    const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    const items = await ddb.send(
      new QueryCommand({
        TableName: stores.table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'REPORT#2026-11' },
      }),
    );
    ddb.destroy();
    const mine = (items.Items ?? []).filter((i) => i.releaseId === release.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.steps.map((s: { stageId: string }) => s.stageId)).toEqual(['review', 'approve', 'archive']);
  });
});
