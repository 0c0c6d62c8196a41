/**
 * What the desk's task, board and release routes answer (functions/handlers/desk-*.ts),
 * and the one way the desk writes a span of minutes.
 */
import { t } from '../../lib/i18n/index.svelte.js';
import type { DispositionView, HistoryEntry, Label, Person, TaskAttachment, TaskDraft, TaskView } from '../task/types.js';
import type { TimelineEntry } from '../status/types.js';

export interface DueStanding {
  overdue: boolean;
  minutesLeft: number;
  minutesOver: number;
}

export interface MyTask extends DueStanding {
  taskId: string;
  releaseId: string;
  agendaNumber: string;
  title: string;
  stage: { id: string; kind: string; label: Label };
  round: number;
  dueAt: string;
  inOfficeHours: boolean;
  escalated: boolean;
}

export interface BoardRow extends DueStanding {
  releaseId: string;
  agendaNumber: string;
  title: string;
  newsType: string;
  institution: string;
  status: string;
  stage: { id: string; label: Label; mutuBakuMinutes: number } | null;
  holders: Person[];
  since: string | null;
  minutesAtStage: number;
  dueAt: string | null;
  inOfficeHours: boolean;
}

/** The board's filters as the page holds them ('' for all). */
export interface Filters {
  stage: string;
  newsType: string;
  institution: string;
  overdue: '' | 'true' | 'false';
}

export interface BoardView {
  rows: BoardRow[];
  stages: { id: string; label: Label }[];
  newsTypes: { id: string; label: Label }[];
  institutions: string[];
  timeZone: string;
}

export interface SentMail {
  purpose: string;
  to: string;
  state: 'sending' | 'sent';
  startedAt: string;
  sentAt: string | null;
  outcome: 'delivered' | 'bounced' | 'complained' | null;
  outcomeAt: string | null;
  outcomeDetail: string | null;
}

export interface ReleaseDetailView {
  release: TaskView['release'] & { status: string; receivedAt: string };
  currentStage: { id: string; label: Label } | null;
  attachments: TaskAttachment[];
  disposition: DispositionView | null;
  draft: TaskDraft | null;
  history: HistoryEntry[];
  timeline: (TimelineEntry & { holders: Person[] })[];
  events: { seq: number; type: string; stageId: string | null; actor: string | null; at: string; hash: string }[];
  mails: SentMail[];
  publication: { url: string; publishedAt: string; outletsSent: string[] } | null;
  archive: {
    classification: string;
    classificationLabel: Label | null;
    archiveNumber: string;
    archivedAt: string;
    textSha256: string | null;
    verifyUrl: string | null;
    mediaCount: number;
  } | null;
  timeZone: string;
}

/** "2 jam 5 menit" / "2 h 5 min"; under an hour, minutes only. */
export function span(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  return h > 0 ? t('desk.hours', { h, m }) : t('desk.minutes', { m });
}
