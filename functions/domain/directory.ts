/**
 * The office's directory as the desk edits it: people, acting officials (Plt/Plh) and media
 * outlets. The config file holds the first list; an admin's change is one entry put or
 * removed, checked against the whole directory as it would stand after it, by the same
 * rules `cdk synth` applies to the config (office-structure.ts).
 */
import * as z from 'zod/mini';
import { configSchemas, type ActingOfficial, type Outlet, type Person, type WartaConfig } from './config.js';
import { roleHolderProblems, structureProblems, type ConfigProblem } from './office-structure.js';
import type { SopProfile } from './profiles.js';

export const DIRECTORY_KINDS = ['person', 'acting', 'outlet'] as const;
export type DirectoryKind = (typeof DIRECTORY_KINDS)[number];

/** An acting official with the id the desk and the history name it by. */
export type ActingEntry = ActingOfficial & { id: string };

export interface Directory {
  people: Person[];
  acting: ActingEntry[];
  outlets: Outlet[];
}

export type DirectoryEntry = Person | ActingEntry | Outlet;

/** A configured acting official has no id of its own; one person acts in one role from one date once. */
export function actingIdOf(a: ActingOfficial): string {
  return a.id ?? `${a.person}-${a.role}-${a.from}`;
}

export function withActingIds(acting: ActingOfficial[]): ActingEntry[] {
  return acting.map((a) => ({ ...a, id: actingIdOf(a) }));
}

/**
 * One change from the desk. `expectedVersion` is the version the admin saw (0 for an entry
 * never edited), so two admins editing one entry cannot overwrite each other unseen.
 */
export type DirectoryChange =
  | { kind: 'person'; expectedVersion: number; entry: Person }
  | { kind: 'acting'; expectedVersion: number; entry: ActingOfficial }
  | { kind: 'outlet'; expectedVersion: number; entry: Outlet }
  | { kind: DirectoryKind; expectedVersion: number; remove: string };

/**
 * A change as the desk sends it: the kind, the version seen, and either the entry to put or
 * the id to remove. The entry is checked by its kind's own schema (`entrySchemaOf`), so a
 * wrong field is named by its own path rather than lost in a union's error.
 */
export function directoryRequestSchema() {
  return z.object({
    kind: z.enum(DIRECTORY_KINDS),
    expectedVersion: z.number().check(z.int(), z.gte(0)),
    entry: z.optional(z.unknown()),
    remove: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  });
}

export function entrySchemaOf(kind: DirectoryKind) {
  const { person, acting, outlet } = configSchemas();
  return kind === 'person' ? person : kind === 'acting' ? acting : outlet;
}

/** The id of the entry a change puts or removes. */
export function changedId(change: DirectoryChange): string {
  if ('remove' in change) return change.remove;
  return change.kind === 'acting' ? actingIdOf(change.entry) : change.entry.id;
}

/** The entry a change puts, with its id settled (an acting official gets one if it came without). */
export function changedEntry(change: DirectoryChange): DirectoryEntry | undefined {
  if ('remove' in change) return undefined;
  return change.kind === 'acting' ? { ...change.entry, id: changedId(change) } : change.entry;
}

function replaced<T extends { id: string }>(list: T[], id: string, entry: T | undefined): T[] {
  const rest = list.filter((e) => e.id !== id);
  if (!entry) return rest;
  const at = list.findIndex((e) => e.id === id);
  return at < 0 ? [...rest, entry] : [...rest.slice(0, at), entry, ...rest.slice(at)];
}

/** The directory as it stands after a change. */
export function applyChange(dir: Directory, change: DirectoryChange): Directory {
  const id = changedId(change);
  const entry = changedEntry(change);
  if (change.kind === 'person') return { ...dir, people: replaced(dir.people, id, entry as Person | undefined) };
  if (change.kind === 'acting') return { ...dir, acting: replaced(dir.acting, id, entry as ActingEntry | undefined) };
  return { ...dir, outlets: replaced(dir.outlets, id, entry as Outlet | undefined) };
}

/** A problem's path with list positions turned into the ids an admin sees: `people.kasi-piks.superior`. */
function namedPath(dir: Directory, path: (string | number)[]): string {
  const [list, index, ...rest] = path;
  const entries: { id: string }[] | undefined = list === 'people' ? dir.people : list === 'acting' ? dir.acting : undefined;
  const id = typeof index === 'number' ? entries?.[index]?.id : undefined;
  return [list, id ?? index, ...rest].filter((p) => p !== undefined).join('.');
}

/**
 * Everything wrong with a directory, by the rules synth applies to the config (superiors
 * that exist and form no cycle, acting officials who are people and hold dates in order, a
 * holder for every stage's role, the roles' line up to the head), plus one rule the desk
 * adds: two people may not share an address, since the sign-in link finds a person by it.
 */
export function directoryProblems(
  cfg: Pick<WartaConfig, 'office' | 'holidays' | 'organization'>,
  profile: SopProfile,
  dir: Directory,
): { path: string; message: string }[] {
  const structured = { ...cfg, people: dir.people, acting: dir.acting };
  const problems: ConfigProblem[] = [...structureProblems(structured, profile), ...roleHolderProblems(structured, profile)];
  const emails = new Map<string, string>();
  dir.people.forEach((p, i) => {
    const other = emails.get(p.email.toLowerCase());
    if (other) problems.push({ path: ['people', i, 'email'], message: `${p.email} is already the address of "${other}"` });
    emails.set(p.email.toLowerCase(), p.id);
  });
  return problems.map((p) => ({ path: namedPath(dir, p.path), message: p.message }));
}
