/**
 * The office's figures leave a function as CloudWatch embedded-metric-format lines on
 * stdout (Powertools Metrics), which CloudWatch Logs turns into metrics. Lambda sends a
 * function's stdout to its log group; the local cloud writes it to the function's log
 * file, the EMF lines among the rest. These tests read the lines a handler writes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METRIC_NAMES, METRIC_NAMESPACE } from '../../../functions/domain/metric-names.js';
import { htmlPart, httpEvent, releaseAtDisposition, startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let mailEvents: typeof import('../../../functions/handlers/mail-events.js').handler;
let mailer: typeof import('../../../functions/adapters/mailer.js');
let recordFailure: typeof import('../../../functions/handlers/record-failure.js').handler;
let tasksAct: typeof import('../../../functions/handlers/tasks-act.js').handler;

beforeAll(async () => {
  stores = await startLocalStores('dkip-malut.json');
  mailEvents = (await import('../../../functions/handlers/mail-events.js')).handler;
  mailer = await import('../../../functions/adapters/mailer.js');
  recordFailure = (await import('../../../functions/handlers/record-failure.js')).handler;
  tasksAct = (await import('../../../functions/handlers/tasks-act.js')).handler;
});
afterAll(async () => stores.stop());

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [member: string]: unknown;
}

/** Runs `act` and returns the EMF documents it wrote to stdout. */
async function emfWrittenBy(act: () => Promise<unknown>): Promise<EmfLine[]> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    spy.mockRestore();
  }
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);
}

const valueOf = (lines: EmfLine[], name: string) =>
  lines.find((l) => l._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name))?.[name];

describe('the figures an office watches, as EMF lines', () => {
  it('counts hard bounces, in the Warta namespace with the service dimension', async () => {
    // Prepare
    const bounced = {
      source: 'aws.ses',
      detail: {
        eventType: 'Bounce',
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [
            { emailAddress: `gone.${Date.now()}@media.example.com` },
            { emailAddress: `left.${Date.now()}@media.example.com` },
          ],
        },
      },
    };
    // Act
    const lines = await emfWrittenBy(() => mailEvents(bounced));
    // Assert
    const directive = lines.find((l) => valueOf([l], METRIC_NAMES.mailsBounced) !== undefined)?._aws.CloudWatchMetrics[0];
    expect(directive).toMatchObject({
      Namespace: METRIC_NAMESPACE,
      Dimensions: [['service']],
      Metrics: [{ Name: METRIC_NAMES.mailsBounced, Unit: 'Count' }],
    });
    expect(valueOf(lines, METRIC_NAMES.mailsBounced)).toBe(2);
    expect(lines.find((l) => valueOf([l], METRIC_NAMES.mailsBounced) !== undefined)?.service).toBe('warta');
  });

  it('counts a mail sent once, not again when it is already sent', async () => {
    // Prepare
    const mail = {
      to: `sent.${Date.now()}@example.go.id`,
      subject: 'Halo',
      html: '<p>Halo</p>',
      text: 'Halo',
      idempotencyKey: `metrics#sent#${Date.now()}`,
    };
    // Act
    const first = await emfWrittenBy(() => mailer.sendMail(mail));
    const again = await emfWrittenBy(() => mailer.sendMail(mail));
    // Assert
    expect(valueOf(first, METRIC_NAMES.mailsSent)).toBe(1);
    expect(valueOf(again, METRIC_NAMES.mailsSent)).toBeUndefined();
  });

  it("counts a mail SES still throttles after the SDK's retries", async () => {
    // Prepare
    const mail = {
      to: `slow.${Date.now()}@example.go.id`,
      subject: 'Halo',
      html: '<p>Halo</p>',
      text: 'Halo',
      idempotencyKey: `metrics#throttled#${Date.now()}`,
    };
    stores.throttle.next = 10;
    // Act
    const lines = await emfWrittenBy(() => mailer.sendMail(mail).catch(() => undefined));
    stores.throttle.next = 0;
    // Assert
    expect(valueOf(lines, METRIC_NAMES.mailsThrottled)).toBe(1);
    expect(valueOf(lines, METRIC_NAMES.mailsSent)).toBeUndefined();
  });

  it('counts a failed release once, however often its failure is recorded', async () => {
    // Prepare
    const { id, base } = await releaseAtDisposition('Gagal');
    const failure = {
      releaseId: id,
      executionId: base.executionId,
      stageId: 'dispose',
      error: { Error: 'States.Timeout', Cause: 'too slow' },
    };
    // Act
    const first = await emfWrittenBy(() => recordFailure(failure));
    const again = await emfWrittenBy(() => recordFailure(failure));
    // Assert
    expect(valueOf(first, METRIC_NAMES.releasesFailed)).toBe(1);
    expect(valueOf(again, METRIC_NAMES.releasesFailed)).toBeUndefined();
  });

  it("writes a decided stage's time against its Mutu Baku", async () => {
    // Prepare
    const from = stores.mails.length;
    await releaseAtDisposition('Tepat waktu');
    const mail = stores.mails.slice(from).find((m) => m.to.includes('kabid.piks@kominfo.example.go.id'))!;
    const link = /\/t\/#?([A-Za-z0-9_-]{22})/.exec(htmlPart(mail.raw))![1]!;
    const decide = { action: 'dispose', assignees: ['kasi-piks'], arahan: 'Segera.', urgency: 'biasa' };
    // Act
    const lines = await emfWrittenBy(() =>
      tasksAct(httpEvent({ method: 'POST', path: 'x', pathParameters: { linkId: link }, body: decide })),
    );
    // Assert: decided at once, so well inside the standard
    const time = lines.find((l) => valueOf([l], METRIC_NAMES.stageTimeOfMutuBaku) !== undefined);
    expect(time?._aws.CloudWatchMetrics[0]?.Metrics).toEqual([{ Name: METRIC_NAMES.stageTimeOfMutuBaku, Unit: 'Percent' }]);
    expect(time?.stage).toBe('dispose');
    expect(time?.[METRIC_NAMES.stageTimeOfMutuBaku]).toBeLessThan(100);
    expect(valueOf(lines, METRIC_NAMES.stagesOverMutuBaku)).toBe(0);
  });
});
