/**
 * Publish and notify against real dynalite, s3rver and aws-ses-v2-local: the newsroom
 * page, index and feed land in the site bucket, every outlet gets one mail with
 * List-Unsubscribe, a suppressed outlet is skipped, and a re-run sends nothing new.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type OutputStores, mailbox, startOutputStores } from './harness.js';
import { seedRelease } from './seed.js';

let stores: OutputStores;
let publish: (input: unknown) => Promise<{ url: string; outletsSent: string[]; outletsSkipped: string[] }>;
let notify: (input: unknown) => Promise<{ outcome: string; mail: string }>;
let getRelease: typeof import('../../../functions/adapters/release-store.js').getRelease;
let suppress: typeof import('../../../functions/adapters/suppression-store.js').suppress;
const rawMails: string[] = [];

beforeAll(async () => {
  stores = await startOutputStores();
  // The SES emulator keeps no headers of raw mail: capture the MIME on its way out.
  const { ses } = await import('../../../functions/adapters/clients/ses.js');
  const send = ses.send.bind(ses) as (command: SendRawEmailCommand) => Promise<unknown>;
  vi.spyOn(ses, 'send').mockImplementation((async (command: SendRawEmailCommand) => {
    rawMails.push(Buffer.from(command.input.RawMessage!.Data!).toString('utf8'));
    return send(command);
  }) as never);
  publish = (await import('../../../functions/handlers/publish.js')).handler;
  notify = (await import('../../../functions/handlers/notify.js')).handler;
  ({ getRelease } = await import('../../../functions/adapters/release-store.js'));
  ({ suppress } = await import('../../../functions/adapters/suppression-store.js'));
});

afterAll(async () => {
  vi.restoreAllMocks();
  await stores?.stop();
});

async function siteObject(key: string): Promise<string> {
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: stores.buckets.site, Key: key }));
    return (await out.Body?.transformToString('utf8')) ?? '';
  } finally {
    s3.destroy();
  }
}

const mailsFor = async (agendaNumber: string) => (await mailbox(stores)).filter((m) => m.subject.includes(agendaNumber));

describe('publish', () => {
  it('renders page, media, index and feed, mails each outlet once, and a re-run sends nothing new', async () => {
    // Prepare
    const release = await seedRelease(stores);
    const payload = { releaseId: release.id, stageId: 'publish', kind: 'publish', executionId: 'x', enteredAt: new Date().toISOString() };
    // Act
    const first = await publish(payload);
    const second = await publish(payload);
    // Assert: the page
    const slug = first.url.split('/').at(-2)!;
    expect(first.url).toBe(`${stores.webOrigin}/berita/${slug}/`);
    const page = await siteObject(`berita/${slug}/index.html`);
    expect(page).toContain('Peresmian Jembatan &lt;Kao&gt;');
    expect(page).toContain(release.agendaNumber);
    expect(page).not.toMatch(/<script/i);
    expect(await siteObject(`berita/${slug}/media/foto-jembatan-1.png`)).toBeTruthy();
    expect(await siteObject(`berita/${slug}/media/video-peresmian.mp4`)).toBe('fake mp4 content');
    // the index and the feed
    expect(await siteObject('berita/index.html')).toContain(first.url);
    const rss = await siteObject('berita/rss.xml');
    expect(XMLValidator.validate(rss)).toBe(true);
    const items = [new XMLParser().parse(rss).rss.channel.item].flat();
    expect(items.filter((i: { link: string }) => i.link === first.url)).toHaveLength(1);
    // one mail per outlet, never two
    const mails = await mailsFor(release.agendaNumber);
    const addresses = mails.map((m) => /<([^>]+)>/.exec(m.destination.to.join())?.[1] ?? m.destination.to.join()).sort();
    expect(addresses).toEqual([
      'berita@rri-ternate.example.com',
      'news@tvri-malut.example.com',
      'redaksi@beritamalut.example.com',
      'redaksi@malutpost.example.com',
    ]);
    expect(mails.every((m) => m.attachments.length === 0)).toBe(true);
    expect(mails[0]?.body.html).toContain(`${first.url}media/foto-jembatan-1.png`);
    // Header lines may be folded (RFC 5322): unfold before matching.
    const raw = rawMails.filter((r) => r.includes('malutpost')).map((r) => r.replace(/\r?\n[ \t]+/g, ' '));
    expect(raw.some((r) => /^List-Unsubscribe:\s+<mailto:humas@kominfo\.example\.go\.id\?subject=unsubscribe%20malut-post>/m.test(r))).toBe(
      true,
    );
    expect(raw.some((r) => /^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m.test(r))).toBe(true);
    expect(second.outletsSent.sort()).toEqual(first.outletsSent.sort());
    // the record
    const stored = await getRelease(release.id);
    expect(stored.status).toBe('published');
    expect(stored.publication?.url).toBe(first.url);
    expect(stored.publication?.outletsSent).toHaveLength(4);
  });

  it('skips an outlet whose address is suppressed and records it', async () => {
    // Prepare
    const release = await seedRelease(stores);
    await suppress('news@tvri-malut.example.com', 'bounce');
    // Act
    const result = await publish({ releaseId: release.id, stageId: 'publish', enteredAt: new Date().toISOString() });
    // Assert
    expect(result.outletsSkipped).toEqual(['tvri-malut']);
    const mails = await mailsFor(release.agendaNumber);
    expect(mails).toHaveLength(3);
    expect(mails.some((m) => m.destination.to.join().includes('tvri'))).toBe(false);
    expect((await getRelease(release.id)).publication?.outletsSkipped).toEqual(['tvri-malut']);
  });

  it('lists every release in the index when two are published at once', async () => {
    // Prepare
    const [a, b] = [await seedRelease(stores, { draft: undefined }), await seedRelease(stores, { draft: undefined })];
    // Act
    const [ra, rb] = await Promise.all([a, b].map((r) => publish({ releaseId: r.id, stageId: 'publish' })));
    // Assert
    const index = await siteObject('berita/index.html');
    expect(index).toContain(ra!.url);
    expect(index).toContain(rb!.url);
  });
});

describe('notify', () => {
  it('tells the sender once that it was published, with the link', async () => {
    // Prepare
    const release = await seedRelease(stores);
    const { url } = await publish({ releaseId: release.id, stageId: 'publish' });
    // Act
    await notify({ releaseId: release.id, stageId: 'notify' });
    const again = await notify({ releaseId: release.id, stageId: 'notify' });
    // Assert
    expect(again.mail).toBe('already-sent');
    const toSender = (await mailbox(stores)).filter(
      (m) => m.destination.to.join().includes(release.submission.submitter.email) && m.subject.includes(release.agendaNumber),
    );
    expect(toSender).toHaveLength(1);
    // The fixture's submitter asked for English.
    expect(toSender[0]?.subject).toContain('Your information has been published');
    expect(toSender[0]?.body.text).toContain(url);
  });

  it('tells the sender it was rejected, with the reviewer reason, and marks it rejected', async () => {
    // Prepare
    const release = await seedRelease(stores, {
      decisions: [
        {
          stageId: 'review',
          round: 1,
          action: 'reject',
          actor: { id: 'kasi-piks', name: 'Nurul', role: 'kasi', email: 'kasi.piks@kominfo.example.go.id' },
          at: new Date().toISOString(),
          note: 'Data <belum> lengkap',
        },
      ],
    });
    // Act
    const result = await notify({ releaseId: release.id, stageId: 'notify', outcome: 'rejected' });
    // Assert
    expect(result.outcome).toBe('rejected');
    const mail = (await mailbox(stores)).find((m) => m.subject.includes(release.agendaNumber));
    expect(mail?.body.text).toContain('Data <belum> lengkap');
    expect(mail?.body.html).toContain('Data &lt;belum&gt; lengkap');
    expect((await getRelease(release.id)).status).toBe('rejected');
  });
});
