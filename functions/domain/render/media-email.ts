/**
 * The email to one media outlet: the approved release as HTML and plain text, photos
 * linked from the newsroom page (never attached, so a newsroom's mailbox is not filled
 * with megabytes), and a List-Unsubscribe header naming the outlet.
 */
import type { Outlet } from '../config.js';
import type { OfficeView, PublicRelease } from '../newsroom.js';
import { escapeHtml, headerSafe, paragraphs, paragraphsHtml, plainText } from './escape.js';
import { formatBytes, formatDate, formatDateTime } from '../format.js';
import type { Locale } from '../messages.js';
import { WORDS, say } from './words.js';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
}

/** Subject: agenda number and title, on one line whatever the title holds. */
export function mediaSubject(pr: PublicRelease, locale: Locale): string {
  return headerSafe(`[${say(WORDS.pressRelease, locale)} ${pr.agendaNumber}] ${pr.title}`, 250);
}

/** mailto: the sender, subject "unsubscribe <outlet id>" (the outlet id is a slug). */
export function unsubscribeHeaders(office: OfficeView, outlet: Outlet): Record<string, string> {
  const subject = encodeURIComponent(`unsubscribe ${outlet.id}`);
  return {
    'List-Unsubscribe': `<mailto:${office.sender}?subject=${subject}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}

export function renderMediaEmail(pr: PublicRelease, outlet: Outlet, office: OfficeView): RenderedMail {
  const locale: Locale = outlet.locale === 'en' ? 'en' : 'id';
  const t = (w: { id: string; en: string }) => say(w, locale);
  const published = formatDateTime(pr.publishedAt, locale, office.timeZone);
  const facts: [string, string][] = [
    [t(WORDS.agendaNumber), pr.agendaNumber],
    [t(WORDS.newsType), t(pr.newsType)],
    [t(WORDS.institution), pr.institution],
    [t(WORDS.published), published],
    ...(pr.eventDate ? ([[t(WORDS.eventDate), formatDate(pr.eventDate, locale, office.timeZone)]] as [string, string][]) : []),
    ...(pr.eventPlace ? ([[t(WORDS.eventPlace), pr.eventPlace]] as [string, string][]) : []),
  ];

  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(pr.title)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;color:#1d2433;line-height:1.5;max-width:640px">
<p>${escapeHtml(t(WORDS.mediaGreeting))} ${escapeHtml(outlet.outlet)},</p>
<p>${escapeHtml(t(WORDS.mediaIntro))}</p>
<h1 style="font-size:20px">${escapeHtml(pr.title)}</h1>
<table role="presentation" style="font-size:14px;color:#5b6475">
${facts.map(([k, v]) => `<tr><td style="padding-right:12px">${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('\n')}
</table>
${pr.lead ? `<p><strong>${escapeHtml(pr.lead)}</strong></p>` : ''}
${paragraphsHtml(pr.body)}
${pr.quotes.map((q) => `<blockquote style="border-left:4px solid #0b5cad;margin:12px 0;padding:4px 12px">“${escapeHtml(q.text)}” — ${escapeHtml(q.by)}</blockquote>`).join('\n')}
${
  pr.photos.length
    ? `<h2 style="font-size:16px">${escapeHtml(t(WORDS.photos))}</h2>\n<ul>\n${pr.photos
        .map((p) => `<li><a href="${escapeHtml(p.url)}">${escapeHtml(p.caption ?? p.displayName)}</a></li>`)
        .join('\n')}\n</ul>`
    : ''
}
<p>${escapeHtml(t(WORDS.mediaPhotosNote))} <a href="${escapeHtml(pr.url)}">${escapeHtml(pr.url)}</a></p>
<p>${escapeHtml(t(WORDS.regards))}<br>${escapeHtml(office.senderName)}<br>${escapeHtml(say(office.name, locale))}</p>
<p style="font-size:12px;color:#5b6475">${escapeHtml(t(WORDS.unsubscribeNote))}</p>
</body></html>
`;

  const text = [
    `${t(WORDS.mediaGreeting)} ${plainText(outlet.outlet)},`,
    '',
    t(WORDS.mediaIntro),
    '',
    plainText(pr.title).toUpperCase(),
    '',
    ...facts.map(([k, v]) => `${k}: ${plainText(v)}`),
    '',
    ...(pr.lead ? [plainText(pr.lead), ''] : []),
    ...paragraphs(pr.body).flatMap((p) => [plainText(p), '']),
    ...pr.quotes.flatMap((q) => [`“${plainText(q.text)}” — ${plainText(q.by)}`, '']),
    ...(pr.photos.length
      ? [`${t(WORDS.photos)}:`, ...pr.photos.map((p) => `- ${plainText(p.caption ?? p.displayName)}: ${p.url}`), '']
      : []),
    ...(pr.downloads.length > pr.photos.length
      ? [
          `${t(WORDS.downloads)}:`,
          ...pr.downloads
            .filter((d) => !pr.photos.includes(d))
            .map((d) => `- ${plainText(d.displayName)} (${formatBytes(d.size)}): ${d.url}`),
          '',
        ]
      : []),
    `${t(WORDS.mediaPhotosNote)} ${pr.url}`,
    '',
    t(WORDS.regards),
    plainText(office.senderName),
    say(office.name, locale),
    '',
    '-- ',
    t(WORDS.unsubscribeNote),
    '',
  ].join('\n');

  return { subject: mediaSubject(pr, locale), html, text, headers: unsubscribeHeaders(office, outlet) };
}
