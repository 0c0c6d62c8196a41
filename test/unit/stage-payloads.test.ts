/**
 * Every stage Lambda checks its payload before it reads a store: a payload that does
 * not match fails as Warta.InvalidPayload, naming the field, and is never retried.
 */
import { describe, expect, it } from 'vitest';
import { InvalidPayload, isTransient } from '../../functions/runtime/stage.js';

const valid = {
  releaseId: '01HRELEASE',
  stageId: 'dispose',
  kind: 'dispose',
  executionId: 'arn:exec',
  enteredAt: '2026-03-01T00:00:00Z',
  taskToken: 't',
  round: 1,
};

describe('a stage payload that does not match its schema', () => {
  it.each([
    ['human-task', { ...valid, round: 'satu' }, /round: /],
    ['human-task', { ...valid, taskToken: undefined }, /taskToken: /],
    ['human-task', { ...valid, kind: 'publish' }, /kind: /],
    ['register', { ...valid, stageId: 'register', kind: 'register', executionId: undefined }, /executionId: /],
    ['record-failure', { releaseId: '01HRELEASE', executionId: 'arn:exec', error: { Error: 'States.Timeout' } }, /stageId: /],
    ['record-failure', { releaseId: '../etc', executionId: 'arn:exec', stageId: 'edit', error: null }, /releaseId: /],
    ['publish', { stageId: 'publish' }, /releaseId: /],
    ['archive', { releaseId: '01HRELEASE', enteredAt: 5 }, /enteredAt: /],
    ['notify', { releaseId: '01HRELEASE', outcome: 'lost' }, /outcome: /],
    ['report', { releaseId: 42 }, /releaseId: /],
  ])('%s fails with the field named: %j', async (name, payload, field) => {
    // Prepare
    const { handler } = (await import(`../../functions/handlers/${name}.ts`)) as { handler: (p: unknown) => Promise<unknown> };
    // Act
    const failure = await handler(payload).catch((e: unknown) => e);
    // Assert
    expect(failure).toBeInstanceOf(InvalidPayload);
    expect((failure as Error).message).toMatch(field);
    expect(isTransient(failure)).toBe(false);
  });
});
