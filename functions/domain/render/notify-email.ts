/**
 * The email to the sender at the end: published (with the link to the newsroom page)
 * or rejected (with the reviewer's reason). In the sender's locale.
 */
import type { OfficeView } from '../newsroom.js';
import { escapeHtml, headerSafe, paragraphsHtml, plainText } from './escape.js';
import type { RenderedMail } from './media-email.js';
import type { Locale } from '../messages.js';
import { WORDS, say } from './words.js';

export type NotifyOutcome = { kind: 'published'; url: string } | { kind: 'rejected'; reason: string };

export interface NotifyView {
  name: string;
  title: string;
  agendaNumber: string;
  locale: Locale;
  outcome: NotifyOutcome;
}

export function renderNotifyEmail(view: NotifyView, office: OfficeView): Omit<RenderedMail, 'headers'> {
  const t = (w: { id: string; en: string }) => say(w, view.locale);
  const published = view.outcome.kind === 'published';
  const subjectWords = published ? WORDS.notifyPublishedSubject : WORDS.notifyRejectedSubject;
  const subject = headerSafe(`${t(subjectWords)}: ${view.agendaNumber} ${view.title}`, 250);
  const intro = t(published ? WORDS.notifyPublishedBody : WORDS.notifyRejectedBody);

  const detailHtml =
    view.outcome.kind === 'published'
      ? `<p><a href="${escapeHtml(view.outcome.url)}">${escapeHtml(t(WORDS.viewOnline))}</a>: ${escapeHtml(view.outcome.url)}</p>`
      : `<p><strong>${escapeHtml(t(WORDS.reason))}:</strong></p>\n${paragraphsHtml(view.outcome.reason)}`;
  const detailText =
    view.outcome.kind === 'published'
      ? `${t(WORDS.viewOnline)}: ${view.outcome.url}`
      : `${t(WORDS.reason)}:\n${plainText(view.outcome.reason)}`;

  const html = `<!doctype html>
<html lang="${view.locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d2433;line-height:1.5;max-width:640px">
<p>${escapeHtml(t(WORDS.greeting))} ${escapeHtml(view.name)},</p>
<p>${escapeHtml(intro)}</p>
<p>${escapeHtml(t(WORDS.title))}: <strong>${escapeHtml(view.title)}</strong><br>${escapeHtml(t(WORDS.agendaNumber))}: ${escapeHtml(view.agendaNumber)}</p>
${detailHtml}
<p>${escapeHtml(t(WORDS.regards))}<br>${escapeHtml(office.senderName)}<br>${escapeHtml(say(office.name, view.locale))}</p>
</body></html>
`;
  const text = [
    `${t(WORDS.greeting)} ${plainText(view.name)},`,
    '',
    intro,
    '',
    `${t(WORDS.title)}: ${plainText(view.title)}`,
    `${t(WORDS.agendaNumber)}: ${view.agendaNumber}`,
    '',
    detailText,
    '',
    t(WORDS.regards),
    plainText(office.senderName),
    say(office.name, view.locale),
    '',
  ].join('\n');
  return { subject, html, text };
}
