/** The one mail an unconfirmed sender gets: a link to confirm, and nothing of the submission's text but its title. */
import type { Locale } from '../messages.js';
import { renderMail, type MailContent } from './layout.js';

export interface ConfirmationMailInput {
  locale: Locale;
  officeName: string;
  submitterName: string;
  title: string;
  url: string;
  validHours: number;
}

export function confirmationMail(c: ConfirmationMailInput): MailContent {
  if (c.locale === 'en') {
    return renderMail(
      `Confirm your submission: ${c.title}`,
      'Confirm your email address',
      [
        {
          p: `Dear ${c.submitterName}, someone submitted a release to ${c.officeName} with this email address. It is registered only once you confirm.`,
        },
        { button: { label: 'Confirm the submission', url: c.url } },
        { p: `The link works for ${c.validHours} hours. If you did not submit anything, ignore this mail: the submission is deleted.` },
      ],
      `${c.officeName} — this message was sent automatically.`,
    );
  }
  return renderMail(
    `Konfirmasi kiriman Anda: ${c.title}`,
    'Konfirmasi alamat email Anda',
    [
      {
        p: `Yth. ${c.submitterName}, ada kiriman rilis ke ${c.officeName} dengan alamat email ini. Kiriman baru diagendakan setelah Anda mengonfirmasinya.`,
      },
      { button: { label: 'Konfirmasi kiriman', url: c.url } },
      { p: `Tautan berlaku ${c.validHours} jam. Bila Anda tidak mengirim apa pun, abaikan email ini: kiriman akan dihapus.` },
    ],
    `${c.officeName} — pesan ini dikirim secara otomatis.`,
  );
}
