import type { MEDIA_TYPES } from '../../../lib/domain.js';

/** What GET /api/desk/directory answers (usecases/directory-admin.ts), as the admin page reads it. */
export interface Person {
  id: string;
  name: string;
  email: string;
  roles: string[];
  locale: 'id' | 'en';
  title?: string;
  phone?: string;
  superior?: string;
}

export interface Acting {
  id: string;
  person: string;
  role: string;
  from: string;
  to: string;
  replaces?: string;
  kind: 'plt' | 'plh';
}

export interface Outlet {
  id: string;
  outlet: string;
  type: (typeof MEDIA_TYPES)[number];
  email: string;
  locale: 'id' | 'en';
  active?: boolean;
}

export interface EntryVersion {
  version: number;
  changedBy?: { personId: string; name: string };
  changedAt?: string;
}

export interface Change {
  kind: 'person' | 'acting' | 'outlet' | 'setting';
  id: string;
  version: number;
  action: 'put' | 'remove';
  at: string;
  by: { personId: string; name: string };
  fields?: string[];
}

export interface DirectoryView {
  people: Person[];
  acting: Acting[];
  outlets: Outlet[];
  versions: Record<string, EntryVersion>;
  history: Change[];
}

export type Kind = 'person' | 'acting' | 'outlet';

/** The version an admin sends back with a change: 0 for an entry as configured or new. */
export const versionOf = (view: DirectoryView, kind: Kind, id: string): number => view.versions[`${kind}:${id}`]?.version ?? 0;
