/**
 * Conformance suite: small JSONata state machines (fixtures/conformance/*.json), each
 * with the output, error and history event types AWS documents for it (the `doc` field
 * of each fixture names the page). Driven through the real SFNClient over the HTTP API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachine, LambdaError, runMachine, startHarness, type Harness } from './harness.js';

interface Fixture {
  doc: string;
  input: unknown;
  definition: object;
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  types: string[];
  typesSorted?: boolean;
}

const dir = join(fileURLToPath(new URL('.', import.meta.url)), 'fixtures', 'conformance');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture] as const);

let h: Harness;
const attempts = new Map<string, number>();

beforeAll(async () => {
  h = await startHarness();
  h.functions.set('Echo', (payload) => payload);
  h.functions.set('Reject', () => {
    throw new LambdaError('Warta.NotFound', 'no such release');
  });
  h.functions.set('FailTwice', (payload: { key: string; retry: number }) => {
    const attempt = (attempts.get(payload.key) ?? 0) + 1;
    attempts.set(payload.key, attempt);
    if (attempt <= 2) throw new LambdaError('Warta.Transient', `attempt ${attempt}`);
    return { attempt, retryCount: payload.retry };
  });
  h.functions.set('AlwaysTransient', () => {
    throw new LambdaError('Warta.Transient', 'always');
  });
  h.functions.set('Slow', () => new Promise((resolve) => setTimeout(() => resolve('late'), 1000)));
});

afterAll(async () => {
  await h.close();
});

describe('conformance fixtures', () => {
  it.each(fixtures)('%s', async (_name, fixture) => {
    // Prepare
    const arn = await createMachine(h, fixture.definition);

    // Act
    const result = await runMachine(h, arn, fixture.input);

    // Assert
    expect(result.status).toBe(fixture.status);
    if ('output' in fixture) expect(result.output).toEqual(fixture.output);
    if (fixture.error !== undefined) expect(result.error).toBe(fixture.error);
    if (fixture.cause !== undefined) expect(result.cause).toBe(fixture.cause);
    if (fixture.typesSorted) expect([...result.types].sort()).toEqual([...fixture.types].sort());
    else expect(result.types).toEqual(fixture.types);
    // Event ids count up from 1 and every event points back to an earlier one.
    result.events.forEach((event, i) => {
      expect(event.id).toBe(i + 1);
      expect(event.previousEventId).toBeLessThan(event.id!);
    });
  });
});
