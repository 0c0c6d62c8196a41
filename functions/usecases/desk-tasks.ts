/**
 * My tasks on the desk: the signed-in person's open tasks, and the way from the list into
 * a task's own page. The raw link ids mailed to people are never stored, so a tap on the
 * desk mints the person a fresh link of their own to the task, as the task mail would:
 * the task page, its paraf and its decision record then work exactly as from the mail.
 */
import { profileOf } from '#domain/config.js';
import { myTasks, holdsTask, type MyTask } from '#domain/desk.js';
import { Conflict, Gone, NotFound } from '#domain/errors.js';
import { newLink } from '#domain/links.js';
import { calendarOf } from '#domain/office-structure.js';
import type { Release } from '#domain/release.js';
import { taskView } from '#domain/tasks.js';
import { config } from '#runtime/env.js';
import { findRelease } from '#adapters/release-store.js';
import { getTask, openTasks, putLink } from '#adapters/task-store.js';

/** A task id is the sha256 (hex) of its delivery (links.ts taskIdOf). */
export const TASK_ID_PATTERN = /^[0-9a-f]{64}$/;

export async function tasksOfPerson(personId: string, now: Date = new Date()): Promise<MyTask[]> {
  const cfg = config();
  const held = (await openTasks()).filter((t) => holdsTask(t, personId));
  const releases = new Map<string, Release>();
  for (const id of new Set(held.map((t) => t.releaseId))) {
    const release = await findRelease(id);
    if (release) releases.set(id, release);
  }
  return myTasks(personId, held, releases, profileOf(cfg), calendarOf(cfg), now);
}

/**
 * A fresh link of the person's own to a task they hold and that still acts. Someone who
 * does not hold it learns nothing more than that it is not theirs to open.
 */
export async function linkForHolder(personId: string, taskId: string, now: Date = new Date()): Promise<string> {
  if (!TASK_ID_PATTERN.test(taskId)) throw new NotFound('desk.taskNotFound');
  const task = await getTask(taskId);
  if (!task || !holdsTask(task, personId)) throw new NotFound('desk.taskNotFound');
  const release = await findRelease(task.releaseId);
  if (!release) throw new NotFound('desk.taskNotFound');
  const view = taskView(task, release.status, now);
  if (view === 'done') throw new Conflict('desk.taskDone');
  if (view !== 'open') throw new Gone('desk.taskGone');
  const link = newLink();
  await putLink(
    {
      linkHash: link.linkHash,
      taskId: task.taskId,
      releaseId: task.releaseId,
      personId,
      // Given by escalation: they act for the one first named, as the escalation mail's link says.
      onBehalfOf: task.assignees.includes(personId) ? undefined : task.assignees[0],
      createdAt: now.toISOString(),
    },
    task.closesAt,
  );
  return link.linkId;
}
