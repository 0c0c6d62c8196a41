/**
 * The mail a sender gets when registration refuses the release: which attachment and why,
 * in the words of the message catalogue, so the status page and the mail say the same.
 */
import { message, type Locale } from '../messages.js';
import { fill, renderMail, type MailContent } from './layout.js';

export interface RefusalInput {
  locale: Locale;
  officeName: string;
  submitterName: string;
  title: string;
  agendaNumber: string;
  /** A key of the message catalogue, and its parameters. */
  reason: { key: string; params: Record<string, string | number> };
}

const TEXT = {
  id: {
    subject: 'Ditolak: {title} ({agenda})',
    heading: 'Kiriman Anda tidak dapat diproses',
    intro: 'Yth. {name}, {office} tidak dapat memproses kiriman Anda.',
    rows: ['Nomor agenda', 'Judul', 'Alasan'],
    footer: '{office} — pesan ini dikirim secara otomatis.',
  },
  en: {
    subject: 'Refused: {title} ({agenda})',
    heading: 'Your submission cannot be processed',
    intro: 'Dear {name}, {office} cannot process your submission.',
    rows: ['Agenda number', 'Title', 'Reason'],
    footer: '{office} — this message was sent automatically.',
  },
} as const;

export function refusalMail(r: RefusalInput): MailContent {
  const t = TEXT[r.locale];
  const v = { title: r.title, agenda: r.agendaNumber, name: r.submitterName, office: r.officeName };
  const reason = message(r.reason.key, r.locale, r.reason.params);
  return renderMail(
    fill(t.subject, v),
    t.heading,
    [
      { p: fill(t.intro, v) },
      {
        rows: [
          [t.rows[0], r.agendaNumber],
          [t.rows[1], r.title],
          [t.rows[2], reason],
        ],
      },
    ],
    fill(t.footer, v),
  );
}
