/**
 * The newsroom pages: one page per published release and the index of releases.
 * Every value a person typed is escaped; URLs are built by Warta from slugs and keys.
 */
import type { NewsroomEntry, OfficeView, PublicRelease } from '../newsroom.js';
import { escapeHtml, paragraphsHtml } from './escape.js';
import { bilingual, renderPage } from './layout.js';
import { formatBytes, formatDate, formatDateTime } from '../format.js';
import { WORDS } from './words.js';

export function renderReleasePage(pr: PublicRelease, office: OfficeView): string {
  const meta = [
    `<li>${bilingual(WORDS.published)}: <time datetime="${escapeHtml(pr.publishedAt)}">${escapeHtml(formatDateTime(pr.publishedAt, 'id', office.timeZone))}</time></li>`,
    `<li>${bilingual(WORDS.agendaNumber)}: ${escapeHtml(pr.agendaNumber)}</li>`,
    `<li>${bilingual(WORDS.newsType)}: ${bilingual(pr.newsType)}</li>`,
    `<li>${bilingual(WORDS.institution)}: ${escapeHtml(pr.institution)}</li>`,
    pr.eventDate ? `<li>${bilingual(WORDS.eventDate)}: ${escapeHtml(formatDate(pr.eventDate, 'id', office.timeZone))}</li>` : '',
    pr.eventPlace ? `<li>${bilingual(WORDS.eventPlace)}: ${escapeHtml(pr.eventPlace)}</li>` : '',
  ].filter(Boolean);

  const figures = pr.photos.map(
    (p) =>
      `<figure><img src="${escapeHtml(p.url)}" alt="${escapeHtml(p.caption ?? pr.title)}" loading="lazy">${
        p.caption ? `<figcaption>${escapeHtml(p.caption)}</figcaption>` : ''
      }</figure>`,
  );

  const quotes = pr.quotes
    .map((q) => `<blockquote><p>“${escapeHtml(q.text)}”</p><footer>— ${escapeHtml(q.by)}</footer></blockquote>`)
    .join('\n');

  const downloads = pr.downloads.length
    ? `<h2>${bilingual(WORDS.downloads)}</h2>\n<ul>\n${pr.downloads
        .map(
          (d) =>
            `<li><a href="${escapeHtml(d.url)}" download>${escapeHtml(d.displayName)}</a> <span class="en">(${escapeHtml(d.contentType)}, ${formatBytes(d.size)})</span></li>`,
        )
        .join('\n')}\n</ul>`
    : '';

  const content = `<article>
<h1>${escapeHtml(pr.title)}</h1>
<ul class="meta">
${meta.join('\n')}
</ul>
${figures[0] ?? ''}
${pr.lead ? `<p class="lead">${escapeHtml(pr.lead)}</p>` : ''}
${paragraphsHtml(pr.body)}
${quotes}
${figures.length > 1 ? `<h2>${bilingual(WORDS.photos)}</h2>\n${figures.slice(1).join('\n')}` : ''}
${downloads}
<p><a href="${escapeHtml(`${office.origin}/berita/`)}">← ${bilingual(WORDS.allNews)}</a></p>
</article>`;

  return renderPage({
    office,
    title: pr.title,
    description: pr.lead ?? [...pr.body].slice(0, 200).join(''),
    content,
    canonicalUrl: pr.url,
  });
}

/** The index: the latest releases, newest first (the caller sorts and limits). */
export function renderIndexPage(entries: NewsroomEntry[], office: OfficeView): string {
  const items = entries.length
    ? `<ul class="news">\n${entries
        .map(
          (e) => `<li><a href="${escapeHtml(e.url)}">${escapeHtml(e.title)}</a>
<div class="meta"><time datetime="${escapeHtml(e.publishedAt)}">${escapeHtml(formatDate(e.publishedAt, 'id', office.timeZone))}</time> · ${escapeHtml(e.newsType.id)} · ${escapeHtml(e.institution)}</div>${
            e.lead ? `\n<p>${escapeHtml(e.lead)}</p>` : ''
          }</li>`,
        )
        .join('\n')}\n</ul>`
    : `<p>${bilingual(WORDS.noNews)}</p>`;
  const content = `<h1>${bilingual(WORDS.newsroom)}</h1>\n${items}`;
  return renderPage({ office, title: WORDS.newsroom.id, content, canonicalUrl: `${office.origin}/berita/` });
}
