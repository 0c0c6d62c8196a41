import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { IN_ENGLISH } from '../../functions/domain/zod-english.js';
import { NotFound } from '../../functions/domain/errors.js';
import { MailInFlight, MailThrottled } from '../../functions/runtime/errors.js';
import { InvalidPayload, isTransient, MailHeld, stageHandler, Transient } from '../../functions/runtime/stage.js';
import { MAIL_HELD_ERROR } from '../../infra/cdk/workflow/definition.js';
import { isThrottle } from '../../functions/adapters/mailer.js';
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { SESServiceException } from '@aws-sdk/client-ses';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
/** An error as the SDK's deserializer makes it of a service's answer. */
const sdkError = (
  name: string,
  status: number,
  Service: typeof DynamoDBServiceException | typeof SESServiceException = DynamoDBServiceException,
) =>
  new Service({
    name,
    message: `${name} (test)`,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status, attempts: 3 },
  });

describe('which failures the state machine should retry', () => {
  it('retries throttling, in-flight mail, 5xx and dropped connections', () => {
    expect(isTransient(new MailThrottled('x'))).toBe(true);
    expect(isTransient(new MailInFlight('x'))).toBe(true);
    expect(isTransient(sdkError('ProvisionedThroughputExceededException', 400))).toBe(true);
    expect(isTransient(sdkError('InternalError', 503))).toBe(true);
    expect(isTransient(sdkError('InternalServerError', 500))).toBe(true);
    expect(isTransient(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('does not retry a domain refusal or a programming error', () => {
    expect(isTransient(new NotFound('release.notFound'))).toBe(false);
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);
    expect(isTransient(sdkError('ValidationException', 400))).toBe(false);
  });

  it('renames transient failures to Warta.Transient and lets others through as they are', async () => {
    // Prepare
    const throttled = stageHandler(async () => {
      throw new MailThrottled('slow down');
    });
    const missing = stageHandler(async () => {
      throw new NotFound('release.notFound');
    });
    // Act
    const a = await throttled({}).catch((e: Error) => e);
    const b = await missing({}).catch((e: Error) => e);
    // Assert
    expect(a).toBeInstanceOf(Transient);
    expect(a.name).toBe('Warta.Transient');
    expect(b.name).toBe('NotFound');
  });

  it('names a mail held by another invocation Warta.MailInFlight, which the machine retries until the mark is stale', async () => {
    // Prepare
    const held = stageHandler(async () => {
      throw new MailInFlight('mail receipt#r1 is being sent by another invocation');
    });
    // Act
    const failure = await held({}).catch((e: Error) => e);
    // Assert
    expect(failure).toBeInstanceOf(MailHeld);
    expect(failure.name).toBe(MAIL_HELD_ERROR);
    expect(failure.message).toContain('receipt#r1');
  });

  it('names a payload that fails its schema Warta.InvalidPayload, with the fields, not $ZodError', async () => {
    // Prepare: a stage parsing its payload as the stage handlers do
    const payloadSchema = z.object({ releaseId: z.string(), round: z.number() });
    const stage = stageHandler(async (input: unknown) => payloadSchema.parse(input, IN_ENGLISH));
    // Act
    const failure = await stage({ round: 'satu' }).catch((e: Error) => e);
    // Assert
    expect(failure).toBeInstanceOf(InvalidPayload);
    expect((failure as Error).name).toBe('Warta.InvalidPayload');
    expect((failure as Error).message).toMatch(/releaseId: .*string.*; round: .*number/i);
    expect(isTransient(failure)).toBe(false);
  });

  it('knows SES throttling by name or by status 429', () => {
    expect(isThrottle(sdkError('Throttling', 400, SESServiceException))).toBe(true);
    expect(isThrottle(sdkError('TooManyRequestsException', 429, SESServiceException))).toBe(true);
    expect(isThrottle(sdkError('Whatever', 429, SESServiceException))).toBe(true);
    expect(isThrottle(sdkError('MessageRejected', 400, SESServiceException))).toBe(false);
  });
});
