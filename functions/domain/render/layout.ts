/**
 * The shell every newsroom page shares: one small embedded stylesheet (no external
 * requests, so a page works from S3 alone), the office name as the header, Indonesian
 * first with English as the secondary line.
 */
import type { OfficeView } from '../newsroom.js';
import { escapeHtml } from './escape.js';
import { WORDS, type Words } from './words.js';

// The web app's palette and type (web/src/styles: government blue, system fonts, the
// same contrast ratios), so the newsroom reads as the same service; fits a 360 px phone.
export const NEWSROOM_CSS = `
:root{--ink:#1c2430;--muted:#4f5b6b;--line:#8594a6;--primary:#0b4f8a;--primary-dark:#083a66;--surface:#f3f6f9;--focus:#c45a00}
*{box-sizing:border-box}
body{margin:0;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:#fff}
header.site{background:var(--primary);padding:.75rem 1rem}
header.site a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:46rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.en{color:var(--muted);font-size:.85em;font-weight:400}
header.site .en{color:#fff;opacity:.85}
.meta{color:var(--muted);font-size:.9rem;margin:0 0 1rem;padding:0;list-style:none}
.lead{font-size:1.1rem;font-weight:500}
figure{margin:1rem 0}
figure img{max-width:100%;height:auto;border-radius:6px}
figcaption{color:var(--muted);font-size:.9rem}
blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid var(--primary);background:var(--surface)}
ul.news{list-style:none;padding:0}
ul.news li{background:var(--surface);border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
a{color:var(--primary)}
a:hover{color:var(--primary-dark)}
a:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
footer{max-width:46rem;margin:2rem auto;padding:1rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
`.trim();

/** "Indonesian <span class=en>English</span>" — both escaped. */
export function bilingual(w: Words): string {
  return `${escapeHtml(w.id)} <span class="en" lang="en">${escapeHtml(w.en)}</span>`;
}

export interface PageShell {
  office: OfficeView;
  /** Page title, already plain text; escaped here. */
  title: string;
  description?: string;
  /** Trusted HTML built by the renderers from escaped parts. */
  content: string;
  canonicalUrl: string;
}

export function renderPage(shell: PageShell): string {
  const { office } = shell;
  const rssUrl = `${office.origin}/berita/rss.xml`;
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shell.title)} — ${escapeHtml(office.name.id)}</title>
${shell.description ? `<meta name="description" content="${escapeHtml(shell.description)}">\n` : ''}<link rel="canonical" href="${escapeHtml(shell.canonicalUrl)}">
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(office.name.id)}" href="${escapeHtml(rssUrl)}">
<style>${NEWSROOM_CSS}</style>
</head>
<body>
<header class="site"><a href="${escapeHtml(`${office.origin}/berita/`)}">${escapeHtml(office.name.id)} · ${bilingual(WORDS.newsroom)}</a></header>
<main>
${shell.content}
</main>
<footer>${escapeHtml(office.name.id)}${office.address ? ` · ${escapeHtml(office.address)}` : ''} · <a href="${escapeHtml(rssUrl)}">${bilingual(WORDS.rssFeed)}</a></footer>
</body>
</html>
`;
}
