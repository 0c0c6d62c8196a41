/**
 * Retrier arithmetic and error matching
 * (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html):
 * delay = IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds; FULL jitter
 * picks a random delay up to that value; States.ALL matches everything but
 * States.Runtime; States.TaskFailed everything but timeouts.
 */
import { describe, expect, it } from 'vitest';
import { backoffMs, errorMatches } from '../../../infra/local-cloud/stepfunctions/retry.js';

describe('backoffMs', () => {
  it('grows by BackoffRate from IntervalSeconds and stops at MaxDelaySeconds', () => {
    // Act
    const delays = [0, 1, 2, 3].map((n) => backoffMs({ ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 30 }, n));

    // Assert
    expect(delays).toEqual([2000, 6000, 18000, 30000]);
  });

  it('defaults to 1 s doubling', () => {
    expect([0, 1, 2].map((n) => backoffMs({ ErrorEquals: ['X'] }, n))).toEqual([1000, 2000, 4000]);
  });

  it('with JitterStrategy FULL draws between 0 and the capped delay', () => {
    // Act
    const low = backoffMs({ ErrorEquals: ['X'], IntervalSeconds: 4, JitterStrategy: 'FULL' }, 1, () => 0);
    const half = backoffMs({ ErrorEquals: ['X'], IntervalSeconds: 4, JitterStrategy: 'FULL' }, 1, () => 0.5);

    // Assert
    expect(low).toBe(0);
    expect(half).toBe(4000);
  });
});

describe('errorMatches', () => {
  it.each([
    [['States.ALL'], 'Warta.Anything', true],
    [['States.ALL'], 'States.Runtime', false],
    [['States.TaskFailed'], 'Lambda.ServiceException', true],
    [['States.TaskFailed'], 'States.Timeout', false],
    [['States.Timeout'], 'States.HeartbeatTimeout', true],
    [['Warta.Transient'], 'Warta.Transient', true],
    [['Warta.Transient'], 'Warta.Other', false],
  ])('%j matches %s: %s', (errorEquals, error, expected) => {
    expect(errorMatches(errorEquals, error)).toBe(expected);
  });
});
