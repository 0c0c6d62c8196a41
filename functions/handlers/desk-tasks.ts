/**
 * GET /api/desk/tasks -> the signed-in person's open tasks: stage, release, due time on the
 * task's clock (office hours unless "sangat segera"), overdue first. Anyone signed in may
 * ask; a person who holds no task gets an empty list.
 */
import { config } from '#runtime/env.js';
import { tasksOfPerson } from '#usecases/desk-tasks.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler(async (event) => {
  const caller = requireDeskRole(event, 'desk-tasks');
  const tasks = await tasksOfPerson(caller.personId);
  return { status: 200, body: { tasks, timeZone: config().office.timeZone } };
});
