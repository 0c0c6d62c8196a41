import { describe, expect, it } from 'vitest';
import type { Person } from '../../functions/domain/config.js';
import { taskIdOf } from '../../functions/domain/links.js';
import { escalationTargets, nextHumanStage, pickAssignees } from '../../functions/domain/people.js';
import { DEFAULT_ROLE_ABOVE } from '../../functions/domain/office-structure.js';
import { resolveProfile, stageById } from '../../functions/domain/profiles.js';
import { ACTION_FIELDS, allowedActions, taskView, workflowAction, type TaskItem } from '../../functions/domain/tasks.js';

const dkip = resolveProfile('dkip-malut');
const babel = resolveProfile('esdm-babel');
const person = (id: string, roles: Person['roles']): Person => ({ id, name: id, email: `${id}@x.example.go.id`, roles, locale: 'id' });
const structure = { organization: { head: 'kepala' as const, roleAbove: DEFAULT_ROLE_ABOVE }, acting: [] };
const people = [
  person('kabid', ['kabid']),
  person('kasi-a', ['kasi']),
  person('kasi-b', ['kasi']),
  person('jft', ['petugas']),
  person('jfu', ['petugas']),
  person('sek', ['sekretaris']),
];

describe('actions allowed per stage', () => {
  it('offers each stage its own decisions', () => {
    expect(allowedActions(stageById(dkip, 'dispose'))).toEqual(['dispose']);
    expect(allowedActions(stageById(dkip, 'accept'))).toEqual(['accept']);
    expect(allowedActions(stageById(dkip, 'edit'))).toEqual(['save-draft', 'submit']);
    expect(allowedActions(stageById(dkip, 'review'))).toEqual(['approve', 'revise', 'reject']);
    expect(allowedActions(stageById(babel, 'review'))).toEqual(['approve', 'reject']);
    expect(allowedActions(stageById(babel, 'publish'))).toEqual([]);
  });

  it('describes the fields of every action and tells the engine nothing on save-draft', () => {
    expect(ACTION_FIELDS.dispose.filter((f) => f.required).map((f) => f.name)).toEqual(['assignees', 'arahan', 'urgency']);
    expect(ACTION_FIELDS.reject.map((f) => f.name)).toEqual(['reason']);
    expect(workflowAction('save-draft')).toBeUndefined();
    expect(workflowAction('revise')).toBe('revise');
  });
});

describe('who gets a task', () => {
  it('sends dispose to the role, accept to the disposition, edit to the chosen officer', () => {
    const none = {};
    expect(pickAssignees(stageById(dkip, 'dispose'), none, people).map((p) => p.id)).toEqual(['kabid']);
    const disposed = { disposition: { by: 'kabid', assignees: ['kasi-b'], arahan: 'x', urgency: 'biasa' as const, at: 'x' } };
    expect(pickAssignees(stageById(dkip, 'accept'), disposed, people).map((p) => p.id)).toEqual(['kasi-b']);
    expect(pickAssignees(stageById(dkip, 'edit'), { officer: 'jfu' }, people).map((p) => p.id)).toEqual(['jfu']);
    expect(pickAssignees(stageById(dkip, 'edit'), none, people).map((p) => p.id)).toEqual(['jft', 'jfu']);
  });

  it('returns a revision to the officer who wrote the draft, and falls back to the role for unknown ids', () => {
    const draft = { title: 't', body: 'b', quotes: [], photos: [], savedAt: 'x', savedBy: 'jft', submitted: true };
    expect(pickAssignees(stageById(dkip, 'edit'), { draft }, people).map((p) => p.id)).toEqual(['jft']);
    expect(pickAssignees(stageById(dkip, 'edit'), { officer: 'gone' }, people).map((p) => p.id)).toEqual(['jft', 'jfu']);
  });

  it('escalates to the role above, and knows the next human stage', () => {
    expect(escalationTargets(people, structure, 'kabid').map((p) => p.id)).toEqual(['sek']);
    expect(escalationTargets(people, structure, 'petugas', ['kasi-a']).map((p) => p.id)).toEqual(['kasi-b']);
    expect(escalationTargets(people, structure, 'kepala')).toEqual([]);
    expect(nextHumanStage(dkip, 'dispose')?.id).toBe('accept');
    expect(nextHumanStage(babel, 'register')?.id).toBe('review');
  });
});

describe('a task as its link sees it', () => {
  const base: TaskItem = {
    taskId: 't',
    releaseId: 'r',
    executionId: 'e',
    stageId: 'dispose',
    kind: 'dispose',
    round: 1,
    taskToken: 'tok',
    assignees: ['kabid'],
    escalatedTo: [],
    state: 'open',
    createdAt: '2026-05-01T00:00:00Z',
    dueAt: '2026-05-01T00:15:00Z',
    closesAt: '2026-05-31T00:00:00Z',
  };
  const now = new Date('2026-05-02T00:00:00Z');

  it('is open, done, superseded, expired or closed', () => {
    expect(taskView(base, 'in-progress', now)).toBe('open');
    expect(taskView({ ...base, state: 'done' }, 'in-progress', now)).toBe('done');
    expect(taskView({ ...base, state: 'done' }, 'completed', new Date('2027-01-01'))).toBe('done');
    expect(taskView({ ...base, state: 'superseded' }, 'in-progress', now)).toBe('superseded');
    expect(taskView(base, 'in-progress', new Date('2026-06-01T00:00:00Z'))).toBe('expired');
    expect(taskView(base, 'rejected', now)).toBe('closed');
  });

  it('derives the task id from the delivery, so a redelivery finds it', () => {
    expect(taskIdOf('e', 'dispose', 1, 'tok')).toBe(taskIdOf('e', 'dispose', 1, 'tok'));
    expect(taskIdOf('e', 'dispose', 2, 'tok')).not.toBe(taskIdOf('e', 'dispose', 1, 'tok'));
    expect(taskIdOf('e', 'dispose', 1, 'tok')).toMatch(/^[0-9a-f]{64}$/);
  });
});
