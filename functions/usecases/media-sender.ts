/**
 * Sends the approved release to every media outlet: one message per outlet, paced to
 * the SES sending rate with a token bucket, so that SES seldom throttles. A throttle the
 * SES client's own retries (functions/adapters/clients/retry.ts) do not outlast fails the
 * stage, and the state machine runs it again later. Each message has the idempotency key `publish#<releaseId>#<outletId>`, so a
 * re-run of the publish stage sends nothing twice; an outlet whose address bounced or
 * complained is skipped and reported.
 */
import type { Outlet } from '#domain/config.js';
import { type OutgoingMail, type SendResult, sendMail } from '#adapters/mailer.js';

export const publishMailKey = (releaseId: string, outletId: string) => `publish#${releaseId}#${outletId}`;

type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** At most `ratePerSecond` takes per second on average, with bursts up to `capacity`. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity = Math.max(1, Math.floor(ratePerSecond)),
    private readonly clock: () => number = () => Date.now(),
    private readonly sleep: Sleep = realSleep,
  ) {
    this.tokens = this.capacity;
    this.last = clock();
  }

  async take(): Promise<void> {
    for (;;) {
      const now = this.clock();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.sleep(Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000));
    }
  }
}

export interface SendOptions {
  ratePerSecond: number;
  send?: (mail: OutgoingMail) => Promise<SendResult>;
  sleep?: Sleep;
  clock?: () => number;
}

export interface MediaSendReport {
  sent: string[];
  alreadySent: string[];
  suppressed: string[];
}

/**
 * Sends one mail per outlet, in order. A failure is thrown as it comes: the state
 * machine's Retry runs the stage again later, and the outlets already done are
 * recognised by their idempotency keys.
 */
export async function sendToOutlets(
  outlets: Outlet[],
  compose: (outlet: Outlet) => OutgoingMail,
  options: SendOptions,
): Promise<MediaSendReport> {
  const send = options.send ?? ((m: OutgoingMail) => sendMail(m));
  const sleep = options.sleep ?? realSleep;
  const bucket = new TokenBucket(options.ratePerSecond, undefined, options.clock, sleep);
  const report: MediaSendReport = { sent: [], alreadySent: [], suppressed: [] };

  for (const outlet of outlets) {
    const mail = compose(outlet);
    await bucket.take();
    const result = await send(mail);
    if (result === 'sent') report.sent.push(outlet.id);
    else if (result === 'already-sent') report.alreadySent.push(outlet.id);
    else report.suppressed.push(outlet.id);
  }
  return report;
}
