/**
 * The wrapper of every stage Lambda the state machine invokes. The machine retries only
 * errors named `Warta.Transient` (infra/cdk/workflow/definition.ts TRANSIENT_ERRORS), or
 * `Warta.MailInFlight` for a mail held by another invocation (retried for longer), and
 * sends anything else to the failure path, so a passing condition — SES throttling, DynamoDB
 * or S3 throttling or a 5xx, a dropped connection — must surface under one of those names,
 * or a release would fail for a hiccup.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import type { Context } from 'aws-lambda';
import { MailInFlight, MailThrottled } from '#runtime/errors.js';
import { logger } from './logger.js';
import { withSourceStack } from './source-stack.js';

export class Transient extends Error {
  override name = 'Warta.Transient';
}

/**
 * A mail the stage must send is held by another invocation's "sending" mark, which may be
 * that of an invocation that crashed mid-send: the machine retries it on its own terms,
 * until the mark is stale (infra/cdk/workflow/definition.ts mailHeldRetry).
 */
export class MailHeld extends Error {
  override name = 'Warta.MailInFlight';
}

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

/**
 * Whether a failure may pass: ours (throttled or in-flight mail), or one the AWS SDK's own
 * retry strategy counts as throttling, transient (timeouts, dropped connections, 500, 502,
 * 503, 504) or a server fault. It reaches here once the SDK's retries are spent.
 */
export function isTransient(e: unknown): boolean {
  if (e instanceof MailThrottled || e instanceof MailInFlight || e instanceof Transient) return true;
  if (!e || typeof e !== 'object') return false;
  const err = e as Parameters<typeof isTransientError>[0] & { $fault?: string };
  return isThrottlingError(err) || isTransientError(err) || isServerError(err) || err.$fault === 'server';
}

export function stageHandler<P, R>(fn: (payload: P, context?: Context) => Promise<R>) {
  return async (payload: P, context?: Context): Promise<R> => {
    logger.resetKeys();
    if (context) logger.addContext(context);
    try {
      return await fn(payload, context);
    } catch (e) {
      if (e instanceof MailInFlight) {
        logger.warn('mail held by another invocation; the state machine retries until its mark is stale', { error: e.name });
        throw new MailHeld(e.message);
      }
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
