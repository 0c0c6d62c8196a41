/**
 * The newsroom's RSS 2.0 feed, built with the `feed` library (which wraps text in CDATA
 * and splits any `]]>` inside it). Titles are plain text; descriptions are HTML. Rebuilt from the table's list of published releases on every publish.
 */
import { Feed } from 'feed';
import type { NewsroomEntry, OfficeView } from '../newsroom.js';
import { escapeHtml, plainText } from './escape.js';
import { WORDS } from './words.js';

export function renderRss(entries: NewsroomEntry[], office: OfficeView, now: string): string {
  const feed = new Feed({
    id: `${office.origin}/berita/`,
    title: `${office.name.id} — ${WORDS.newsroom.id}`,
    description: `${WORDS.pressRelease.id} ${office.name.id}`,
    link: `${office.origin}/berita/`,
    language: 'id',
    updated: new Date(entries[0]?.publishedAt ?? now),
    generator: 'Warta',
    feedLinks: { rss: `${office.origin}/berita/rss.xml` },
    copyright: office.name.id,
  });
  for (const e of entries) {
    feed.addItem({
      title: clean(e.title),
      id: e.url,
      guid: e.url,
      link: e.url,
      date: new Date(e.publishedAt),
      // Readers render <description> as HTML: user text is escaped so it shows as typed.
      description: escapeHtml(clean(e.lead ?? e.title)),
      category: [{ name: clean(e.newsType.id) }],
      ...(e.image ? { enclosure: { url: e.image.url, type: e.image.contentType, length: e.image.size } } : {}),
    });
  }
  return feed.rss2();
}

// XML 1.0 forbids most control characters even when escaped; drop them.
function clean(value: string): string {
  return plainText(value).replace(/[\t\n]+/g, ' ');
}
