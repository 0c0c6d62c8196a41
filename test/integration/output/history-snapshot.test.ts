/**
 * The history snapshot against s3rver and a small Step Functions endpoint that serves a
 * long history in pages and throttles once: every page is read, the copy carries a
 * SHA-256 that checks, and a second event for the same execution writes nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutputStores, startOutputStores } from './harness.js';

const EVENT_COUNT = 2_345;
let stores: OutputStores;
let sfnServer: Server;
const calls: { target: string; body: Record<string, unknown> }[] = [];
let throttleNext = true;

type Handler = (event: unknown) => Promise<{ key?: string; written?: boolean; eventCount?: number; skipped?: boolean }>;
let handler: Handler;
let archivedHistory: typeof import('../../../functions/adapters/execution-history.js').archivedHistory;

function historyEvents() {
  return Array.from({ length: EVENT_COUNT }, (_, i) => ({
    id: i + 1,
    previousEventId: i,
    timestamp: 1_790_000_000 + i,
    type: i === 0 ? 'ExecutionStarted' : i === EVENT_COUNT - 1 ? 'ExecutionSucceeded' : 'PassStateEntered',
  }));
}

beforeAll(async () => {
  stores = await startOutputStores();
  const events = historyEvents();
  sfnServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const target = String(req.headers['x-amz-target'] ?? '');
      calls.push({ target, body });
      res.setHeader('content-type', 'application/x-amz-json-1.0');
      if (target.endsWith('.GetExecutionHistory')) {
        if (throttleNext) {
          throttleNext = false;
          res.writeHead(400).end(JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }));
          return;
        }
        const start = Number(body.nextToken ?? 0);
        const size = Number(body.maxResults ?? 100);
        const page = events.slice(start, start + size);
        const next = start + size < events.length ? String(start + size) : undefined;
        res.end(JSON.stringify({ events: page, ...(next ? { nextToken: next } : {}) }));
      } else if (target.endsWith('.DescribeExecution')) {
        res.end(
          JSON.stringify({
            executionArn: body.executionArn,
            stateMachineArn: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:warta',
            status: 'SUCCEEDED',
            startDate: 1_790_000_000,
            stopDate: 1_790_003_000,
          }),
        );
      } else {
        res.writeHead(400).end(JSON.stringify({ __type: 'UnknownOperationException' }));
      }
    });
  });
  await new Promise<void>((resolve) => sfnServer.listen(0, '127.0.0.1', () => resolve()));
  process.env.AWS_ENDPOINT_URL_SFN = `http://127.0.0.1:${(sfnServer.address() as AddressInfo).port}`;
  handler = (await import('../../../functions/handlers/history-snapshot.js')).handler as unknown as Handler;
  ({ archivedHistory } = await import('../../../functions/adapters/execution-history.js'));
});

afterAll(async () => {
  sfnServer?.closeAllConnections();
  await new Promise<void>((resolve) => (sfnServer ? sfnServer.close(() => resolve()) : resolve()));
  await stores?.stop();
});

const statusChange = (name: string, status: string) => ({
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  detail: {
    executionArn: `arn:aws:states:ap-southeast-3:111111111111:execution:warta:${name}`,
    stateMachineArn: 'arn:aws:states:ap-southeast-3:111111111111:stateMachine:warta',
    name,
    status,
  },
});

describe('history snapshot', () => {
  it('copies every page of an ended execution into the archive once, with a checking SHA-256', async () => {
    // Prepare
    const name = `01JD${Date.now()}`;
    // Act
    const first = await handler(statusChange(name, 'SUCCEEDED'));
    const pagesRead = calls.filter((c) => c.target.endsWith('.GetExecutionHistory')).length;
    const second = await handler(statusChange(name, 'SUCCEEDED'));
    // Assert
    expect(first).toMatchObject({ key: `history/${name}.json`, written: true, eventCount: EVENT_COUNT });
    expect(pagesRead).toBe(1 + Math.ceil(EVENT_COUNT / 1000)); // one throttled call, then three pages
    expect(calls.filter((c) => c.target.endsWith('.GetExecutionHistory')).every((c) => c.body.maxResults === 1000)).toBe(true);
    expect(second.written).toBe(false);
    expect(calls.filter((c) => c.target.endsWith('.GetExecutionHistory'))).toHaveLength(pagesRead);
    const copy = await archivedHistory(`arn:aws:states:ap-southeast-3:111111111111:execution:warta:${name}`);
    expect(copy?.events).toHaveLength(EVENT_COUNT);
    expect(copy?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores an execution that has not ended', async () => {
    const result = await handler(statusChange(`01JDRUN${Date.now()}`, 'RUNNING'));
    expect(result.skipped).toBe(true);
  });
});
