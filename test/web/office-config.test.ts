import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import SubmitPage from '../../web/src/pages/submit/SubmitPage.svelte';
import { fakeFetch, memoryStorage } from './fetch-fake.js';

afterEach(() => vi.unstubAllGlobals());

describe('the office configuration of the web app', () => {
  it("offers the office's own news types from /config.json next to the defaults, and calls the API it names", async () => {
    // Prepare
    const net = fakeFetch({
      'GET /config.json': {
        status: 200,
        body: {
          apiUrl: 'http://api.warta.test/',
          siteUrl: 'http://warta.test',
          newsTypes: { bencana: { id: 'Informasi kebencanaan', en: 'Disaster information' } },
        },
      },
    });

    // Act
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });

    // Assert
    await waitFor(() => expect(screen.getByRole('option', { name: 'Informasi kebencanaan' })).toBeTruthy());
    expect(screen.getByRole('option', { name: 'Liputan kegiatan' })).toBeTruthy();
    expect(net.calls.map((c) => c.url)).toEqual(['/config.json']);
    const { apiUrl } = await import('../../web/src/lib/api.js');
    expect(await apiUrl('/api/releases')).toBe('http://api.warta.test/api/releases');
  });
});
