import { describe, expect, it } from 'vitest';
import { headerSafe, isHeaderSafeAddress } from '../../functions/domain/mail/headers.js';
import { formatDateTime } from '../../functions/domain/format.js';
import { escapeHtml } from '../../functions/domain/render/escape.js';
import { receiptMail } from '../../functions/domain/mail/receipt.js';
import { taskMail } from '../../functions/domain/mail/task-mails.js';

const hostile = '<script>alert("x")</script> & \'co\'';

describe('header values', () => {
  it('cannot add headers of their own', () => {
    expect(headerSafe('Judul\r\nBcc: attacker@evil.example')).toBe('Judul Bcc: attacker@evil.example');
    expect(headerSafe('a\u2028b\u0085c\td')).toBe('a b c d');
    expect(headerSafe('x'.repeat(300), 10)).toHaveLength(10);
  });

  it('accepts only plain addresses', () => {
    expect(isHeaderSafeAddress('ani@pupr.example.go.id')).toBe(true);
    expect(isHeaderSafeAddress('ani@x.id\r\nBcc: b@c.d')).toBe(false);
    expect(isHeaderSafeAddress('"Ani" <ani@x.id>')).toBe(false);
  });
});

describe('mail bodies escape what users typed', () => {
  it('escapes HTML', () => {
    expect(escapeHtml(hostile)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
  });

  it("writes the receipt in the sender's language with the agenda number and the link", () => {
    // Prepare
    const input = {
      officeName: 'Dinas',
      submitterName: hostile,
      title: hostile,
      agendaNumber: '001/PR/X/2026',
      newsTypeLabel: 'Kegiatan',
      receivedAt: '1 Mei',
      statusUrl: 'https://w.example/s/01H?key=abc',
      promises: ['receipt', 'published', 'rejected'] as const,
    };
    // Act
    const id = receiptMail({ ...input, locale: 'id' });
    const en = receiptMail({ ...input, locale: 'en' });
    // Assert
    expect(id.subject).toContain('Diterima');
    expect(en.subject).toContain('Received');
    for (const m of [id, en]) {
      expect(m.html).not.toContain('<script>');
      expect(m.html).toContain('&lt;script&gt;');
      expect(m.html).toContain('001/PR/X/2026');
      expect(m.html).toContain('href="https://w.example/s/01H?key=abc"');
      expect(m.text).toContain('https://w.example/s/01H?key=abc');
    }
    // The mails that follow, exactly: publication with the link, rejection with the reason.
    expect(id.text).toMatch(/Bila diterbitkan: email dengan tautan ke halaman berita\nBila ditolak: email dengan alasan penolakan/);
    expect(en.text).toMatch(/When published: an email with the link to the newsroom page\nWhen rejected: an email with the reason/);
  });

  it('writes task, reminder and escalation mails with the link and the due time', () => {
    // Prepare
    const input = {
      locale: 'id' as const,
      officeName: 'Dinas',
      personName: 'Rahmat',
      stageLabel: 'Disposisi',
      title: hostile,
      agendaNumber: '002/PR/X/2026',
      dueAt: '1 Mei 10.00',
      url: 'https://w.example/t/abc',
      originalAssignees: 'Rahmat',
    };
    // Act
    const mails = (['task', 'reminder', 'escalation'] as const).map((k) => taskMail(k, input));
    // Assert
    expect(mails.map((m) => m.subject.split(':')[0])).toEqual(['Tugas', 'Pengingat', 'Eskalasi']);
    for (const m of mails) {
      expect(m.html).not.toContain('<script>');
      expect(m.text).toContain('https://w.example/t/abc');
    }
    expect(mails[2]!.html).toContain('atas nama');
  });

  it('shows dates in the office time zone', () => {
    expect(formatDateTime('2026-05-01T00:00:00Z', 'en', 'Asia/Jayapura')).toMatch(/1 May 2026.*09:00/);
  });
});
