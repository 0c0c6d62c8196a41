/** The receipt the sender gets after registration: agenda number and the private status link. */
import type { Locale } from '../messages.js';
import type { SenderMail } from '../sender-mails.js';
import { fill, renderMail, type MailContent } from './layout.js';

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

const TEXT = {
  id: {
    subject: 'Diterima: {title} ({agenda})',
    heading: 'Kiriman Anda telah diterima',
    intro: 'Yth. {name}, {office} telah menerima dan mengagendakan kiriman Anda.',
    rows: ['Nomor agenda', 'Judul', 'Jenis berita', 'Diterima'],
    promises: 'Anda akan menerima email berikut dari kami, dan tidak yang lain:',
    follow: 'Pantau prosesnya di halaman status. Tautan ini bersifat pribadi: jangan dibagikan.',
    button: 'Lihat status',
    footer: '{office} — pesan ini dikirim secara otomatis.',
  },
  en: {
    subject: 'Received: {title} ({agenda})',
    heading: 'Your submission was received',
    intro: 'Dear {name}, {office} has received and registered your submission.',
    rows: ['Agenda number', 'Title', 'News type', 'Received'],
    promises: 'You will get these emails from us, and no others:',
    follow: 'Follow its progress on the status page. The link is private: do not share it.',
    button: 'See the status',
    footer: '{office} — this message was sent automatically.',
  },
} as const;

export function receiptMail(r: ReceiptInput): MailContent {
  const t = TEXT[r.locale];
  const v = { title: r.title, agenda: r.agendaNumber, name: r.submitterName, office: r.officeName };
  return renderMail(
    fill(t.subject, v),
    t.heading,
    [
      { p: fill(t.intro, v) },
      {
        rows: [
          [t.rows[0], r.agendaNumber],
          [t.rows[1], r.title],
          [t.rows[2], r.newsTypeLabel],
          [t.rows[3], r.receivedAt],
        ],
      },
      { p: t.promises },
      { rows: promiseRows(r) },
      { p: t.follow },
      { button: { label: t.button, url: r.statusUrl } },
    ],
    fill(t.footer, v),
  );
}
