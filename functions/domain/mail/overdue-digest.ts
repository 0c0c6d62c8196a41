/**
 * The morning mail of overdue tasks. It lists; it carries no task link (each task's own
 * mail has the person's link), only the way to the desk, where signing in shows them all.
 */
import type { Locale } from '../messages.js';
import { fill, renderMail, type Block, type MailContent } from './layout.js';

export interface DigestLine {
  stageLabel: string;
  title: string;
  agendaNumber: string;
  due: string;
  holders: string;
}

export interface OverdueDigestMailInput {
  locale: Locale;
  officeName: string;
  personName: string;
  date: string;
  own: DigestLine[];
  staff: DigestLine[];
  deskUrl: string;
}

const TEXT = {
  id: {
    subject: 'Tugas terlambat per {date}: {count}',
    heading: 'Tugas yang melewati Mutu Baku',
    intro: 'Yth. {name}, berikut tugas yang telah melewati waktu baku SOP per pagi ini.',
    own: 'Tugas Anda',
    staff: 'Tugas staf di bawah Anda',
    rows: ['Tahap', 'Nomor agenda', 'Batas waktu', 'Pemegang'],
    button: 'Buka meja kerja',
    footer: '{office} — ringkasan ini dikirim setiap pagi hari kerja; Kepala dapat mematikannya di meja kerja.',
  },
  en: {
    subject: 'Overdue tasks on {date}: {count}',
    heading: 'Tasks past their standard time',
    intro: 'Dear {name}, these tasks have passed the SOP standard time (Mutu Baku) as of this morning.',
    own: 'Your tasks',
    staff: 'Tasks of the people below you',
    rows: ['Stage', 'Agenda number', 'Due', 'Held by'],
    button: 'Open the desk',
    footer: '{office} — this summary is sent each working morning; the head of office can turn it off on the desk.',
  },
} as const;

export function overdueDigestMail(m: OverdueDigestMailInput): MailContent {
  const t = TEXT[m.locale];
  const v = { date: m.date, count: String(m.own.length + m.staff.length), name: m.personName, office: m.officeName };
  const section = (heading: string, lines: DigestLine[]): Block[] =>
    lines.length === 0
      ? []
      : [
          { p: `${heading} (${lines.length})` },
          ...lines.flatMap((l): Block[] => [
            { p: l.title },
            {
              rows: [
                [t.rows[0], l.stageLabel],
                [t.rows[1], l.agendaNumber],
                [t.rows[2], l.due],
                [t.rows[3], l.holders],
              ],
            },
          ]),
        ];
  return renderMail(
    fill(t.subject, v),
    t.heading,
    [{ p: fill(t.intro, v) }, ...section(t.own, m.own), ...section(t.staff, m.staff), { button: { label: t.button, url: m.deskUrl } }],
    fill(t.footer, v),
  );
}
