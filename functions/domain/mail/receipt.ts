/** The receipt the sender gets after registration: agenda number and the private status link. */
import type { Locale } from '../messages.js';
import type { SenderMail } from '../sender-mails.js';
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
  /** The mails that will follow this one (sender-mails.ts promisedMails). */
  promises: readonly SenderMail[];
}

const PROMISE_TEXT: Record<Exclude<SenderMail, 'receipt'>, Record<Locale, [string, string]>> = {
  published: {
    id: ['Bila diterbitkan', 'email dengan tautan ke halaman berita'],
    en: ['When published', 'an email with the link to the newsroom page'],
  },
  rejected: { id: ['Bila ditolak', 'email dengan alasan penolakan'], en: ['When rejected', 'an email with the reason'] },
};

/** The mails still to come, one row each: when, and what it carries. */
function promiseRows(r: ReceiptInput): [string, string][] {
  return r.promises.flatMap((kind) => (kind === 'receipt' ? [] : [PROMISE_TEXT[kind][r.locale]]));
}

export function receiptMail(r: ReceiptInput): MailContent {
  if (r.locale === 'en') {
    return renderMail(
      `Received: ${r.title} (${r.agendaNumber})`,
      'Your submission was received',
      [
        { p: `Dear ${r.submitterName}, ${r.officeName} has received and registered your submission.` },
        {
          rows: [
            ['Agenda number', r.agendaNumber],
            ['Title', r.title],
            ['News type', r.newsTypeLabel],
            ['Received', r.receivedAt],
          ],
        },
        { p: 'You will get these emails from us, and no others:' },
        { rows: promiseRows(r) },
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
      {
        rows: [
          ['Nomor agenda', r.agendaNumber],
          ['Judul', r.title],
          ['Jenis berita', r.newsTypeLabel],
          ['Diterima', r.receivedAt],
        ],
      },
      { p: 'Anda akan menerima email berikut dari kami, dan tidak yang lain:' },
      { rows: promiseRows(r) },
      { p: 'Pantau prosesnya di halaman status. Tautan ini bersifat pribadi: jangan dibagikan.' },
      { button: { label: 'Lihat status', url: r.statusUrl } },
    ],
    `${r.officeName} — pesan ini dikirim secara otomatis.`,
  );
}
