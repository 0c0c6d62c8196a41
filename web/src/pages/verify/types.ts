/** GET /api/verify/{archiveId}: an archived release as anyone may check it (functions/domain/verification.ts). */
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
    stage: { id: string; en: string };
    action: string;
    name: string;
    title: string | null;
    role: string;
    at: string;
    round: number;
    textSha256: string | null;
  }[];
}
