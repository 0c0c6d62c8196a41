/**
 * The mail carrying a paraf code. It holds no link: the code is only of use on the task
 * page the person already has open, so a forwarded task mail and this one are needed together.
 */
import type { Locale } from '../messages.js';
import { PARAF_CODE } from '../paraf-code.js';
import { fill, renderMail, type MailContent } from './layout.js';

export interface ParafCodeMailInput {
  locale: Locale;
  officeName: string;
  personName: string;
  stageLabel: string;
  title: string;
  agendaNumber: string;
  code: string;
}

const TEXT = {
  id: {
    subject: 'Kode paraf {code} — {agenda}',
    heading: 'Kode paraf Anda',
    intro: 'Yth. {name}, masukkan kode ini di halaman tugas untuk memutuskan. Kode berlaku {minutes} menit.',
    rows: ['Kode', 'Tahap', 'Judul', 'Nomor agenda'],
    note: 'Bila Anda tidak meminta kode ini, abaikan pesan ini: tanpa kode, tautan tugas Anda tidak dapat dipakai orang lain untuk memutuskan.',
    footer: '{office} — pesan ini dikirim secara otomatis.',
  },
  en: {
    subject: 'Paraf code {code} — {agenda}',
    heading: 'Your paraf code',
    intro: 'Dear {name}, enter this code on the task page to decide. It is valid for {minutes} minutes.',
    rows: ['Code', 'Stage', 'Title', 'Agenda number'],
    note: 'If you did not ask for this code, ignore this message: without the code nobody else can decide with your task link.',
    footer: '{office} — this message was sent automatically.',
  },
} as const;

export function parafCodeMail(m: ParafCodeMailInput): MailContent {
  const t = TEXT[m.locale];
  const v = { code: m.code, agenda: m.agendaNumber, name: m.personName, minutes: String(PARAF_CODE.ttlMinutes), office: m.officeName };
  return renderMail(
    fill(t.subject, v),
    t.heading,
    [
      { p: fill(t.intro, v) },
      {
        rows: [
          [t.rows[0], m.code],
          [t.rows[1], m.stageLabel],
          [t.rows[2], m.title],
          [t.rows[3], m.agendaNumber],
        ],
      },
      { p: t.note },
    ],
    fill(t.footer, v),
  );
}
