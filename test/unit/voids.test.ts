import { describe, expect, it } from 'vitest';
import type { ReleaseStatus } from '../../functions/domain/release.js';
import { voidRefusal, voidRequestSchema, yearsIn } from '../../functions/domain/voids.js';

describe('voiding an agenda number', () => {
  it('is allowed once a release ended without a publication, refused while it runs or once it is published', () => {
    const verdicts = Object.fromEntries(
      (['received', 'in-progress', 'published', 'archived', 'completed', 'rejected', 'failed'] as ReleaseStatus[]).map((status) => [
        status,
        voidRefusal({ status }) ?? 'allowed',
      ]),
    );

    expect(verdicts).toEqual({
      received: 'agenda.voidRunning',
      'in-progress': 'agenda.voidRunning',
      published: 'agenda.voidPublished',
      archived: 'agenda.voidPublished',
      completed: 'agenda.voidPublished',
      rejected: 'allowed',
      failed: 'allowed',
    });
  });

  it('looks the number up in the books of the years it names', () => {
    expect(yearsIn('007/PUB/DKIP-MU/2026')).toEqual([2026]);
    expect(yearsIn('2025/400.14/12345/2026')).toEqual([2025, 2026]);
    expect(yearsIn('007/PR/X')).toEqual([]);
  });

  it('needs a reason a person can read', () => {
    expect(voidRequestSchema.safeParse({ agendaNumber: '007/PUB/DKIP-MU/2026', reason: '  ok ' }).success).toBe(false);
    expect(voidRequestSchema.safeParse({ agendaNumber: '007/PUB/DKIP-MU/2026', reason: 'Kiriman ganda.' }).data).toEqual({
      agendaNumber: '007/PUB/DKIP-MU/2026',
      reason: 'Kiriman ganda.',
    });
  });
});
