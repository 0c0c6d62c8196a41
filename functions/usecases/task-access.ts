/**
 * From a link id to what it opens: the link item, its task, the release, the stage and
 * the person, with the task's state as the link sees it now. Unknown -> NotFound;
 * superseded or expired -> Gone/Expired. A done task is returned (the page still shows it).
 */
import type { Person } from '#domain/config.js';
import { profileOf } from '#domain/config.js';
import { Expired, Gone, NotFound } from '#domain/errors.js';
import { isLinkId, linkHashOf } from '#domain/links.js';
import { localDateOf } from '#domain/office-clock.js';
import { calendarOf } from '#domain/office-structure.js';
import { peopleOnDuty, personById } from '#domain/people.js';
import { stageById, type Stage } from '#domain/profiles.js';
import type { Release } from '#domain/release.js';
import { taskView, type TaskItem, type TaskLink, type TaskView } from '#domain/tasks.js';
import { loadDirectory } from '#adapters/directory-store.js';
import { config } from '#runtime/env.js';
import { findRelease } from '#adapters/release-store.js';
import { getLink, getTask } from '#adapters/task-store.js';

export interface OpenedTask {
  link: TaskLink;
  task: TaskItem;
  release: Release;
  stage: Stage;
  person: Person;
  people: Person[];
  view: TaskView;
}

export async function openTaskLink(linkId: string | undefined, now: Date = new Date()): Promise<OpenedTask> {
  if (!isLinkId(linkId)) throw new NotFound('task.notFound');
  const link = await getLink(linkHashOf(linkId));
  const task = link && (await getTask(link.taskId));
  const release = task && (await findRelease(task.releaseId));
  if (!link || !task || !release) throw new NotFound('task.notFound');
  // As they stand today: an acting official (Plt/Plh) is offered and accepted in the role they act in.
  const cfg = config();
  const { people: everyone, acting } = await loadDirectory();
  const people = peopleOnDuty(everyone, acting, localDateOf(calendarOf(cfg), now));
  const person = personById(people, link.personId);
  if (!person) throw new NotFound('task.notFound');
  const view = taskView(task, release.status, now);
  if (view === 'superseded') throw new Gone('task.superseded');
  if (view === 'expired') throw new Expired('task.expired');
  if (view === 'closed' && task.state === 'open') throw new Gone('task.closed');
  return { link, task, release, stage: stageById(profileOf(cfg), task.stageId), person, people, view };
}
