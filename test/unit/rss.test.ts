import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { newsroomEntry, officeView, publicRelease } from '../../functions/domain/newsroom.js';
import { renderRss } from '../../functions/domain/render/rss.js';
import { ORIGIN, fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

describe('the newsroom RSS feed', () => {
  it('is valid XML with one item per entry, hostile text escaped', () => {
    // Prepare
    const cfg = fixtureConfig();
    const entry = newsroomEntry(publicRelease(fixtureRelease('release-hostile'), cfg, ORIGIN, '2026-11-20T04:00:00.000Z'));
    const second = {
      ...entry,
      releaseId: 'B',
      title: 'Kedua \u0007 & <b> ]]> end',
      url: `${ORIGIN}/berita/kedua-2026-8/`,
      image: undefined,
    };
    // Act
    const xml = renderRss([entry, second], officeView(cfg, ORIGIN), '2026-11-21T00:00:00.000Z');
    // Assert
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    const items = parsed.rss.channel.item;
    expect(items).toHaveLength(2);
    expect(items[0].title).toBe('Peresmian Jembatan <Kao> — “Ā” 中文 😀');
    expect(items[0].link).toBe(entry.url);
    expect(items[0].enclosure['@_url']).toBe(entry.image?.url);
    expect(items[1].title).toBe('Kedua  & <b> ]]> end');
    expect(items[0].description).toBe('Gubernur meresmikan jembatan &lt;em&gt;baru&lt;/em&gt;.');
    expect(xml).not.toContain('<em>');
  });

  it('is valid when empty', () => {
    const xml = renderRss([], officeView(fixtureConfig(), ORIGIN), '2026-11-21T00:00:00.000Z');
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`<link>${ORIGIN}/berita/</link>`);
  });
});
