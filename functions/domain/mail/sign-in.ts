/** The desk's sign-in mail: one button, how long it works, and what to do when it was not asked for. */
import type { Locale } from '../messages.js';
import { renderMail, type MailContent } from './layout.js';

export interface SignInMailInput {
  locale: Locale;
  officeName: string;
  personName: string;
  url: string;
  validMinutes: number;
}

export function signInMail(c: SignInMailInput): MailContent {
  if (c.locale === 'en') {
    return renderMail(
      `Sign in to the ${c.officeName} desk`,
      'Your sign-in link',
      [
        { p: `Dear ${c.personName}, here is the link you asked for to sign in to the desk.` },
        { button: { label: 'Sign in to the desk', url: c.url } },
        {
          p: `The link works once, for ${c.validMinutes} minutes. If you did not ask for it, ignore this mail: nobody can sign in without it.`,
        },
      ],
      `${c.officeName} — this message was sent automatically.`,
    );
  }
  return renderMail(
    `Masuk ke meja kerja ${c.officeName}`,
    'Tautan masuk Anda',
    [
      { p: `Yth. ${c.personName}, berikut tautan yang Anda minta untuk masuk ke meja kerja.` },
      { button: { label: 'Masuk ke meja kerja', url: c.url } },
      {
        p: `Tautan berlaku satu kali, selama ${c.validMinutes} menit. Bila Anda tidak memintanya, abaikan email ini: tanpa tautan ini tidak ada yang bisa masuk.`,
      },
    ],
    `${c.officeName} — pesan ini dikirim secara otomatis.`,
  );
}
