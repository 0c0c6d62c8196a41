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

/**
 * A stage's payload that does not match its schema: a defect in the state machine's
 * definition or in the stage before, never worth a retry. It replaces zod's `$ZodError`
 * so that the execution's failure, and the release's failure record, name what happened
 * and which fields.
 */
export class InvalidPayload extends Error {
  override name = 'Warta.InvalidPayload';
}

interface SchemaIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * zod's parse error, known by its name and issues rather than by its class: importing the
 * class brings zod's error helpers into bundles that are at the 300 kB line.
 */
function isSchemaError(e: unknown): e is Error & { issues: SchemaIssue[] } {
  return e instanceof Error && e.name === '$ZodError' && Array.isArray((e as { issues?: unknown }).issues);
}

function invalidPayload(error: Error & { issues: SchemaIssue[] }): InvalidPayload {
  const fields = error.issues.map((issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.message}`);
  return new InvalidPayload(`the stage's payload is not what it expects: ${fields.join('; ')}`, { cause: error });
}

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
      const failure = isSchemaError(e) ? invalidPayload(e) : e;
      logger.error('stage failed', withSourceStack(failure as Error));
      throw failure;
    }
  };
}
