/**
 * The desk's sections: one line each, one lazily loaded chunk each, so the submit page
 * never downloads the desk and one section never downloads another. The shell shows a
 * section in its menu only to the roles it lists (the server checks the same roles on
 * every route, DESK_ROLES); an address under `path` opens it, the rest of the address
 * given to it as `rest` (e.g. `/meja/rilis/<id>` -> ['<id>']).
 *
 * The menu's order is this list's; `/meja` itself is the first section whose path it is,
 * or the shell's welcome until one is added.
 */
import type { Component } from 'svelte';
import type { MessageKey } from '../../lib/i18n/id.js';
import type { DeskMe } from './me.js';

export interface SectionProps {
  me: DeskMe;
  rest: string[];
}

export interface DeskSection {
  path: string;
  label: MessageKey;
  roles: readonly string[] | 'signed-in';
  load: () => Promise<{ default: Component<SectionProps> }>;
}

export const SECTIONS: DeskSection[] = [
  {
    path: '/meja/agenda',
    label: 'agendaBook.title',
    roles: ['kepala', 'sekretaris', 'kabid', 'koordinator', 'kasi', 'petugas', 'operator', 'auditor'],
    load: () => import('./agenda/AgendaPage.svelte'),
  },
  { path: '/meja/audit', label: 'audit.title', roles: ['auditor'], load: () => import('./audit/AuditPage.svelte') },
];

/** The section an address opens (the longest matching path), with the rest of the address. */
export function sectionOf(path: string, sections: readonly DeskSection[] = SECTIONS): { section: DeskSection; rest: string[] } | undefined {
  const clean = path.replace(/\/+$/, '') || '/meja';
  const candidates = sections
    .filter((s) => clean === s.path || clean.startsWith(`${s.path}/`))
    .sort((a, b) => b.path.length - a.path.length);
  const section = candidates[0];
  if (!section) return undefined;
  const rest = clean.slice(section.path.length).split('/').filter(Boolean).map(decoded);
  return { section, rest };
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
