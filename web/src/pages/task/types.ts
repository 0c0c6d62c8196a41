/**
 * GET /api/tasks/{linkId}: the task as the page sees it. The server describes the fields
 * each action takes; choices (people to dispose to, officers) come as field options, in
 * whichever plain shape the server sends: strings, {value,label} or {id,name}.
 */
import type { Correction, PublishableText } from '../../lib/domain.js';

export type { Correction, PublishableText };
export type Label = { id: string; en: string } | string;

export interface FieldOption {
  value: string;
  label: Label;
}
export type FieldSpec = string | { name: string; required?: boolean; options?: unknown[] };
export interface ActionSpec {
  action: string;
  fields?: FieldSpec[];
}

export interface TaskAttachment {
  uploadId?: string;
  name: string;
  contentType: string;
  size: number;
  url: string;
  viewUrl?: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  stageId?: string;
  stageLabel?: Label;
  actor?: { name: string; title?: string | null } | string;
  note?: string | null;
  /** The paraf record: who, when, in which round, and the SHA-256 of the text approved. */
  paraf?: { name: string; at: string; round?: number; textSha256: string } | string | null;
  reason?: string | null;
  details?: {
    reason?: unknown;
    arahan?: unknown;
    urgency?: unknown;
    dueDate?: unknown;
    officer?: unknown;
    correction?: Correction;
    draft?: { title?: string };
  } | null;
}

/** The lembar disposisi as the later stages read it. */
export interface DispositionView {
  by: Person;
  assignees: Person[];
  arahan: string;
  urgency: string;
  dueDate?: string | null;
  at: string;
}

export interface TaskDraft {
  title: string;
  lead?: string;
  body: string;
  quotes?: { text: string; by: string }[];
  photos?: { uploadId: string; caption?: string }[];
}

export interface Person {
  id: string;
  name: string;
  title?: string | null;
}

export interface TaskView {
  /** The decision needs a 6-digit code mailed to the person first. */
  parafCode?: boolean;
  /** `delivering`: decided and recorded, not yet through to the workflow (the server sends it again). */
  state: 'open' | 'done' | 'delivering';
  stage: { id: string; kind: string; label: Label; mutuBakuMinutes?: number; round?: number };
  /** Who the link belongs to, and for whom they act after an escalation. */
  person?: { id: string; name: string };
  onBehalfOf?: Person | null;
  dueAt?: string;
  /** The office's zone the due time is shown in, and whether it counts office hours only. */
  dueTimeZone?: string;
  dueInOfficeHours?: boolean;
  release: {
    id?: string;
    agendaNumber?: string;
    newsType?: string | { id: string; label?: Label | null };
    title: string;
    body: string;
    eventDate?: string | null;
    eventPlace?: string | null;
    submitter?: { name?: string; institution?: string; email?: string; phone?: string | null };
    letter?: { number: string; date: string } | null;
    attachments?: TaskAttachment[];
  };
  attachments?: TaskAttachment[];
  history: HistoryEntry[];
  actions: ActionSpec[];
  /** The people an action can name: `assignees` for dispose, `officers` for accept. */
  choices?: { assignees?: Person[]; officers?: Person[] };
  draft?: TaskDraft | null;
  disposition?: DispositionView | null;
  /** On a review: the text to publish, and what it is compared with. */
  review?: { text: PublishableText; submission: { title: string; body: string }; previousRound: PublishableText | null } | null;
  /** When the attachment links run out; the page asks for fresh ones before then. */
  linksExpireAt?: string;
  /** Set once the task is done: what was decided, by whom, when. */
  decision?: { action: string; actor: string; at: string } | null;
}

const personOption = (p: Person): FieldOption => ({ value: p.id, label: p.title ? `${p.name} — ${p.title}` : p.name });

/** The choices the server offers for one field of one action ([] when it offers none). */
export function optionsOf(view: TaskView, action: string, field: string): FieldOption[] {
  const chosen =
    action === 'dispose' && field === 'assignees'
      ? view.choices?.assignees
      : action === 'accept' && field === 'officer'
        ? view.choices?.officers
        : undefined;
  if (chosen) return chosen.map(personOption);
  const spec = view.actions.find((a) => a.action === action)?.fields?.find((f) => (typeof f === 'string' ? f : f.name) === field);
  if (!spec || typeof spec === 'string' || !Array.isArray(spec.options)) return [];
  return spec.options.flatMap((o): FieldOption[] => {
    if (typeof o === 'string') return [{ value: o, label: o }];
    if (!o || typeof o !== 'object') return [];
    const r = o as Record<string, unknown>;
    const value = r.value ?? r.id;
    const label = r.label ?? r.name ?? value;
    if (typeof value !== 'string') return [];
    return [{ value, label: typeof label === 'object' && label !== null ? (label as { id: string; en: string }) : String(label) }];
  });
}

export const attachmentsOf = (view: TaskView): TaskAttachment[] => view.attachments ?? view.release.attachments ?? [];

export const hasAction = (view: TaskView, action: string) => view.actions.some((a) => a.action === action);
