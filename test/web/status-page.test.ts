import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import StatusPage from '../../web/src/pages/status/StatusPage.svelte';
import { setLocale } from '../../web/src/lib/i18n/index.svelte.js';
import { normaliseDetails } from '../../web/src/lib/api.js';
import { fakeFetch } from './fetch-fake.js';

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLocale('id');
});

const label = (id: string, en: string) => ({ id, en });

describe('status page', () => {
  it('shows the agenda number, the status and each stage against its standard time', async () => {
    // Prepare
    const id = `rel-${Date.now()}`;
    const net = fakeFetch({
      [`GET /api/releases/${id}`]: {
        status: 200,
        body: {
          id,
          agendaNumber: '31/400.14/2026',
          status: 'in-progress',
          currentStage: { id: 'dispose', label: label('Disposisi Kabid', 'Disposition') },
          publication: null,
          rejection: null,
          timeline: [
            // functions/domain/sla.ts's StageTiming: the state follows from the times
            {
              stageId: 'register',
              label: label('Registrasi', 'Registration'),
              startedAt: '2026-11-20T01:00:00Z',
              finishedAt: '2026-11-20T01:08:00Z',
              minutes: 7.2,
              mutuBakuMinutes: 10,
              withinStandard: true,
            },
            {
              stageId: 'dispose',
              label: label('Disposisi Kabid', 'Disposition'),
              startedAt: '2026-11-20T01:08:00Z',
              minutes: 3,
              mutuBakuMinutes: 15,
              holder: label('Kepala Bidang IKP', 'Head of IKP'),
            },
            { stageId: 'accept', label: label('Diterima Kasi', 'Accepted'), mutuBakuMinutes: 15 },
          ],
        },
      },
    });

    // Act
    render(StatusPage, { id, key: 'secret-key', refreshSeconds: 0 });

    // Assert
    expect(await screen.findByText('31/400.14/2026')).toBeTruthy();
    expect(net.calls[net.calls.length - 1]!.url).toBe(`/api/releases/${id}`);
    expect(net.calls[net.calls.length - 1]!.headers['x-warta-status-key']).toBe('secret-key');
    expect(screen.getByTestId('release-status').textContent).toBe('Dalam proses');
    const stages = screen.getAllByRole('listitem');
    expect(stages.map((li) => li.dataset.state)).toEqual(['done', 'active', 'pending']);
    expect(stages[0]!.textContent).toContain('Selesai dalam 8 menit');
    expect(stages[0]!.textContent).toContain('sesuai standar');
    expect(stages[1]!.textContent).toContain('Kepala Bidang IKP');
    expect(stages[1]!.getAttribute('aria-current')).toBe('step');
    expect(screen.getAllByText('Disposisi Kabid').length).toBe(2); // current stage in the summary, and in the timeline

    // Act: English
    await setLocale('en');

    // Assert
    expect(await screen.findByText('Head of IKP')).toBeTruthy();
    expect(screen.getByTestId('release-status').textContent).toBe('In progress');
  });

  it('lists the mails the receipt promised: sent, still to come, or not needed once the other outcome went out', async () => {
    // Prepare
    const id = `rel-${Date.now()}-m`;
    fakeFetch({
      [`GET /api/releases/${id}`]: {
        status: 200,
        body: {
          id,
          agendaNumber: '32/400.14/2026',
          status: 'rejected',
          currentStage: null,
          publication: null,
          rejection: { at: '2026-11-20T03:00:00Z', reason: 'Bukan kewenangan.' },
          timeline: [],
          senderMails: [
            { kind: 'receipt', sentAt: '2026-11-20T01:00:00Z' },
            { kind: 'published', sentAt: null },
            { kind: 'rejected', sentAt: '2026-11-20T03:01:00Z' },
          ],
        },
      },
    });

    // Act
    render(StatusPage, { id, key: 'secret-key', refreshSeconds: 0 });

    // Assert
    await screen.findByText('Email yang Anda terima');
    const mails = [...document.querySelectorAll<HTMLElement>('[data-mail]')];
    expect(mails.map((li) => li.dataset.mail)).toEqual(['receipt', 'published', 'rejected']);
    expect(mails[0]!.textContent).toContain('terkirim');
    expect(mails[1]!.textContent).toContain('Pemberitahuan terbit, dengan tautan ke halaman berita — tidak diperlukan');
    expect(mails[2]!.textContent).toContain('Pemberitahuan penolakan, dengan alasannya — terkirim');
  });

  it('a wrong key gets the server message, and no timeline', async () => {
    // Prepare
    const id = `rel-${Date.now()}-x`;
    fakeFetch({
      [`GET /api/releases/${id}`]: { status: 404, body: { error: { code: 'not-found', message: 'Permohonan tidak ditemukan.' } } },
    });

    // Act
    render(StatusPage, { id, key: 'wrong', refreshSeconds: 0 });

    // Assert
    expect(await screen.findByText('Permohonan tidak ditemukan.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: /Tahapan/ })).toBeNull();
  });
});

describe('status page refresh', () => {
  it('asks again every interval while the release moves, and stops once it is final', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const id = `rel-${Date.now()}-p`;
    let status = 'in-progress';
    const net = fakeFetch({
      [`GET /api/releases/${id}`]: () => ({ status: 200, body: { id, agendaNumber: '9/2026', status, timeline: [] } }),
    });
    const gets = () => net.calls.filter((c) => c.url.startsWith(`/api/releases/${id}`)).length;
    render(StatusPage, { id, key: 'k', refreshSeconds: 30 });
    await screen.findByText('Dalam proses');

    // Act: the release is published meanwhile; one interval passes
    status = 'completed';
    await vi.advanceTimersByTimeAsync(30_000);

    // Assert
    await screen.findByText('Selesai');
    expect(gets()).toBe(2);

    // Act: more intervals pass
    await vi.advanceTimersByTimeAsync(90_000);

    // Assert: a final status is not asked for again
    expect(gets()).toBe(2);
    vi.useRealTimers();
  });
});

describe('normaliseDetails', () => {
  it('accepts zod issues, {path,message} lists and field maps alike', () => {
    expect(normaliseDetails([{ path: 'submitter.email', code: 'invalid.email', message: 'Alamat email tidak sah.' }])).toEqual([
      { path: 'submitter.email', message: 'invalid.email' },
    ]);
    expect(normaliseDetails([{ path: 'title', code: 'server.onlyKey', message: 'Judul ditolak.' }])).toEqual([
      { path: 'title', message: 'Judul ditolak.' },
    ]);
    expect(normaliseDetails([{ path: ['submitter', 'email'], message: 'invalid.email', code: 'invalid_format' }])).toEqual([
      { path: 'submitter.email', message: 'invalid.email' },
    ]);
    expect(normaliseDetails([{ path: 'title', message: 'invalid.required' }])).toEqual([{ path: 'title', message: 'invalid.required' }]);
    expect(normaliseDetails({ body: 'invalid.tooLong', phone: ['invalid.phone'] })).toEqual([
      { path: 'body', message: 'invalid.tooLong' },
      { path: 'phone', message: 'invalid.phone' },
    ]);
    expect(normaliseDetails('nonsense')).toEqual([]);
  });
});
