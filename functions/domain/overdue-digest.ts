/**
 * The overdue digest: each working morning, one mail to every holder of an overdue task
 * and to their superior, listing the tasks. Who is whose superior follows escalation
 * (people.ts): the named superior, or whoever acts for them, else the role above.
 */
import type { ActingOfficial, Person, WartaConfig } from './config.js';
import { localDateOf, openingOn, type OfficeCalendar } from './office-clock.js';
import { escalationTargets, personById } from './people.js';
import type { Role } from './profiles.js';
import type { TaskItem } from './tasks.js';

/** How long after opening the morning lasts: an hourly schedule gets several tries at it. */
export const DIGEST_MORNING_HOURS = 4;

/** Whether `at` falls in a working morning: the office opens that day (no holiday) and it is open, within the morning. */
export function isDigestMorning(cal: OfficeCalendar, at: Date): boolean {
  const opening = openingOn(cal, at);
  if (!opening) return false;
  const [open, close] = opening;
  const t = at.getTime();
  return t >= open && t < Math.min(close, open + DIGEST_MORNING_HOURS * 3_600_000);
}

export interface OverdueTask {
  task: TaskItem;
  role: Role;
  holderNames: string;
}

export interface Digest {
  person: Person;
  /** Tasks the person holds. */
  own: OverdueTask[];
  /** Tasks the people below them hold. */
  staff: OverdueTask[];
}

/** One mark per person per office day: a second run that morning sends nothing twice. */
export const digestMailKey = (personId: string, localDate: string) => `digest#${personId}#${localDate}`;

/**
 * The digests of one morning: every person who holds an overdue open task or is the
 * superior of one who does, with each list in the order the tasks fell due.
 */
export function digestsOf(
  tasks: { task: TaskItem; role: Role }[],
  people: Person[],
  structure: Pick<WartaConfig, 'organization'> & { acting: ActingOfficial[] },
  cal: OfficeCalendar,
  now: Date,
): Digest[] {
  const today = localDateOf(cal, now);
  const digests = new Map<string, Digest>();
  const digestOf = (person: Person) => {
    let d = digests.get(person.id);
    if (!d) digests.set(person.id, (d = { person, own: [], staff: [] }));
    return d;
  };
  const overdue = tasks.filter(({ task }) => task.state === 'open' && Date.parse(task.dueAt) < now.getTime());
  overdue.sort((a, b) => a.task.dueAt.localeCompare(b.task.dueAt));
  for (const { task, role } of overdue) {
    const holders = [...new Set([...task.assignees, ...task.escalatedTo])]
      .map((id) => personById(people, id))
      .filter((p): p is Person => !!p);
    const item = { task, role, holderNames: holders.map((p) => p.name).join(', ') };
    for (const holder of holders) digestOf(holder).own.push(item);
    const superiors = escalationTargets(
      people,
      structure,
      role,
      holders.map((p) => p.id),
      today,
    );
    for (const superior of superiors) {
      const d = digestOf(superior);
      if (!d.own.includes(item) && !d.staff.includes(item)) d.staff.push(item);
    }
  }
  return [...digests.values()];
}
