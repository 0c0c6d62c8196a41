/**
 * The desk's directory page: what an admin sees (people, acting officials, outlets, each
 * with its version and whether it is as configured or edited; the history of changes) and
 * the one change they make at a time, refused with every problem named when the directory
 * after it would break a rule synth applies to the config.
 */
import { profileOf, type WartaConfig } from '#domain/config.js';
import {
  applyChange,
  changedEntry,
  changedId,
  directoryProblems,
  type Directory,
  type DirectoryChange,
  type DirectoryEntry,
  type DirectoryKind,
} from '#domain/directory.js';
import { Forbidden, Invalid, NotFound } from '#domain/errors.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { peopleOnDuty } from '#domain/people.js';
import {
  loadDirectoryWithVersions,
  loadSettings,
  recentChanges,
  saveDigestSetting,
  saveDirectoryEntry,
  type ChangedBy,
  type DirectoryChangeRecord,
  type EntryVersion,
  type OfficeSettings,
} from '#adapters/directory-store.js';

export interface DirectoryView extends Directory {
  /** By `<kind>:<id>`: the version to send back with a change (0: as configured). */
  versions: Record<string, EntryVersion>;
  settings: OfficeSettings;
  history: DirectoryChangeRecord[];
}

const SK_PREFIX: Record<string, DirectoryKind> = { PERSON: 'person', ACTING: 'acting', OUTLET: 'outlet' };

export async function directoryView(): Promise<DirectoryView> {
  const [{ directory, versions: bySk }, settings, history] = await Promise.all([
    loadDirectoryWithVersions(),
    loadSettings(),
    recentChanges(),
  ]);
  const versions: Record<string, EntryVersion> = {};
  for (const [sk, version] of Object.entries(bySk)) {
    const [prefix = '', ...id] = sk.split('#');
    const kind = SK_PREFIX[prefix];
    if (kind) versions[`${kind}:${id.join('#')}`] = version;
  }
  return { ...directory, versions, settings, history };
}

function listOf(dir: Directory, kind: DirectoryKind): { id: string }[] {
  return kind === 'person' ? dir.people : kind === 'acting' ? dir.acting : dir.outlets;
}

/** Makes one change, or refuses it: 404 for removing what is not there, 400 listing each problem, 409 when edited meanwhile. */
export async function changeDirectory(cfg: WartaConfig, change: DirectoryChange, by: ChangedBy, now: Date): Promise<DirectoryChangeRecord> {
  const { directory } = await loadDirectoryWithVersions();
  const id = changedId(change);
  if ('remove' in change && !listOf(directory, change.kind).some((e) => e.id === id)) throw new NotFound('directory.notFound', { id });
  const after = applyChange(directory, change);
  const problems = directoryProblems(cfg, profileOf(cfg), after);
  if (problems.length > 0) {
    throw new Invalid(
      'directory.invalid',
      { problems: problems.map((p) => `${p.path}: ${p.message}`).join('; ') },
      problems.map((p) => ({ path: p.path, key: 'directory.problem', params: { text: p.message } })),
    );
  }
  const before = listOf(directory, change.kind).find((e) => e.id === id) as DirectoryEntry | undefined;
  return saveDirectoryEntry(change.kind, id, changedEntry(change), change.expectedVersion, by, now.toISOString(), before);
}

/**
 * Turns the overdue digest on or off: only the head of office (organization.head), or whoever
 * acts in that role today, may.
 */
export async function setOverdueDigest(
  cfg: WartaConfig,
  request: { enabled: boolean; expectedVersion: number },
  by: ChangedBy,
  now: Date,
): Promise<DirectoryChangeRecord> {
  const { directory } = await loadDirectoryWithVersions();
  const onDuty = peopleOnDuty(directory.people, directory.acting, localDateOf(calendarOf(cfg), now));
  const caller = onDuty.find((p) => p.id === by.personId);
  if (!caller?.roles.includes(cfg.organization.head)) throw new Forbidden('desk.headOnly');
  return saveDigestSetting(request.enabled, request.expectedVersion, by, now.toISOString());
}
