/**
 * Task items and their links (see `keys.ts`: both live under `TASK#<hash>`):
 * - the task: `TASK#<taskId>`, taskId derived from the delivery (links.ts), with gsi1
 *   (a release's tasks by stage and round) and, while open, gsi2 (open tasks by due time);
 * - a link: `TASK#<sha256(linkId)>`, pointing at the task and naming the person.
 * Every state change is a single conditional update: a task acts once.
 */
import { GSI1, GSI2, keys } from '#domain/keys.js';
import type { DecisionRecord } from '#domain/release.js';
import type { TaskItem, TaskLink } from '#domain/tasks.js';
import type { Decision } from '#domain/workflow.js';
import { ddb, isConditionFailed } from './clients/dynamodb.js';
import { recordOf, setClauses, tableName } from './table.js';

function strip<T>(item: Record<string, unknown>): T {
  return recordOf<T>(item, ['itemType']);
}

/** Kept a while past closing, so a late click still gets "expired" rather than "unknown". */
const KEEP_AFTER_CLOSE_SECONDS = 90 * 24 * 3600;
const ttlAfter = (closesAt: string) => Math.floor(Date.parse(closesAt) / 1000) + KEEP_AFTER_CLOSE_SECONDS;

/** Stores a new task; returns the existing one when this delivery already made it. */
export async function putTask(task: TaskItem): Promise<{ created: boolean; task: TaskItem }> {
  try {
    await ddb.put({
      TableName: tableName(),
      Item: {
        ...task,
        itemType: 'task',
        ...keys.task(task.taskId),
        ...keys.tasksOf(task.releaseId, task.stageId, task.round),
        ...keys.openTask(task.dueAt),
        expiresAt: ttlAfter(task.closesAt),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    return { created: true, task };
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
    const existing = await getTask(task.taskId);
    if (!existing) throw e;
    return { created: false, task: existing };
  }
}

export async function getTask(taskId: string): Promise<TaskItem | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.task(taskId), ConsistentRead: true });
  return out.Item && out.Item.itemType === 'task' ? strip<TaskItem>(out.Item) : undefined;
}

export async function putLink(link: TaskLink, closesAt: string): Promise<void> {
  await ddb.put({
    TableName: tableName(),
    Item: { ...link, itemType: 'link', ...keys.task(link.linkHash), expiresAt: ttlAfter(closesAt) },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function getLink(linkHash: string): Promise<TaskLink | undefined> {
  const out = await ddb.get({ TableName: tableName(), Key: keys.task(linkHash), ConsistentRead: true });
  return out.Item && out.Item.itemType === 'link' ? strip<TaskLink>(out.Item) : undefined;
}

/** The tasks among items of a task partition or index (links share them). */
const taskItems = (items: Record<string, unknown>[]): TaskItem[] =>
  items.filter((i) => i.itemType === 'task').map((i) => strip<TaskItem>(i));

/** A release's tasks of one stage and round (gsi1: eventually consistent). */
export async function tasksOf(releaseId: string, stageId: string, round: number): Promise<TaskItem[]> {
  const k = keys.tasksOf(releaseId, stageId, round);
  const out = await ddb.query({
    TableName: tableName(),
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :p AND gsi1sk = :s',
    ExpressionAttributeValues: { ':p': k.gsi1pk, ':s': k.gsi1sk },
  });
  return taskItems(out.Items ?? []);
}

/** The tasks of one gsi2 partition (open tasks by due time, undelivered decisions by time) up to `beforeIso`. */
async function tasksOfIndexBefore(partition: string, beforeIso: string): Promise<TaskItem[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI2,
    KeyConditionExpression: 'gsi2pk = :p AND gsi2sk <= :t',
    ExpressionAttributeValues: { ':p': partition, ':t': beforeIso },
  });
  return taskItems(items);
}

/** Open tasks whose due time is before `beforeIso` (gsi2), for the SLA sweep. */
export function openTasksDueBefore(beforeIso: string): Promise<TaskItem[]> {
  return tasksOfIndexBefore(keys.openTask('').gsi2pk, beforeIso);
}

/** Every open task, soonest due first (gsi2): the desk's lists of tasks and holders. */
export async function openTasks(): Promise<TaskItem[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI2,
    KeyConditionExpression: 'gsi2pk = :p',
    ExpressionAttributeValues: { ':p': keys.openTask('').gsi2pk },
  });
  return taskItems(items);
}

/** Every task of a release, of every stage and round (gsi1), in stage and round order. */
export async function tasksOfRelease(releaseId: string): Promise<TaskItem[]> {
  const items = await ddb.queryAll({
    TableName: tableName(),
    IndexName: GSI1,
    KeyConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':p': keys.tasksOf(releaseId, '', 0).gsi1pk },
  });
  return taskItems(items);
}

/** Moves an open task to a final state, out of the open-tasks index. False when it was not open. */
async function closeTask(
  taskId: string,
  state: TaskItem['state'],
  extra: Record<string, unknown> = {},
  extraCondition = '',
): Promise<boolean> {
  const more = setClauses(extra);
  const names: Record<string, string> = { '#state': 'state', ...more.names };
  const values: Record<string, unknown> = { ':open': 'open', ':next': state, ...more.values };
  const sets = ['#state = :next', ...more.sets];
  // A task that moves from one gsi2 partition to another sets the keys instead.
  const leaveIndex = 'gsi2pk' in extra ? '' : ' REMOVE gsi2pk, gsi2sk';
  return ddb.updateIf({
    TableName: tableName(),
    Key: keys.task(taskId),
    UpdateExpression: `SET ${sets.join(', ')}${leaveIndex}`,
    ConditionExpression: `#state = :open${extraCondition}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/**
 * open -> done with the decision, at most once. The task leaves the open tasks for the
 * undelivered decisions (gsi2) with the output the state machine is to get, so the sweep
 * can send it again when the request's own send fails; `markDelivered` takes it out.
 */
export function completeTask(taskId: string, decision: DecisionRecord, output: Decision | undefined): Promise<boolean> {
  return closeTask(taskId, 'done', { decision, output, ...keys.undeliveredDecision(decision.at) });
}

/** Decisions stored at or before `beforeIso` that have not reached the state machine (gsi2). */
export async function undeliveredDecisionsBefore(beforeIso: string): Promise<TaskItem[]> {
  const tasks = await tasksOfIndexBefore(keys.undeliveredDecision('').gsi2pk, beforeIso);
  return tasks.filter((t) => t.state === 'done' && !t.deliveredAt);
}

/**
 * Marks a done task's decision delivered (or refused by a spent token), once, and takes
 * it out of the undelivered decisions. False when another request or sweep did it first.
 */
export async function markDelivered(taskId: string, at: string, engineAccepted: boolean): Promise<boolean> {
  return ddb.updateIf({
    TableName: tableName(),
    Key: keys.task(taskId),
    UpdateExpression: 'SET deliveredAt = :at, engineAccepted = :accepted REMOVE gsi2pk, gsi2sk',
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deliveredAt)',
    ExpressionAttributeValues: { ':at': at, ':accepted': engineAccepted },
  });
}

export function supersedeTask(taskId: string): Promise<boolean> {
  return closeTask(taskId, 'superseded');
}

export function expireTask(taskId: string): Promise<boolean> {
  return closeTask(taskId, 'expired');
}

/** Sets a field once (remindedAt, escalatedAt) on an open or done task. False when already set. */
export async function markOnce(
  taskId: string,
  field: 'remindedAt' | 'escalatedAt',
  at: string,
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const more = setClauses(extra);
  const names: Record<string, string> = { '#f': field, ...more.names };
  const values: Record<string, unknown> = { ':at': at, ...more.values };
  const sets = ['#f = :at', ...more.sets];
  return ddb.updateIf({
    TableName: tableName(),
    Key: keys.task(taskId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#f)',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}
