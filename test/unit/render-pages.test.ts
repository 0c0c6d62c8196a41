import { describe, expect, it } from 'vitest';
import { newsroomEntry, officeView, publicRelease } from '../../functions/domain/newsroom.js';
import { renderIndexPage, renderReleasePage } from '../../functions/domain/render/newsroom-page.js';
import { ORIGIN, fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

const PUBLISHED_AT = '2026-11-20T04:00:00.000Z';

function hostilePage() {
  const cfg = fixtureConfig();
  const pr = publicRelease(fixtureRelease('release-hostile'), cfg, ORIGIN, PUBLISHED_AT);
  return { pr, html: renderReleasePage(pr, officeView(cfg, ORIGIN)) };
}

describe('the newsroom page of a release', () => {
  it('shows title, date, agenda number, lead, body, quote and captioned photo', () => {
    // Act
    const { html } = hostilePage();
    // Assert
    expect(html).toContain('Peresmian Jembatan &lt;Kao&gt; — “Ā” 中文 😀');
    expect(html).toContain('007/PUB/DKIP-MU/2026');
    expect(html).toContain('20 November 2026');
    expect(html).toContain('<p class="lead">Gubernur meresmikan jembatan &lt;em&gt;baru&lt;/em&gt;.</p>');
    expect(html).toContain('Ini untuk &lt;rakyat&gt;');
    expect(html).toContain('<figcaption>Pita &lt;dipotong&gt; &amp; diresmikan</figcaption>');
    expect(html).toContain('video peresmian.mp4');
    expect(html).toContain('Diterbitkan <span class="en" lang="en">Published</span>');
  });

  it('never lets user text open a tag', () => {
    const { html } = hostilePage();
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img src=x/i);
    expect(html).not.toMatch(/<em>|<b>|<\/p><script/);
    expect(html).not.toContain('"Malut"');
  });

  it('links the photos and media under the release folder', () => {
    const { pr, html } = hostilePage();
    expect(html).toContain(`src="${ORIGIN}/berita/${pr.slug}/media/foto-jembatan-1.jpg"`);
    expect(html).toContain(`href="${ORIGIN}/berita/${pr.slug}/media/video-peresmian.mp4" download`);
  });
});

describe('the newsroom index', () => {
  it('lists each entry with its link, escaped', () => {
    // Prepare
    const cfg = fixtureConfig();
    const entry = newsroomEntry(publicRelease(fixtureRelease('release-hostile'), cfg, ORIGIN, PUBLISHED_AT));
    // Act
    const html = renderIndexPage(
      [entry, { ...entry, releaseId: 'X', title: 'Kedua', url: `${ORIGIN}/berita/kedua-2026-8/` }],
      officeView(cfg, ORIGIN),
    );
    // Assert
    expect(html).toContain(`<a href="${entry.url}">Peresmian Jembatan &lt;Kao&gt;`);
    expect(html).toContain(`<a href="${ORIGIN}/berita/kedua-2026-8/">Kedua</a>`);
    expect(html.indexOf('Peresmian')).toBeLessThan(html.indexOf('Kedua</a>'));
    expect(html).not.toMatch(/<em>/);
  });

  it('says so when nothing is published yet', () => {
    const cfg = fixtureConfig();
    expect(renderIndexPage([], officeView(cfg, ORIGIN))).toContain('Belum ada berita yang diterbitkan.');
  });
});
