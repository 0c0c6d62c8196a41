import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withTableCache } from './dynalite-tables.js';

/** DynamoDB: dynalite in this process, its tables in LevelDB under `dir` (they survive restarts). */

export interface Emulator {
  url: string;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

export async function startDynamoDb(options: { dir: string; host: string; port: number }): Promise<Emulator> {
  mkdirSync(options.dir, { recursive: true });
  // Tables are ACTIVE at once: nothing waits for a CREATING table that would never matter locally.
  const server = withTableCache(() => dynalite({ path: options.dir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
  await listen(server, options.host, options.port);
  return {
    url: urlOf(server),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops a server now: keep-alive connections left open by clients would otherwise hold `close` back. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export function urlOf(server: Server): string {
  const { address, port } = server.address() as AddressInfo;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
