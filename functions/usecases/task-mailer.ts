/**
 * Mails a person their way into a task: the task itself, the reminder, or the
 * escalation. Each mail carries a fresh link of that person's own (only its hash is
 * stored), so the decision records who acted. Sent once per (kind, task, person): a
 * redelivery finds the mail already sent and makes no second link.
 */
import type { Person, WartaConfig } from '#domain/config.js';
import { newLink, taskUrl } from '#domain/links.js';
import { formatDateTime } from '#domain/format.js';
import { taskMail } from '#domain/mail/task-mails.js';
import type { Stage } from '#domain/profiles.js';
import type { Release } from '#domain/release.js';
import type { TaskItem } from '#domain/tasks.js';
import { webOrigin } from '#runtime/env.js';
import { alreadySent, sendMail, type SendResult } from '#adapters/mailer.js';
import { putLink } from '#adapters/task-store.js';

export type TaskMailKind = 'task' | 'reminder' | 'escalation';

export interface TaskMailContext {
  cfg: WartaConfig;
  release: Release;
  stage: Stage;
  task: TaskItem;
  /** For an escalation: whom the escalated person acts for, and their names. */
  onBehalfOf?: string;
  originalNames?: string;
}

export async function mailTaskLink(kind: TaskMailKind, person: Person, c: TaskMailContext, now: Date = new Date()): Promise<SendResult> {
  const idempotencyKey = `${kind}#${c.task.taskId}#${person.id}`;
  if (await alreadySent(idempotencyKey)) return 'already-sent';
  const link = newLink();
  await putLink(
    {
      linkHash: link.linkHash,
      taskId: c.task.taskId,
      releaseId: c.release.id,
      personId: person.id,
      onBehalfOf: c.onBehalfOf,
      createdAt: now.toISOString(),
    },
    c.task.closesAt,
  );
  const locale = person.locale;
  const mail = taskMail(kind, {
    locale,
    officeName: c.cfg.office.name[locale],
    personName: person.name,
    stageLabel: c.stage.label[locale],
    title: c.release.submission.title,
    agendaNumber: c.release.agendaNumber,
    dueAt: formatDateTime(c.task.dueAt, locale, c.cfg.office.timeZone),
    dueInOfficeHours: c.task.clock === 'working',
    url: taskUrl(webOrigin(), link.linkId),
    originalAssignees: c.originalNames,
  });
  return sendMail({ to: person.email, toName: person.name, ...mail, idempotencyKey, releaseId: c.release.id });
}
