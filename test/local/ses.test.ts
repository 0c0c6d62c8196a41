import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startSes } from '../../infra/local/emulators/ses.js';

// The local mailbox is kept as one JSON line per mail; it survives restarts and kills.
describe('local SES mailbox on disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warta-ses-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stored = async (url: string) => ((await (await fetch(`${url}/store`)).json()) as { emails: Array<{ subject: string }> }).emails.map((e) => e.subject);
  const send = async (url: string, subject: string) => {
    const client = new SESv2Client({ endpoint: url, region: 'ap-southeast-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    await client.send(new SendEmailCommand({
      FromEmailAddress: 'humas@example.go.id',
      Destination: { ToAddresses: ['ani@example.com'] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'isi' } } } },
    }));
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
