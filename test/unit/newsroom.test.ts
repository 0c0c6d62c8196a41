import { describe, expect, it } from 'vitest';
import { newsroomEntry, publicRelease, releaseSlug, siteKeys, sortEntries } from '../../functions/domain/newsroom.js';
import { ORIGIN, fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

describe('the public view of a release', () => {
  it('takes the approved draft, not the submission', () => {
    // Prepare
    const release = fixtureRelease('release-hostile');
    // Act
    const pr = publicRelease(release, fixtureConfig(), ORIGIN, '2026-11-20T04:00:00.000Z');
    // Assert
    expect(pr.title).toBe(release.draft?.title);
    expect(pr.body).toBe(release.draft?.body);
    expect(pr.newsType).toEqual({ id: 'Informasi pembangunan daerah', en: 'Regional development information' });
    expect(pr.url).toBe(`${ORIGIN}/berita/${pr.slug}/`);
  });

  it('has a stable slug with the agenda year and number', () => {
    const release = fixtureRelease('release-hostile');
    expect(releaseSlug(release)).toBe('peresmian-jembatan-kao-a-2026-7');
    expect(releaseSlug(release)).toBe(releaseSlug(structuredClone(release)));
  });

  it('publishes the chosen photos with captions and the video, never the request letter', () => {
    // Prepare
    const release = fixtureRelease('release-hostile');
    // Act
    const pr = publicRelease(release, fixtureConfig(), ORIGIN, '2026-11-20T04:00:00.000Z');
    // Assert
    expect(pr.photos.map((p) => [p.fileName, p.caption])).toEqual([['foto-jembatan-1.jpg', 'Pita <dipotong> & diresmikan']]);
    expect(pr.downloads.map((d) => d.contentType)).toEqual(['image/jpeg', 'video/mp4']);
    expect(pr.downloads.map((d) => d.siteKey)).toEqual([
      siteKeys.media(pr.slug, 'foto-jembatan-1.jpg'),
      siteKeys.media(pr.slug, 'video-peresmian.mp4'),
    ]);
    expect(pr.downloads.every((d) => d.url.startsWith(`${ORIGIN}/berita/${pr.slug}/media/`))).toBe(true);
  });

  it('gives two attachments with the same name different files', () => {
    const release = fixtureRelease('release-hostile');
    release.draft = undefined;
    release.attachments = [
      { uploadId: '01JD000000000000000000AAAA', key: 'a', name: 'foto.jpg', contentType: 'image/jpeg', size: 1, sha256: 'x' },
      { uploadId: '01JD000000000000000000BBBB', key: 'b', name: 'foto.jpg', contentType: 'image/png', size: 1, sha256: 'y' },
    ];
    const pr = publicRelease(release, fixtureConfig(), ORIGIN, '2026-11-20T04:00:00.000Z');
    expect(pr.photos.map((p) => p.fileName)).toEqual(['foto.jpg', '00bbbb-foto.jpg']);
  });

  it('lists entries newest first', () => {
    const base = newsroomEntry(publicRelease(fixtureRelease('release-hostile'), fixtureConfig(), ORIGIN, '2026-11-20T04:00:00.000Z'));
    const sorted = sortEntries([
      { ...base, releaseId: 'A', publishedAt: '2026-01-01T00:00:00Z' },
      { ...base, releaseId: 'B', publishedAt: '2026-03-01T00:00:00Z' },
      { ...base, releaseId: 'C', publishedAt: '2026-02-01T00:00:00Z' },
    ]);
    expect(sorted.map((e) => e.releaseId)).toEqual(['B', 'C', 'A']);
  });
});
