import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SubmitPage from '../../web/src/pages/submit/SubmitPage.svelte';
import { setLocale } from '../../web/src/lib/i18n/index.svelte.js';
import { DRAFT_KEY } from '../../web/src/pages/submit/form.js';
import { fakeFetch, memoryStorage } from './fetch-fake.js';

// No test here reaches a real network: the page asks for /config.json when it opens.
beforeEach(() => void fakeFetch({}));

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLocale('id');
});

const field = (id: string) => document.getElementById(id) as HTMLInputElement;
const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? '';

async function type(id: string, value: string) {
  await fireEvent.input(field(id), { target: { value } });
  await fireEvent.blur(field(id));
}

async function fillValidForm(stamp: string) {
  await fireEvent.change(field('newsType'), { target: { value: 'kegiatan' } });
  await type('title', `Bupati meresmikan jembatan ${stamp}`);
  await type('body', 'Jembatan sepanjang 120 meter diresmikan pagi ini.');
  await type('institution', 'Dinas PUPR');
  await type('name', 'Siti Rahma');
  await type('email', `siti.${stamp}@example.go.id`);
}

describe('submit page validation', () => {
  it('shows the schema message next to a field once it is left empty, in Indonesian then English', async () => {
    // Prepare
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });

    // Act
    await fireEvent.blur(field('title'));

    // Assert
    expect(errorOf('title')).toBe('Wajib diisi.');
    expect(field('title').getAttribute('aria-invalid')).toBe('true');
    expect(field('title').getAttribute('aria-describedby')).toContain('title-error');

    // Act: switch language
    await setLocale('en');

    // Assert
    await waitFor(() => expect(errorOf('title')).toBe('This field is required.'));
  });

  it('names a bad email and a bad phone number in both languages', async () => {
    // Prepare
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });

    // Act
    await type('email', 'bukan-email');
    await type('phone', 'telepon saya');

    // Assert
    expect(errorOf('email')).toBe('Alamat email tidak valid.');
    expect(errorOf('phone')).toMatch(/^Nomor telepon tidak valid/);
    await setLocale('en');
    await waitFor(() => expect(errorOf('email')).toBe('This email address is not valid.'));
    expect(errorOf('phone')).toMatch(/^This phone number is not valid/);
  });

  it('does not send anything while the form is invalid, and lists what to fix', async () => {
    // Prepare
    const net = fakeFetch({});
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim permohonan' }));

    // Assert
    expect(net.posts()).toEqual([]);
    expect(errorOf('name')).toBe('Wajib diisi.');
    expect(errorOf('email')).toBe('Wajib diisi.'); // empty, not "invalid"
    expect(errorOf('newsType')).toBe('Pilih jenis berita.');
    expect(screen.getByRole('alert').textContent).toContain('Periksa kembali isian berikut:');
  });

  it('tells a sender who has not confirmed their address to check their email, with no agenda number', async () => {
    // Prepare
    const stamp = `${Date.now()}`;
    fakeFetch({
      'POST /api/releases': {
        status: 202,
        body: { id: `rel-${stamp}`, statusKey: 'key-1', statusUrl: `http://warta.test/s/rel-${stamp}?key=key-1`, confirmation: 'sent' },
      },
    });
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });
    await fillValidForm(stamp);

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim permohonan' }));

    // Assert
    await screen.findByText('Periksa email Anda');
    expect(screen.getByTestId('held-sent').textContent).toContain(`siti.${stamp}@example.go.id`);
    expect(screen.queryByTestId('agenda-number')).toBeNull();
  });

  it('sends the submission in the API shape and shows the receipt with the agenda number', async () => {
    // Prepare
    const stamp = `${Date.now()}`;
    const storage = memoryStorage();
    const net = fakeFetch({
      'POST /api/releases': {
        status: 201,
        body: {
          id: `rel-${stamp}`,
          agendaNumber: `7/400.14/PUPR/2026`,
          statusKey: 'key-1',
          statusUrl: `http://warta.test/s/rel-${stamp}?key=key-1`,
        },
      },
    });
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage });
    await fillValidForm(stamp);

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim permohonan' }));

    // Assert
    await screen.findByText('Permohonan diterima');
    expect(screen.getByTestId('agenda-number').textContent).toBe('7/400.14/PUPR/2026');
    expect(screen.getByLabelText<HTMLInputElement>('Tautan status pribadi').value).toBe(`http://warta.test/s/rel-${stamp}?key=key-1`);
    expect(net.posts()).toHaveLength(1);
    expect(net.posts()[0]!.body).toEqual({
      newsType: 'kegiatan',
      title: `Bupati meresmikan jembatan ${stamp}`,
      body: 'Jembatan sepanjang 120 meter diresmikan pagi ini.',
      submitter: { name: 'Siti Rahma', institution: 'Dinas PUPR', email: `siti.${stamp}@example.go.id`, locale: 'id' },
      attachments: [],
      altcha: 'c2lnbmVk',
    });
    expect(JSON.parse(storage.getItem(DRAFT_KEY) ?? '{}').form?.title ?? '').toBe('');
  });

  it("shows the server's field errors next to the fields they name", async () => {
    // Prepare
    fakeFetch({
      'POST /api/releases': {
        status: 400,
        body: {
          error: {
            code: 'invalid',
            message: 'Periksa isian.',
            fields: [{ path: 'submitter.email', code: 'invalid.email', message: 'Alamat email tidak sah.' }],
          },
        },
      },
    });
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });
    await fillValidForm(`${Date.now()}`);

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim permohonan' }));

    // Assert
    await waitFor(() => expect(errorOf('email')).toBe('Alamat email tidak valid.'));
    expect(screen.getByRole('alert').textContent).toContain('Periksa isian.');
  });
});

describe('submit page draft', () => {
  it('keeps what was typed across a reload, and can clear it', async () => {
    // Prepare
    const storage = memoryStorage();
    const title = `Draf judul ${Date.now()}`;
    const first = render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage });
    await type('title', title);
    await type('eventPlace', 'Aula Kantor Gubernur');
    first.unmount();

    // Act: the page loads again with the same storage
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage });

    // Assert
    expect(field('title').value).toBe(title);
    expect(field('eventPlace').value).toBe('Aula Kantor Gubernur');
    expect(screen.getByText(/Isian sebelumnya dipulihkan/)).toBeTruthy();

    // Act: clear
    await fireEvent.click(screen.getByRole('button', { name: 'Kosongkan formulir' }));

    // Assert
    expect(field('title').value).toBe('');
    await waitFor(() => expect(JSON.parse(storage.getItem(DRAFT_KEY)!).form.title).toBe(''));
  });
});

describe('submit page privacy notice', () => {
  const notice = { contact: 'ppid@kominfo.example.go.id', removeAfterDays: 45, archiveYears: 12 };

  it('tells the person what is kept, why, for how long and whom to ask, in Indonesian then English', async () => {
    // Prepare
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage(), privacy: notice });
    const region = screen.getByRole('region', { name: 'Data pribadi Anda' });

    // Assert: the form is described by the notice, and the notice states the office's periods
    expect(document.querySelector('form')?.getAttribute('aria-describedby')).toBe(region.id);
    expect(region.textContent).toContain('nomor telepon');
    expect(region.textContent).toContain('dihapus 45 hari setelah diajukan');
    expect(region.textContent).toContain('arsip resmi selama 12 tahun');
    expect(screen.getByRole('link', { name: notice.contact }).getAttribute('href')).toBe(`mailto:${notice.contact}`);

    // Act
    await setLocale('en');

    // Assert
    const english = await screen.findByRole('region', { name: 'Your personal data' });
    expect(english.textContent).toContain('deleted 45 days after you sent it');
    expect(english.textContent).toContain('official archive for 12 years');
  });

  it('takes the periods and the contact from the office configuration', async () => {
    // Prepare
    const { resetWebConfig } = await import('../../web/src/lib/api.js');
    resetWebConfig();
    fakeFetch({
      'GET /config.json': { status: 200, body: { privacy: { contact: 'data@esdm.example.go.id', removeAfterDays: 30, archiveYears: 10 } } },
    });

    // Act
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage() });

    // Assert
    const region = screen.getByRole('region', { name: 'Data pribadi Anda' });
    await waitFor(() => expect(region.textContent).toContain('dihapus 30 hari setelah diajukan'));
    expect(region.textContent).toContain('arsip resmi selama 10 tahun');
    expect(screen.getByRole('link', { name: 'data@esdm.example.go.id' })).toBeTruthy();
    resetWebConfig();
  });
});
