/**
 * POST /api/desk/tasks/{taskId}/open -> `{linkId}`: a fresh task link of the signed-in
 * person's own, for a task they hold that still acts; the desk opens the task page with it
 * (`/t/#<linkId>`). A POST, since it stores the link; calling it twice makes two links to
 * the same task, both the person's, either acting once for the task.
 * Not theirs or unknown -> 404; decided -> 409; superseded, expired or closed -> 410.
 */
import { linkForHolder } from '#usecases/desk-tasks.js';
import { requireDeskRole } from '#adapters/http/desk-caller.js';
import { httpHandler } from '#adapters/http/respond.js';

export const handler = httpHandler(async (event) => {
  const caller = requireDeskRole(event, 'desk-task-open');
  const linkId = await linkForHolder(caller.personId, event.pathParameters?.taskId ?? '');
  return { status: 201, body: { linkId } };
});
