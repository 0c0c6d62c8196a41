/**
 * The wrapper of every stage Lambda the state machine invokes. The machine retries only
 * errors named `Warta.Transient` (infra/workflow/definition.ts TRANSIENT_ERRORS) and sends
 * anything else to the failure path, so a passing condition — SES throttling, a mail
 * being sent by a concurrent invocation, DynamoDB or S3 throttling or a 5xx, a dropped
 * connection — must surface under that name, or a release would fail for a hiccup.
 */
import type { Context } from 'aws-lambda';
import { MailInFlight, MailThrottled } from '#domain/errors.js';
import { logger } from './logger.js';
import { withSourceStack } from './source-stack.js';

export class Transient extends Error {
  override name = 'Warta.Transient';
}

const TRANSIENT_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'SlowDown',
  'TimeoutError',
  'RequestTimeout',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

export function isTransient(e: unknown): boolean {
  if (e instanceof MailThrottled || e instanceof MailInFlight || e instanceof Transient) return true;
  const err = e as { name?: string; code?: string; retryable?: unknown; statusCode?: number } | null;
  if (!err) return false;
  if (err.retryable === true) return true;
  if ((err.statusCode ?? 0) >= 500) return true;
  return TRANSIENT_NAMES.has(err.name ?? '') || TRANSIENT_NAMES.has(err.code ?? '');
}

export function stageHandler<P, R>(fn: (payload: P, context?: Context) => Promise<R>) {
  return async (payload: P, context?: Context): Promise<R> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    try {
      return await fn(payload, context);
    } catch (e) {
      if (isTransient(e)) {
        logger.warn('transient failure; the state machine retries', { error: (e as Error).name });
        throw new Transient(`${(e as Error).name}: ${(e as Error).message}`);
      }
      logger.error('stage failed', withSourceStack(e as Error));
      throw e;
    }
  };
}
