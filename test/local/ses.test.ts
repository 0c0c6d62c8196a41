import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { sdkEnvironment, type Endpoints } from '../../infra/local-cloud/cloud.js';
import { startSes } from '../../infra/local-cloud/emulators/ses.js';
import { simulatorFeedback, type SentMail } from '../../infra/local-cloud/events/mail-feedback.js';

// The local mailbox is kept as one JSON line per mail; it survives restarts and kills.
describe('local SES mailbox on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warta-ses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stored = async (url: string) =>
    ((await (await fetch(`${url}/store`)).json()) as { emails: Array<{ subject: string }> }).emails.map((e) => e.subject);
  const send = async (url: string, subject: string) => {
    const client = new SESv2Client({ endpoint: url, region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await client.send(
      new SendEmailCommand({
        FromEmailAddress: 'humas@example.go.id',
        Destination: { ToAddresses: ['ani@example.com'] },
        Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'isi' } } } },
      }),
    );
    client.destroy();
  };

  it('carries over an earlier mailbox, appends each mail, and drops a line cut short by a kill', async () => {
    // Prepare: a data dir from before, with its mail as one JSON array.
    writeFileSync(join(dir, 'emails.json'), JSON.stringify([{ subject: 'earlier' }]));
    // Act
    const first = await startSes({ dir, host: '127.0.0.1', port: 0 });
    await send(first.url, 'one');
    await send(first.url, 'two');
    await first.close();
    appendFileSync(join(dir, 'emails.jsonl'), '{"subject":"cut sh');
    const second = await startSes({ dir, host: '127.0.0.1', port: 0 });
    const after = await stored(second.url);
    await second.close();
    // Assert
    expect(after).toEqual(['earlier', 'one', 'two']);
    expect(existsSync(join(dir, 'emails.json'))).toBe(false);
    expect(readFileSync(join(dir, 'emails.jsonl'), 'utf8').trim().split('\n')).toHaveLength(3);
  });
});

// What Warta's functions send: nodemailer's MIME through SES v1 SendRawEmail, with the
// environment the local cloud gives a function (infra/local-cloud/cloud.ts sdkEnvironment).
describe('local SES and the mail Warta sends', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warta-ses-raw-'));
  const saved = { ...process.env };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  async function functionSide(sesUrl: string) {
    Object.assign(process.env, sdkEnvironment({ ses: sesUrl } as Endpoints), {
      AWS_REGION: 'ap-southeast-3',
      AWS_MAX_ATTEMPTS: '1',
      WARTA_CONFIG: readFileSync(new URL('../../infra/config/dkip-malut.json', import.meta.url), 'utf8'),
    });
    // A function's client is made once per container: each test is a fresh one.
    vi.resetModules();
    const { ses } = await import('../../functions/adapters/clients/ses.js');
    const { composeMail, isThrottle } = await import('../../functions/adapters/mailer.js');
    const sendRaw = async (to: string, subject: string) =>
      ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: await composeMail({ to, subject, html: '<p>isi</p>', text: 'isi', idempotencyKey: subject }) },
          Destinations: [to],
        }),
      );
    return { sendRaw, isThrottle };
  }

  it('keeps a SendRawEmail in the mailbox, with its recipients for the bounce simulator', async () => {
    // Prepare
    const emulator = await startSes({ dir, host: '127.0.0.1', port: 0 });
    const sent: unknown[] = [];
    emulator.onSent((mail) => sent.push(mail));
    const { sendRaw } = await functionSide(emulator.url);
    // Act
    const out = await sendRaw('bounce@simulator.amazonses.com', 'Tautan tugas: disposisi');
    const mailbox = (
      (await (await fetch(`${emulator.url}/store`)).json()) as { emails: Array<{ subject: string; destination: { to: string[] } }> }
    ).emails;
    await emulator.close();
    const feedback = simulatorFeedback(sent[0] as SentMail, {
      region: 'ap-southeast-3',
      accountId: '111111111111',
      configurationSet: 'warta',
    });
    // Assert
    expect(out.MessageId).toEqual(expect.any(String));
    expect(mailbox.map((m) => m.subject)).toEqual(['Tautan tugas: disposisi']);
    expect(mailbox[0]!.destination.to.join()).toContain('bounce@simulator.amazonses.com');
    expect(feedback.map((e) => e['detail-type'])).toEqual(['Email Bounced']);
  });

  it('refuses a SendRawEmail as SES does past the sending rate when the throttle switch says so, and the mailer knows it as throttling', async () => {
    // Prepare
    const emulator = await startSes({ dir, host: '127.0.0.1', port: 0, throttleRate: 1 });
    const { sendRaw, isThrottle } = await functionSide(emulator.url);
    // Act
    const refused = await sendRaw('ani@example.com', 'Pengingat').catch((e: unknown) => e);
    const throttled = emulator.throttled();
    await emulator.close();
    // Assert
    expect(refused).toMatchObject({ name: 'Throttling', message: 'Maximum sending rate exceeded.' });
    expect(isThrottle(refused)).toBe(true);
    expect(throttled).toBe(1);
  });
});
