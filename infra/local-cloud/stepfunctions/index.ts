/**
 * The local Step Functions: the engine (JSONata ASL, durable executions) and its JSON API
 * over HTTP, for the local cloud's deployer and for tests. See engine.ts for the
 * in-process API and definition.ts for what is supported.
 */
import type { AddressInfo } from 'node:net';
import { createApiServer, type Outages } from './api.js';
import { Engine, type EngineOptions } from './engine.js';
import { closeServer } from '../emulators/dynamodb.js';

export { Engine, type EngineOptions } from './engine.js';
export type { InvokeFn, InvokeResult } from './run-context.js';
export type { ExecutionStatusChangeEvent } from './status-events.js';
export { validateDefinition } from './definition.js';
export { SfnApiError, StatesError } from './errors.js';

export interface StepFunctionsOptions extends EngineOptions {
  host?: string;
  port?: number;
}

export interface StepFunctionsService {
  url: string;
  engine: Engine;
  /**
   * Answers these API operations 503 ServiceUnavailable until the returned function is
   * called, which ends the outage and says how many calls it refused (for fault tests).
   */
  outage(operations: string[]): () => number;
  close(): Promise<void>;
}

export async function startStepFunctions(opts: StepFunctionsOptions): Promise<StepFunctionsService> {
  const engine = new Engine(opts);
  engine.start();
  const outages: Outages = new Map();
  const server = createApiServer(engine, outages);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    engine,
    outage(operations) {
      for (const operation of operations) outages.set(operation, outages.get(operation) ?? 0);
      return () =>
        operations.reduce((refused, operation) => {
          const n = outages.get(operation) ?? 0;
          outages.delete(operation);
          return refused + n;
        }, 0);
    },
    async close() {
      await engine.close();
      await closeServer(server);
    },
  };
}
