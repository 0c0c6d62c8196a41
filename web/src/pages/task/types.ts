/**
 * GET /api/tasks/{linkId}: the task as the page sees it. The server describes the fields
 * each action takes; choices (people to dispose to, officers) come as field options, in
 * whichever plain shape the server sends: strings, {value,label} or {id,name}.
 */
export type Label = { id: string; en: string } | string;

export interface FieldOption { value: string; label: Label }
export type FieldSpec = string | { name: string; required?: boolean; options?: unknown[] };
export interface ActionSpec { action: string; fields?: FieldSpec[] }

export interface TaskAttachment { uploadId?: string; name: string; contentType: string; size: number; url: string }

export interface HistoryEntry {
  at: string;
  action: string;
  stageId?: string;
  stageLabel?: Label;
  actor?: { name: string; title?: string } | string;
  note?: string;
  paraf?: string;
  reason?: string;
  onBehalfOf?: string;
}

export interface TaskDraft {
  title: string;
  lead?: string;
  body: string;
  quotes?: { text: string; by: string }[];
  photos?: { uploadId: string; caption?: string }[];
}

export interface TaskView {
  state: 'open' | 'done';
  stage: { id: string; kind: string; label: Label };
  release: {
    agendaNumber?: string; newsType?: string; title: string; body: string;
    eventDate?: string; eventPlace?: string;
    submitter?: { name?: string; institution?: string };
    attachments: TaskAttachment[];
  };
  history: HistoryEntry[];
  actions: ActionSpec[];
  draft?: TaskDraft;
  /** Set when the task is done: who acted and when. */
  doneBy?: { name?: string; at?: string };
}

/** The options the server offers for one field of one action ([] when it offers none). */
export function optionsOf(actions: ActionSpec[], action: string, field: string): FieldOption[] {
  const spec = actions.find((a) => a.action === action)?.fields?.find((f) => (typeof f === 'string' ? f : f.name) === field);
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

export const hasAction = (view: TaskView, action: string) => view.actions.some((a) => a.action === action);
