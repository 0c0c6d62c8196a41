import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let directory: typeof import('../../../functions/adapters/directory-store.js');
let clients: typeof import('../../../functions/adapters/clients/dynamodb.js');

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  directory = await import('../../../functions/adapters/directory-store.js');
  clients = await import('../../../functions/adapters/clients/dynamodb.js');
});
afterAll(async () => stores.stop());

const put = (item: Record<string, unknown>) => clients.ddb.put({ TableName: stores.table, Item: item });

describe('people and outlets edited at run time', () => {
  it('adds, replaces and removes configured entries, and ignores invalid edits', async () => {
    // Prepare
    await put({
      pk: 'DIRECTORY',
      sk: 'PERSON#kabid-baru',
      id: 'kabid-baru',
      name: 'Siti',
      email: 'siti@kominfo.example.go.id',
      roles: ['kabid'],
    });
    await put({
      pk: 'DIRECTORY',
      sk: 'PERSON#kasi-humas',
      id: 'kasi-humas',
      name: 'Andi S.',
      email: 'andi.baru@kominfo.example.go.id',
      roles: ['kasi'],
    });
    await put({ pk: 'DIRECTORY', sk: 'PERSON#kasi-piks', id: 'kasi-piks', removed: true });
    await put({ pk: 'DIRECTORY', sk: 'PERSON#rusak', id: 'rusak', name: 'X', email: 'not-an-email', roles: ['kabid'] });
    // Act
    const people = await directory.listPeople();
    const outlets = await directory.listOutlets();
    // Assert
    const byId = new Map(people.map((p) => [p.id, p]));
    expect(byId.get('kabid-baru')).toMatchObject({ name: 'Siti', locale: 'id' });
    expect(byId.get('kasi-humas')?.email).toBe('andi.baru@kominfo.example.go.id');
    expect(byId.has('kasi-piks')).toBe(false);
    expect(byId.has('rusak')).toBe(false);
    expect(byId.has('kabid-piks')).toBe(true);
    expect(outlets.length).toBeGreaterThan(0);
  });
});
