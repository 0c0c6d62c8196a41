/**
 * Human tasks: what a person may do at each stage, and the state of a task as its link
 * shows it. A task is one stage entry (execution, stage, round, task token); each
 * assignee reaches it through a link of their own (see links.ts). It acts once.
 */
import type { HumanStageKind, Stage } from './profiles.js';
import type { DecisionRecord, ReleaseStatus } from './release.js';
import type { Decision } from './workflow.js';

export type TaskState = 'open' | 'done' | 'superseded' | 'expired';

export interface TaskItem {
  taskId: string;
  releaseId: string;
  executionId: string;
  stageId: string;
  kind: HumanStageKind;
  round: number;
  /** The Step Functions task token: server-side only, never in a response or a log. */
  taskToken: string;
  assignees: string[];
  /** People of the role above, added when the stage ran past the escalation limit. */
  escalatedTo: string[];
  state: TaskState;
  createdAt: string;
  /** createdAt + Mutu Baku, on the task's clock. */
  dueAt: string;
  /** Office hours ('working') or every hour ('elapsed', a "sangat segera" release); absent on tasks older than the office's clock. */
  clock?: 'working' | 'elapsed';
  /** After this the link no longer acts (config.sla.expireAfterDays). */
  closesAt: string;
  remindedAt?: string;
  escalatedAt?: string;
  decision?: DecisionRecord;
  /** What SendTaskSuccess carries for the decision, stored with it so it can be sent again. */
  output?: Decision;
  /** Set once the decision reached the release record and the state machine. */
  deliveredAt?: string;
  /** False when the state machine no longer took the token (the execution had moved on). */
  engineAccepted?: boolean;
}

/** One person's way into a task. */
export interface TaskLink {
  linkHash: string;
  taskId: string;
  releaseId: string;
  personId: string;
  /** For an escalated person: whom they act for. */
  onBehalfOf?: string;
  createdAt: string;
}

export type ActionName = 'dispose' | 'accept' | 'save-draft' | 'submit' | 'approve' | 'revise' | 'reject';

export function allowedActions(stage: Stage): ActionName[] {
  switch (stage.kind) {
    case 'dispose':
      return ['dispose'];
    case 'accept':
      return ['accept'];
    case 'edit':
      return ['save-draft', 'submit'];
    case 'review':
      return stage.reviewActions ?? ['approve', 'reject'];
    default:
      return [];
  }
}

export interface ActionField {
  name: string;
  type: 'text' | 'textarea' | 'people' | 'person' | 'urgency' | 'date' | 'quotes' | 'photos';
  required: boolean;
}

/** The fields each action takes, for the task page (the schema in submission.ts is the truth). */
export const ACTION_FIELDS: Record<ActionName, ActionField[]> = {
  dispose: [
    { name: 'assignees', type: 'people', required: true },
    { name: 'arahan', type: 'textarea', required: true },
    { name: 'urgency', type: 'urgency', required: true },
    { name: 'dueDate', type: 'date', required: false },
  ],
  accept: [
    { name: 'officer', type: 'person', required: false },
    { name: 'note', type: 'textarea', required: false },
  ],
  'save-draft': [
    { name: 'title', type: 'text', required: true },
    { name: 'lead', type: 'textarea', required: false },
    { name: 'body', type: 'textarea', required: true },
    { name: 'quotes', type: 'quotes', required: false },
    { name: 'photos', type: 'photos', required: false },
  ],
  submit: [
    { name: 'title', type: 'text', required: true },
    { name: 'lead', type: 'textarea', required: false },
    { name: 'body', type: 'textarea', required: true },
    { name: 'quotes', type: 'quotes', required: false },
    { name: 'photos', type: 'photos', required: false },
    { name: 'note', type: 'textarea', required: false },
  ],
  approve: [{ name: 'note', type: 'textarea', required: false }],
  revise: [{ name: 'note', type: 'textarea', required: true }],
  reject: [{ name: 'reason', type: 'textarea', required: true }],
};

/** What the state machine hears; `save-draft` completes nothing, so it has none. */
export function workflowAction(action: ActionName): Decision['action'] | undefined {
  return action === 'save-draft' ? undefined : action;
}

const CLOSED_RELEASE: ReleaseStatus[] = ['rejected', 'failed', 'completed', 'archived', 'published'];

export type TaskView = 'open' | 'done' | 'superseded' | 'expired' | 'closed';

/**
 * How a link sees its task now. The local DynamoDB has no TTL, so expiry is checked
 * here, not left to the table.
 */
export function taskView(task: TaskItem, releaseStatus: ReleaseStatus, now: Date): TaskView {
  if (task.state === 'done') return 'done';
  if (task.state === 'superseded') return 'superseded';
  if (task.state === 'expired' || now.getTime() > Date.parse(task.closesAt)) return 'expired';
  if (CLOSED_RELEASE.includes(releaseStatus)) return 'closed';
  return 'open';
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
