import { describe, expect, it } from 'vitest';
import type { Outlet } from '../../functions/domain/config.js';
import { officeView, publicRelease } from '../../functions/domain/newsroom.js';
import { renderMediaEmail } from '../../functions/domain/render/media-email.js';
import { renderNotifyEmail } from '../../functions/domain/render/notify-email.js';
import { ORIGIN, fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

const OUTLET_ID: Outlet = { id: 'malut-post', outlet: 'Malut <Post>', type: 'print', email: 'redaksi@malutpost.example.com', locale: 'id' };
const OUTLET_EN: Outlet = { id: 'wire-en', outlet: 'Wire', type: 'online', email: 'desk@wire.example.com', locale: 'en' };

function mailFor(outlet: Outlet) {
  const cfg = fixtureConfig();
  const pr = publicRelease(fixtureRelease('release-hostile'), cfg, ORIGIN, '2026-11-20T04:00:00.000Z');
  return { pr, mail: renderMediaEmail(pr, outlet, officeView(cfg, ORIGIN)) };
}

describe('the email to a media outlet', () => {
  it('has the agenda number and title in a one-line subject', () => {
    const { mail } = mailFor(OUTLET_ID);
    expect(mail.subject).toBe('[Siaran Pers 007/PUB/DKIP-MU/2026] Peresmian Jembatan <Kao> — “Ā” 中文 😀');
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('links the photos from the newsroom page and attaches nothing', () => {
    const { pr, mail } = mailFor(OUTLET_ID);
    expect(mail.html).toContain(`href="${pr.photos[0]?.url}"`);
    expect(mail.text).toContain(pr.photos[0]?.url);
    expect(mail.text).toContain(pr.url);
    expect(mail).not.toHaveProperty('attachments');
  });

  it('escapes user text in HTML and keeps it readable in text', () => {
    const { mail } = mailFor(OUTLET_ID);
    expect(mail.html).toContain('Redaksi Malut &lt;Post&gt;');
    expect(mail.html).toContain('Ini untuk &lt;rakyat&gt;');
    expect(mail.html).not.toMatch(/<script|<em>|<img src=x/);
    expect(mail.text).toContain('“Ini untuk <rakyat>” — Gubernur "Malut"');
  });

  it('carries List-Unsubscribe naming the outlet', () => {
    const { mail } = mailFor(OUTLET_ID);
    expect(mail.headers['List-Unsubscribe']).toBe('<mailto:humas@kominfo.example.go.id?subject=unsubscribe%20malut-post>');
    expect(mail.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
  });

  it('is in English for an outlet whose locale is en', () => {
    const { mail } = mailFor(OUTLET_EN);
    expect(mail.subject.startsWith('[Press release 007/PUB/DKIP-MU/2026]')).toBe(true);
    expect(mail.text).toContain('Please find below a press release for publication.');
    expect(mail.text).toContain('Agenda number: 007/PUB/DKIP-MU/2026');
  });
});

describe('the email to the sender', () => {
  it('tells them it was published, with the link, in their locale', () => {
    // Act
    const mail = renderNotifyEmail(
      {
        name: 'Ani "Ratu" <Admin>',
        title: 'Judul <x>',
        agendaNumber: '007/PUB/DKIP-MU/2026',
        locale: 'en',
        outcome: { kind: 'published', url: `${ORIGIN}/berita/judul-2026-7/` },
      },
      officeView(fixtureConfig(), ORIGIN),
    );
    // Assert
    expect(mail.subject).toBe('Your information has been published: 007/PUB/DKIP-MU/2026 Judul <x>');
    expect(mail.html).toContain('Dear Ani &quot;Ratu&quot; &lt;Admin&gt;,');
    expect(mail.html).toContain(`href="${ORIGIN}/berita/judul-2026-7/"`);
    expect(mail.text).toContain(`View the news: ${ORIGIN}/berita/judul-2026-7/`);
  });

  it('tells them it was rejected, with the reason, in Indonesian by default', () => {
    const mail = renderNotifyEmail(
      {
        name: 'Budi',
        title: 'Rapat',
        agendaNumber: '012/PR/ESDM-BB/2026',
        locale: 'id',
        outcome: { kind: 'rejected', reason: 'Data <belum> lengkap\r\nBcc: evil@example.com' },
      },
      officeView(fixtureConfig('esdm-babel'), ORIGIN),
    );
    expect(mail.subject).toBe('Informasi Anda tidak dapat diterbitkan: 012/PR/ESDM-BB/2026 Rapat');
    expect(mail.html).toContain('Data &lt;belum&gt; lengkap<br>Bcc: evil@example.com');
    expect(mail.text).toContain('Alasan:\nData <belum> lengkap\nBcc: evil@example.com');
  });
});
