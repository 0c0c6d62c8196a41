import { describe, expect, it } from 'vitest';
import { buildActivityRecord } from '../../functions/domain/activity.js';
import { profileOf } from '../../functions/domain/config.js';
import type { ReleaseEvent } from '../../functions/domain/release.js';
import { fixtureConfig, fixtureRelease } from '../integration/output/fixtures.js';

const ev = (seq: number, type: string, stageId: string, at: string, data?: Record<string, unknown>): ReleaseEvent => ({
  releaseId: '01JD0000000000000000000001',
  seq,
  type,
  stageId,
  at,
  data,
  prevHash: '',
  hash: '',
});

describe('the activity record of a release', () => {
  it('times each stage from events and decisions against its Mutu Baku', () => {
    // Prepare
    const cfg = fixtureConfig();
    const release = fixtureRelease('release-hostile');
    release.publication = {
      slug: 's',
      url: 'u',
      publishedAt: '2026-11-20T04:00:00.000Z',
      outletsSent: ['malut-post', 'berita-online', 'tvri-malut'],
      outletsSkipped: ['rri-ternate'],
    };
    const events = [
      ev(1, 'stage.finished', 'register', '2026-11-20T00:55:00.000Z'),
      ev(2, 'task.opened', 'dispose', '2026-11-20T00:55:00.000Z'),
      ev(3, 'stage.finished', 'publish', '2026-11-20T04:00:00.000Z', { enteredAt: '2026-11-20T03:20:30.000Z' }),
    ];
    // Act
    const record = buildActivityRecord({
      release,
      events,
      profile: profileOf(cfg),
      cfg,
      month: '2026-11',
      now: new Date('2026-11-20T05:00:00.000Z'),
      reportStage: { stageId: 'report', enteredAt: '2026-11-20T04:55:00.000Z' },
    });
    // Assert
    const step = (id: string) => record.steps.find((s) => s.stageId === id);
    expect(step('register')).toMatchObject({ startedAt: release.createdAt, durationSeconds: 300, withinStandard: true });
    expect(step('dispose')).toMatchObject({ startedAt: '2026-11-20T00:55:00.000Z', durationSeconds: 300, mutuBakuMinutes: 15 });
    // edit started when accept finished (no start recorded) and took 110 minutes of 120
    expect(step('edit')).toMatchObject({ startedAt: '2026-11-20T01:10:00.000Z', durationSeconds: 6600, withinStandard: true });
    expect(step('publish')).toMatchObject({ durationSeconds: 2370, withinStandard: true });
    expect(step('report')).toMatchObject({ durationSeconds: 300 });
    expect(step('notify')).toBeUndefined();
    expect(record.outletsByType).toEqual({ online: 1, print: 1, tv: 1, radio: 0 });
    expect(record.outletsSkipped).toBe(1);
    expect(record.institution).toBe('Dinas PUPR & Co');
  });

  it('marks a stage past its standard time', () => {
    const cfg = fixtureConfig();
    const release = fixtureRelease('release-hostile');
    release.decisions[3]!.at = '2026-11-20T05:00:00.000Z'; // review took 2 hours against 30 minutes
    const record = buildActivityRecord({
      release,
      events: [],
      profile: profileOf(cfg),
      cfg,
      month: '2026-11',
      now: new Date('2026-11-20T06:00:00.000Z'),
    });
    expect(record.steps.find((s) => s.stageId === 'review')).toMatchObject({ durationSeconds: 7200, withinStandard: false });
  });
});
