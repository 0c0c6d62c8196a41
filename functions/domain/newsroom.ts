/**
 * The public face of a release: what the newsroom page, the index, the RSS feed and the
 * media emails show, and where each file lies in the site bucket. Pure: the publish
 * handler gives it the release and the office configuration, the renderers take its
 * result. Nothing a reviewer did not approve reaches the public.
 */
import type { WartaConfig } from './config.js';
import { newsTypesOf } from './config.js';
import type { Attachment, Release } from './release.js';
import { safeFileName, slugify } from './render/escape.js';
import type { Words } from './render/words.js';

/** Folder of the newsroom in the site bucket and on the web origin. */
export const NEWSROOM_PREFIX = 'berita';
/** How many releases the index page and the feed list. */
export const INDEX_SIZE = 50;
export const FEED_SIZE = 20;

export const siteKeys = {
  page: (slug: string) => `${NEWSROOM_PREFIX}/${slug}/index.html`,
  media: (slug: string, fileName: string) => `${NEWSROOM_PREFIX}/${slug}/media/${fileName}`,
  index: `${NEWSROOM_PREFIX}/index.html`,
  rss: `${NEWSROOM_PREFIX}/rss.xml`,
} as const;

export interface PublicMedia {
  uploadId: string;
  /** Key in the uploads bucket to copy from. */
  sourceKey: string;
  /** Key in the site bucket. */
  siteKey: string;
  url: string;
  fileName: string;
  /** The submitter's own file name, for display (escaped when rendered). */
  displayName: string;
  contentType: string;
  size: number;
  caption?: string;
}

export interface PublicRelease {
  id: string;
  slug: string;
  url: string;
  title: string;
  lead?: string;
  body: string;
  quotes: { text: string; by: string }[];
  publishedAt: string;
  eventDate?: string;
  eventPlace?: string;
  agendaNumber: string;
  newsType: Words;
  institution: string;
  photos: PublicMedia[];
  downloads: PublicMedia[];
}

/** One line of the newsroom index and feed; stored in the table per published release. */
export interface NewsroomEntry {
  releaseId: string;
  slug: string;
  url: string;
  title: string;
  lead?: string;
  publishedAt: string;
  agendaNumber: string;
  newsType: Words;
  institution: string;
  /** First photo, for the feed's enclosure and the index thumbnail. */
  image?: { url: string; contentType: string; size: number };
}

/** The office as the newsroom shows it. */
export interface OfficeView {
  name: Words;
  address?: string;
  origin: string;
  timeZone: string;
  senderName: string;
  sender: string;
}

export function officeView(cfg: WartaConfig, origin: string): OfficeView {
  return {
    name: cfg.office.name,
    address: cfg.office.address,
    origin: origin.replace(/\/+$/, ''),
    timeZone: cfg.office.timeZone,
    senderName: cfg.mail.senderName,
    sender: cfg.mail.sender,
  };
}

/**
 * The page's path segment: the title in ASCII plus the agenda year and number, so two
 * releases with the same title never share a page and a re-run finds the same one.
 */
export function releaseSlug(release: Release): string {
  const title = release.draft?.title ?? release.submission.title;
  return `${slugify(title, 60)}-${release.agendaYear}-${release.agendaSeq}`;
}

export function newsUrl(origin: string, slug: string): string {
  return `${origin.replace(/\/+$/, '')}/${NEWSROOM_PREFIX}/${slug}/`;
}

const isPhoto = (a: Attachment) => /^image\/(jpeg|png|webp)$/.test(a.contentType);
// Documents (the request letter, raw data) stay internal; pictures and video are for the media.
const isPublicMedia = (a: Attachment) => /^(image|video)\//.test(a.contentType);

/** The release as the public sees it, once approved; `publishedAt` is fixed by the caller. */
export function publicRelease(release: Release, cfg: WartaConfig, origin: string, publishedAt: string): PublicRelease {
  const slug = release.publication?.slug ?? releaseSlug(release);
  const draft = release.draft;
  const byUpload = new Map(release.attachments.map((a) => [a.uploadId, a]));
  const used = new Set<string>();
  const media = (a: Attachment, caption?: string): PublicMedia => {
    let fileName = safeFileName(a.name);
    // Two uploads called "foto.jpg" must not overwrite each other.
    if (used.has(fileName)) fileName = `${a.uploadId.slice(-6).toLowerCase()}-${fileName}`;
    used.add(fileName);
    const siteKey = siteKeys.media(slug, fileName);
    return {
      uploadId: a.uploadId,
      sourceKey: a.key,
      siteKey,
      url: `${origin.replace(/\/+$/, '')}/${siteKey}`,
      fileName,
      displayName: a.name,
      contentType: a.contentType,
      size: a.size,
      ...(caption ? { caption } : {}),
    };
  };

  const selected = draft?.photos?.length
    ? draft.photos.flatMap((p) => {
        const a = byUpload.get(p.uploadId);
        return a && isPhoto(a) ? [{ a, caption: p.caption }] : [];
      })
    : release.attachments.filter(isPhoto).map((a) => ({ a, caption: undefined }));
  const photos = selected.map(({ a, caption }) => media(a, caption));
  const photoIds = new Set(photos.map((p) => p.uploadId));
  const downloads = [...photos, ...release.attachments.filter((a) => isPublicMedia(a) && !photoIds.has(a.uploadId)).map((a) => media(a))];

  const types = newsTypesOf(cfg);
  return {
    id: release.id,
    slug,
    url: newsUrl(origin, slug),
    title: draft?.title ?? release.submission.title,
    ...(draft?.lead ? { lead: draft.lead } : {}),
    body: draft?.body ?? release.submission.body,
    quotes: draft?.quotes ?? [],
    publishedAt,
    ...(release.submission.eventDate ? { eventDate: release.submission.eventDate } : {}),
    ...(release.submission.eventPlace ? { eventPlace: release.submission.eventPlace } : {}),
    agendaNumber: release.agendaNumber,
    newsType: types[release.newsType] ?? { id: release.newsType, en: release.newsType },
    institution: release.submission.submitter.institution,
    photos,
    downloads,
  };
}

export function newsroomEntry(pr: PublicRelease): NewsroomEntry {
  const photo = pr.photos[0];
  return {
    releaseId: pr.id,
    slug: pr.slug,
    url: pr.url,
    title: pr.title,
    ...(pr.lead ? { lead: pr.lead } : {}),
    publishedAt: pr.publishedAt,
    agendaNumber: pr.agendaNumber,
    newsType: pr.newsType,
    institution: pr.institution,
    ...(photo ? { image: { url: photo.url, contentType: photo.contentType, size: photo.size } } : {}),
  };
}

/** Newest first; ties broken by id so every rebuild lists them in the same order. */
export function sortEntries(entries: NewsroomEntry[]): NewsroomEntry[] {
  return [...entries].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.releaseId.localeCompare(a.releaseId));
}
