/**
 * The benchmarks' metering arithmetic (bench/support): DynamoDB capacity units from the
 * requests the tap saw, Lambda REPORT lines read back from the invoker's logs, and the
 * audit benchmark's copies of a release (their event chain and snapshot hash must hold,
 * or the export would time work it does not do for real releases).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOf, type Template } from '../../bench/audit.js';
import { capacityOf, itemSize } from '../../bench/support/capacity.js';
import { gbSeconds, invocationsSince, logOffsets } from '../../bench/support/lambda-reports.js';
import type { Exchange } from '../../bench/support/meter.js';
import { brokenLink, canonicalJson, eventHash, GENESIS_HASH } from '../../functions/domain/events.js';
import { sha256Hex } from '../../functions/domain/ids.js';
import type { ReleaseEvent } from '../../functions/domain/release.js';

function exchange(op: string, request: unknown, response: unknown = {}, status = 200): Exchange {
  return {
    method: 'POST',
    url: '/',
    headers: { 'x-amz-target': `DynamoDB_20120810.${op}` },
    requestBytes: 0,
    responseBytes: 0,
    status,
    requestBody: JSON.stringify(request),
    responseBody: JSON.stringify(response),
  };
}

describe('DynamoDB capacity from the tapped requests', () => {
  it('sizes an item from its attribute names and values', () => {
    // Prepare: names 2+4 bytes, a 5-byte string, a 1-byte boolean.
    const item = { pk: { S: 'abcde' }, flag: { BOOL: true } };

    // Act / Assert
    expect(itemSize(item)).toBe(2 + 5 + 4 + 1);
  });

  it('bills 1 WRU per KB written, again for each index, and 1 RRU per 4 KB read consistently, half otherwise', () => {
    // Prepare: a 3 KB item in gsi1, read back strongly and eventually consistently.
    const item = { pk: { S: 'RELEASE#r1' }, sk: { S: 'RELEASE' }, gsi1pk: { S: 'RELEASES#2026-11' }, body: { S: 'x'.repeat(3000) } };
    const exchanges = [
      exchange('PutItem', { TableName: 't', Item: item }),
      exchange('GetItem', { TableName: 't', Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }, { Item: item }),
      exchange('Query', { TableName: 't' }, { Items: [item, item] }),
    ];

    // Act
    const capacity = capacityOf(exchanges);

    // Assert: 3 KB → 3 WRU, twice (table and gsi1); 1 RRU; 6 KB eventually consistent → 2 × 0.5.
    expect(capacity.writeUnits).toBe(6);
    expect(capacity.readUnits).toBe(2);
    expect(capacity.requests).toBe(3);
  });

  it('charges an update for the item it changes, seen earlier, and a refused conditional write its units', () => {
    // Prepare
    const key = { pk: { S: 'SEQ#x' }, sk: { S: 'SEQ' } };
    const big = { ...key, data: { S: 'y'.repeat(2500) } };
    const exchanges = [
      exchange('GetItem', { TableName: 't', Key: key }, { Item: big }),
      exchange('UpdateItem', { TableName: 't', Key: key }),
      exchange('PutItem', { TableName: 't', Item: { ...key, n: { N: '1' } } }, { __type: 'ConditionalCheckFailedException' }, 400),
    ];

    // Act
    const capacity = capacityOf(exchanges);

    // Assert: the update costs 3 WRU (2.5 KB before), the refused put at least 1 (it knows the 2.5 KB item).
    expect(capacity.writeUnits).toBe(3 + 3);
    expect(capacity.readUnits).toBe(0.5);
  });
});

describe('Lambda REPORT lines', () => {
  it('reads only the invocations logged after the offsets, and bills GB-seconds per started millisecond', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
    try {
      writeFileSync(join(dir, 'publish.log'), 'START RequestId: a\nREPORT RequestId: a\tDuration: 10.00 ms\tMemory Size: 1024 MB\n');
      const offsets = logOffsets(dir);
      writeFileSync(
        join(dir, 'publish.log'),
        'START RequestId: b\nEND RequestId: b\nREPORT RequestId: b\tDuration: 999.20 ms\tMemory Size: 1024 MB\n',
        { flag: 'a' },
      );
      writeFileSync(join(dir, 'notify.log'), 'REPORT RequestId: c\tDuration: 500.00 ms\tMemory Size: 512 MB\n');

      // Act
      const { invocations } = invocationsSince(dir, offsets);

      // Assert
      expect(invocations.map((i) => i.fn).sort()).toEqual(['notify', 'publish']);
      expect(gbSeconds(invocations)).toBeCloseTo(1.0 * 1 + 0.5 * 0.5, 6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the audit benchmark copies a real release faithfully', () => {
  function template(): Template {
    const id = '01J0000000000000000000ORIG';
    const createdAt = '2026-11-20T08:00:00.000Z';
    let prevHash = GENESIS_HASH;
    const events = [1, 2].map((seq) => {
      const unhashed = {
        releaseId: id,
        seq,
        type: seq === 1 ? 'release.received' : 'stage.started',
        stageId: seq === 1 ? undefined : 'register',
        actorId: undefined,
        at: createdAt,
        data: { agendaNumber: '007/PUB/DKIP-MU/2026' },
        prevHash,
      };
      const hash = eventHash(unhashed);
      prevHash = hash;
      return { ...unhashed, hash, pk: `RELEASE#${id}`, sk: `EVENT#00000${seq}` };
    });
    const historyEvents = [
      { id: 1, type: 'ExecutionStarted', timestamp: createdAt, executionStartedEventDetails: { input: JSON.stringify({ releaseId: id }) } },
    ];
    const snapshot = JSON.stringify({
      executionArn: `arn:aws:states:r:1:execution:m:${id}`,
      name: id,
      eventCount: 1,
      sha256: sha256Hex(canonicalJson(historyEvents)),
      events: historyEvents,
    });
    return {
      id,
      agendaNumber: '007/PUB/DKIP-MU/2026',
      createdAt: Date.parse(createdAt),
      release: {
        pk: `RELEASE#${id}`,
        sk: 'RELEASE',
        id,
        agendaNumber: '007/PUB/DKIP-MU/2026',
        createdAt,
        executionArn: `arn:aws:states:r:1:execution:m:${id}`,
      },
      events,
      snapshot,
    };
  }

  it('gives each copy its own id, agenda number and time, a chain that holds and a snapshot that matches its SHA-256', () => {
    // Prepare
    const t = template();
    const at = Date.parse('2025-12-15T03:00:00.000Z');

    // Act
    const copy = copyOf(t, at, 42);

    // Assert
    expect(copy.id).not.toBe(t.id);
    expect(copy.release.gsi1pk).toBe('RELEASES#2025-12');
    expect(copy.release.agendaNumber).toBe('00042/PUB/DKIP-MU/2025');
    expect(copy.release.executionArn.endsWith(copy.id)).toBe(true);
    expect(brokenLink(copy.events as unknown as ReleaseEvent[])).toBeNull();
    expect(copy.events.every((e) => e.releaseId === copy.id && e.at === '2025-12-15T03:00:00.000Z')).toBe(true);
    const snapshot = JSON.parse(copy.snapshot) as { sha256: string; events: unknown[]; name: string };
    expect(snapshot.name).toBe(copy.id);
    expect(snapshot.sha256).toBe(sha256Hex(canonicalJson(snapshot.events)));
    expect(JSON.stringify(snapshot.events)).toContain(copy.id);
  });
});
