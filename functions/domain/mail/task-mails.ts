/**
 * Mails that carry a task link: the task itself, the one reminder past Mutu Baku, and
 * the escalation to the role above. The link only opens a page; nothing acts on a GET,
 * so a mail scanner following it changes nothing.
 */
import type { Locale } from '../messages.js';
import { fill, renderMail, type MailContent } from './layout.js';

export interface TaskMailInput {
  locale: Locale;
  officeName: string;
  personName: string;
  stageLabel: string;
  title: string;
  agendaNumber: string;
  dueAt: string;
  /** The due time counts office hours only (it is shown with "jam kerja"). */
  dueInOfficeHours?: boolean;
  url: string;
  /** For an escalation: whom the task was with. */
  originalAssignees?: string;
}

type Kind = 'task' | 'reminder' | 'escalation';

const TEXT = {
  id: {
    task: {
      subject: 'Tugas: {stage} — {title}',
      heading: 'Ada tugas untuk Anda',
      intro: 'Yth. {name}, mohon tindak lanjuti tahap berikut.',
    },
    reminder: {
      subject: 'Pengingat: {stage} — {title}',
      heading: 'Pengingat: tugas melewati waktu baku',
      intro: 'Yth. {name}, tugas ini telah melewati Mutu Baku (waktu standar) SOP.',
    },
    escalation: {
      subject: 'Eskalasi: {stage} — {title}',
      heading: 'Tugas dieskalasi kepada Anda',
      intro:
        'Yth. {name}, tugas ini belum dikerjakan oleh {others} dan telah melewati dua kali waktu baku. Anda dapat menindaklanjutinya atas nama mereka.',
    },
    rows: ['Tahap', 'Judul', 'Nomor agenda', 'Batas waktu'],
    officeHours: '{due} (dihitung dalam jam kerja)',
    button: 'Buka tugas',
    note: 'Tautan ini khusus untuk Anda dan hanya dapat dipakai sekali untuk memutuskan.',
    footer: '{office} — pesan ini dikirim secara otomatis.',
  },
  en: {
    task: {
      subject: 'Task: {stage} — {title}',
      heading: 'A task is waiting for you',
      intro: 'Dear {name}, please act on the following stage.',
    },
    reminder: {
      subject: 'Reminder: {stage} — {title}',
      heading: 'Reminder: the task is past its standard time',
      intro: 'Dear {name}, this task has passed the SOP standard time (Mutu Baku).',
    },
    escalation: {
      subject: 'Escalated: {stage} — {title}',
      heading: 'A task was escalated to you',
      intro: 'Dear {name}, {others} has not acted on this task within twice its standard time. You may act on it on their behalf.',
    },
    rows: ['Stage', 'Title', 'Agenda number', 'Due'],
    officeHours: '{due} (counted in office hours, jam kerja)',
    button: 'Open the task',
    note: 'This link is yours alone and decides only once.',
    footer: '{office} — this message was sent automatically.',
  },
} as const;

export function taskMail(kind: Kind, m: TaskMailInput): MailContent {
  const t = TEXT[m.locale];
  const v = { stage: m.stageLabel, title: m.title, name: m.personName, others: m.originalAssignees ?? '', office: m.officeName };
  return renderMail(
    fill(t[kind].subject, v),
    t[kind].heading,
    [
      { p: fill(t[kind].intro, v) },
      {
        rows: [
          [t.rows[0], m.stageLabel],
          [t.rows[1], m.title],
          [t.rows[2], m.agendaNumber],
          [t.rows[3], m.dueInOfficeHours ? fill(t.officeHours, { due: m.dueAt }) : m.dueAt],
        ],
      },
      { button: { label: t.button, url: m.url } },
      { p: t.note },
    ],
    fill(t.footer, v),
  );
}
