import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalStores, type LocalStores } from './harness.js';

let stores: LocalStores;
let mailer: typeof import('../../../functions/adapters/mailer.js');
let suppression: typeof import('../../../functions/adapters/suppression-store.js');
let errors: typeof import('../../../functions/runtime/errors.js');
let media: typeof import('../../../functions/usecases/media-sender.js');
let retry: typeof import('../../../functions/adapters/clients/retry.js');

beforeAll(async () => {
  stores = await startLocalStores('esdm-babel.json');
  mailer = await import('../../../functions/adapters/mailer.js');
  suppression = await import('../../../functions/adapters/suppression-store.js');
  errors = await import('../../../functions/runtime/errors.js');
  media = await import('../../../functions/usecases/media-sender.js');
  retry = await import('../../../functions/adapters/clients/retry.js');
});
afterAll(async () => stores.stop());

let n = 0;
const mail = (over: Partial<import('../../../functions/adapters/mailer.js').OutgoingMail> = {}) => {
  n++;
  return {
    to: `orang${n}.${Date.now()}@example.go.id`,
    subject: 'Halo',
    html: '<p>Halo</p>',
    text: 'Halo',
    idempotencyKey: `test#${Date.now()}#${n}`,
    ...over,
  };
};
const sentTo = (to: string) => stores.mails.filter((m) => m.to.includes(to));

describe('the mailer sends each mail once', () => {
  it('sends, then answers already-sent for the same key', async () => {
    // Prepare
    const m = mail();
    // Act
    const first = await mailer.sendMail(m);
    const second = await mailer.sendMail(m);
    // Assert
    expect([first, second]).toEqual(['sent', 'already-sent']);
    expect(sentTo(m.to)).toHaveLength(1);
    expect(sentTo(m.to)[0]!.raw).toMatch(/^From: PPID Dinas ESDM Babel <ppid@esdm\.example\.go\.id>/m);
  });

  it('sends one mail when two invocations race with the same key', async () => {
    // Prepare
    const m = mail();
    // Act
    const results = await Promise.allSettled([mailer.sendMail(m), mailer.sendMail(m)]);
    // Assert
    expect(sentTo(m.to)).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(errors.MailInFlight);
    }
  });

  it('skips a suppressed address', async () => {
    // Prepare
    const m = mail();
    await suppression.suppress(m.to.toUpperCase(), 'bounce:General');
    // Act
    const result = await mailer.sendMail(m);
    // Assert
    expect(result).toBe('suppressed');
    expect(sentTo(m.to)).toHaveLength(0);
  });

  it('throws MailThrottled when SES keeps throttling past the SDK retries, and sends on the next attempt', async () => {
    // Prepare
    const m = mail();
    stores.throttle.next = 10; // more than the SDK's own attempts
    // Act
    const first = await mailer.sendMail(m).catch((e: unknown) => e);
    stores.throttle.next = 0;
    const retry = await mailer.sendMail(m);
    // Assert
    expect(first).toBeInstanceOf(errors.MailThrottled);
    expect(retry).toBe('sent');
    expect(sentTo(m.to)).toHaveLength(1);
  });

  it("sends a throttled mail to the media no more times than the SDK's attempts", async () => {
    // Prepare
    const m = mail();
    const outlet = { id: 'o1', outlet: 'Harian', type: 'online', email: m.to, locale: 'id' } as const;
    stores.throttle.next = 10;
    // Act
    const outcome = await media.sendToOutlets([outlet], () => m, { ratePerSecond: 14 }).catch((e: unknown) => e);
    const attempts = 10 - stores.throttle.next;
    stores.throttle.next = 0;
    // Assert
    expect(outcome).toBeInstanceOf(errors.MailThrottled);
    expect(attempts).toBe(retry.SDK_RETRY.maxAttempts);
    expect(retry.SDK_RETRY.maxAttempts).toBe(3);
    expect(sentTo(m.to)).toHaveLength(0);
  });

  it('keeps user text from adding headers', async () => {
    // Prepare
    const m = mail({
      subject: 'Rilis\r\nBcc: attacker@evil.example',
      toName: 'Ani\r\nX-Injected: yes',
      headers: { 'List-Unsubscribe': '<mailto:u@x.id>\r\nBcc: a@b.c' },
    });
    // Act
    await mailer.sendMail(m);
    // Assert
    const raw = sentTo(m.to)[0]!.raw;
    expect(raw).not.toMatch(/^Bcc:/im);
    expect(raw).not.toMatch(/^X-Injected:/im);
    expect(raw).toMatch(/^Subject: Rilis Bcc: attacker@evil\.example/m);
    expect(raw).toMatch(/^List-Unsubscribe: <mailto:u@x\.id> Bcc: a@b\.c/m);
  });

  it('refuses a recipient that is not a plain address', async () => {
    // Act
    const result = await mailer.sendMail(mail({ to: 'a@b.id\r\nBcc: c@d.id' })).catch((e: Error) => e);
    // Assert
    expect(result).toBeInstanceOf(Error);
  });
});
