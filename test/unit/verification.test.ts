import { describe, expect, it } from 'vitest';
import { DKIP_MALUT } from '../../functions/domain/profiles.js';
import type { Release } from '../../functions/domain/release.js';
import { verificationView, verifyUrl } from '../../functions/domain/verification.js';
import { fixtureRelease } from '../integration/output/fixtures.js';

const TEXT_SHA256 = '72f785b87ff911e748a8e025372efb4e998c9b86efce6df0f484a1a2d05f113c';

function archivedRelease(): Release {
  const release = fixtureRelease('release-hostile');
  const withPrivate = release.decisions.map((d) => ({ ...d, clientIp: '203.0.113.7', userAgent: 'Mozilla/5.0 (Android)' }));
  return {
    ...release,
    submission: { ...release.submission, submitter: { ...release.submission.submitter, phone: '+62 812 7777 0123' } },
    decisions: withPrivate,
    archive: {
      classification: '400.14.9',
      archiveNumber: '400.14.9/001/DKIP-MU/2026',
      pdfKey: 'p',
      recordKey: 'r',
      mediaKeys: [],
      archivedAt: '2026-11-20T05:00:00.000Z',
      textSha256: TEXT_SHA256,
    },
  };
}

describe('the public verification view', () => {
  it('shows the numbers, the published text hash and who decided as which role when', () => {
    // Act
    const view = verificationView(archivedRelease(), DKIP_MALUT)!;
    // Assert
    expect(view).toMatchObject({
      agendaNumber: '007/PUB/DKIP-MU/2026',
      archiveNumber: '400.14.9/001/DKIP-MU/2026',
      textSha256: TEXT_SHA256,
    });
    expect(view.trail.map((s) => `${s.action}:${s.name}:${s.role}`)).toContain('approve:Nurul Fitriani:kasi');
    expect(view.trail.find((s) => s.action === 'approve')!.textSha256).toBe(TEXT_SHA256);
  });

  it('carries no email, phone, IP, user agent or note', () => {
    const text = JSON.stringify(verificationView(archivedRelease(), DKIP_MALUT));
    expect(text).not.toMatch(/@|812 7777|203\.0\.113|Mozilla|Segera <proses>|OK <b>/);
  });

  it('has nothing to show for a release not archived yet', () => {
    expect(verificationView({ ...archivedRelease(), archive: undefined }, DKIP_MALUT)).toBeUndefined();
  });

  it('lives at <web>/v/<archive id>', () => {
    expect(verifyUrl('https://warta.example.go.id', '01JD0000000000000000000001')).toBe(
      'https://warta.example.go.id/v/01JD0000000000000000000001',
    );
  });
});
