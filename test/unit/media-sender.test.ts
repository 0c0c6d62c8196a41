import { describe, expect, it } from 'vitest';
import { TokenBucket, publishMailKey, sendToOutlets } from '../../functions/usecases/media-sender.js';
import type { OutgoingMail, SendResult } from '../../functions/adapters/mailer.js';
import type { Outlet } from '../../functions/domain/config.js';
import { MailThrottled } from '../../functions/runtime/errors.js';

/** A fake clock that only moves when the code under test sleeps. */
function fakeTime() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    now: () => now,
  };
}

const outlet = (id: string): Outlet => ({ id, outlet: id, type: 'online', email: `${id}@example.com`, locale: 'id' });
const compose = (o: Outlet): OutgoingMail => ({
  to: o.email,
  subject: 's',
  html: 'h',
  text: 't',
  idempotencyKey: publishMailKey('R1', o.id),
});

describe('the token bucket', () => {
  it('lets a burst of `rate` through, then paces to the rate', async () => {
    // Prepare
    const time = fakeTime();
    const bucket = new TokenBucket(2, 2, time.clock, time.sleep);
    // Act
    for (let i = 0; i < 6; i++) await bucket.take();
    // Assert: 2 at once, then 4 more at 2 per second = 2 seconds of (fake) waiting
    expect(time.now()).toBe(2000);
  });
});

describe('sending to the media', () => {
  it('sends one mail per outlet with its own idempotency key, and reports suppressed ones', async () => {
    // Prepare
    const time = fakeTime();
    const sent: string[] = [];
    const send = async (m: OutgoingMail): Promise<SendResult> => {
      sent.push(m.idempotencyKey);
      return m.to.startsWith('bounced') ? 'suppressed' : m.to.startsWith('old') ? 'already-sent' : 'sent';
    };
    // Act
    const report = await sendToOutlets([outlet('a'), outlet('bounced'), outlet('old'), outlet('b')], compose, {
      ratePerSecond: 14,
      send,
      sleep: time.sleep,
      clock: time.clock,
    });
    // Assert
    expect(sent).toEqual(['publish#R1#a', 'publish#R1#bounced', 'publish#R1#old', 'publish#R1#b']);
    expect(report).toEqual({ sent: ['a', 'b'], alreadySent: ['old'], suppressed: ['bounced'] });
  });

  it('throws a throttled mail at once, with no retry loop of its own, so the stage is retried later', async () => {
    // Prepare
    const time = fakeTime();
    let calls = 0;
    const send = async (): Promise<SendResult> => {
      calls += 1;
      throw new MailThrottled('slow down');
    };
    // Act
    const outcome = await sendToOutlets([outlet('a'), outlet('b')], compose, {
      ratePerSecond: 14,
      send,
      sleep: time.sleep,
      clock: time.clock,
    }).catch((e: unknown) => e);
    // Assert
    expect(outcome).toBeInstanceOf(MailThrottled);
    expect(calls).toBe(1);
  });
});
