/**
 * The public verification page of an archived release (`<web>/v/<archive id>`), reached
 * from the QR code on the archive PDF. It answers "is this paper what the office
 * published, and who approved it?": agenda and archive numbers, the published text's
 * SHA-256 and the approval trail by name, role and time. It is public, so it shows
 * nothing private: no email, phone, address, IP, user agent, note or link.
 * The archive id is the release id: random (a ULID), so the pages cannot be enumerated.
 */
import type { Label, SopProfile } from './profiles.js';
import type { Release } from './release.js';

export const verifyUrl = (webOrigin: string, archiveId: string) => `${webOrigin}/v/${archiveId}`;

export interface VerificationView {
  archiveId: string;
  title: string;
  agendaNumber: string;
  archiveNumber: string;
  classification: string;
  archivedAt: string;
  publishedAt: string | null;
  publishedUrl: string | null;
  textSha256: string;
  trail: {
    stage: Label;
    action: string;
    name: string;
    title: string | null;
    role: string;
    at: string;
    round: number;
    /** For an approval: the SHA-256 of the text that person approved. */
    textSha256: string | null;
  }[];
}

/** The view of an archived release; undefined for one that is not archived (the page answers 404). */
export function verificationView(release: Release, profile: SopProfile): VerificationView | undefined {
  const archive = release.archive;
  if (!archive?.textSha256) return undefined;
  const labels = new Map(profile.stages.map((s) => [s.id, s.label]));
  return {
    archiveId: release.id,
    title: release.draft?.title ?? release.submission.title,
    agendaNumber: release.agendaNumber,
    archiveNumber: archive.archiveNumber,
    classification: archive.classification,
    archivedAt: archive.archivedAt,
    publishedAt: release.publication?.publishedAt ?? null,
    publishedUrl: release.publication?.url ?? null,
    textSha256: archive.textSha256,
    trail: release.decisions
      .filter((d) => d.action !== 'save-draft')
      .map((d) => ({
        stage: labels.get(d.stageId) ?? { id: d.stageId, en: d.stageId },
        action: d.action,
        name: d.actor.name,
        title: d.actor.title ?? null,
        role: d.actor.role,
        at: d.at,
        round: d.round,
        textSha256: d.paraf?.textSha256 ?? null,
      })),
  };
}
