/** The receipt the sender gets after registration: agenda number and the private status link. */
import type { Locale } from '../messages.js';
import { renderMail, type MailContent } from './layout.js';

export interface ReceiptInput {
  locale: Locale;
  officeName: string;
  submitterName: string;
  title: string;
  agendaNumber: string;
  newsTypeLabel: string;
  receivedAt: string;
  statusUrl: string;
}

export function receiptMail(r: ReceiptInput): MailContent {
  if (r.locale === 'en') {
    return renderMail(
      `Received: ${r.title} (${r.agendaNumber})`,
      'Your submission was received',
      [
        { p: `Dear ${r.submitterName}, ${r.officeName} has received and registered your submission.` },
        { rows: [['Agenda number', r.agendaNumber], ['Title', r.title], ['News type', r.newsTypeLabel], ['Received', r.receivedAt]] },
        { p: 'Follow its progress on the status page. The link is private: do not share it.' },
        { button: { label: 'See the status', url: r.statusUrl } },
      ],
      `${r.officeName} — this message was sent automatically.`,
    );
  }
  return renderMail(
    `Diterima: ${r.title} (${r.agendaNumber})`,
    'Kiriman Anda telah diterima',
    [
      { p: `Yth. ${r.submitterName}, ${r.officeName} telah menerima dan mengagendakan kiriman Anda.` },
      { rows: [['Nomor agenda', r.agendaNumber], ['Judul', r.title], ['Jenis berita', r.newsTypeLabel], ['Diterima', r.receivedAt]] },
      { p: 'Pantau prosesnya di halaman status. Tautan ini bersifat pribadi: jangan dibagikan.' },
      { button: { label: 'Lihat status', url: r.statusUrl } },
    ],
    `${r.officeName} — pesan ini dikirim secara otomatis.`,
  );
}
