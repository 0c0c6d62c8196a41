/**
 * The editor's work kept on the device while the officer types, so a reload or a phone
 * that drops the tab loses nothing between "Save draft" presses. Keyed by release and
 * stage, never by the link id: the link is a secret, a storage key is not.
 */
import type { TaskDraft } from './types.js';

export interface LocalEdit extends TaskDraft {
  note: string;
}

export const localEditKey = (releaseId: string, stageId: string) => `warta.edit.${releaseId}.${stageId}`;

export function loadLocalEdit(storage: Storage | undefined, key: string): LocalEdit | undefined {
  try {
    const raw = JSON.parse(storage?.getItem(key) ?? 'null') as Partial<LocalEdit> | null;
    if (!raw || typeof raw.title !== 'string' || typeof raw.body !== 'string') return undefined;
    return {
      title: raw.title,
      body: raw.body,
      lead: typeof raw.lead === 'string' ? raw.lead : '',
      note: typeof raw.note === 'string' ? raw.note : '',
      quotes: Array.isArray(raw.quotes) ? raw.quotes.filter((q) => typeof q?.text === 'string' && typeof q?.by === 'string') : [],
      photos: Array.isArray(raw.photos) ? raw.photos.filter((p) => typeof p?.uploadId === 'string') : [],
    };
  } catch {
    return undefined; // unreadable: start from the server's draft
  }
}

export function saveLocalEdit(storage: Storage | undefined, key: string, edit: LocalEdit): void {
  try {
    storage?.setItem(key, JSON.stringify(edit));
  } catch {
    /* full or blocked: the server draft still works */
  }
}

export function clearLocalEdit(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    /* nothing kept */
  }
}
