import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import AdminPage from '../../web/src/pages/desk/admin/AdminPage.svelte';
import { setLocale } from '../../web/src/lib/i18n/index.svelte.js';
import { fakeFetch } from './fetch-fake.js';

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLocale('id');
});

const view = () => ({
  people: [
    {
      id: 'kabid-piks',
      name: 'Rahmat Hidayat',
      email: 'kabid.piks@kominfo.example.go.id',
      roles: ['kabid'],
      locale: 'id',
      title: 'Kepala Bidang PIKS',
    },
    {
      id: 'kasi-humas',
      name: 'Andi Saputra',
      email: 'kasi.humas@kominfo.example.go.id',
      roles: ['kasi'],
      locale: 'id',
      superior: 'kabid-piks',
    },
  ],
  acting: [],
  outlets: [{ id: 'malut-post', outlet: 'Malut Post', type: 'print', email: 'redaksi@malutpost.example.com', locale: 'id' }],
  versions: {
    'person:kasi-humas': { version: 3, changedBy: { personId: 'petugas-1', name: 'Sari Wulandari' }, changedAt: '2026-12-07T01:00:00Z' },
  },
  history: [
    {
      kind: 'person',
      id: 'kasi-humas',
      version: 3,
      action: 'put',
      at: '2026-12-07T01:00:00Z',
      by: { personId: 'petugas-1', name: 'Sari Wulandari' },
      fields: ['phone', 'title'],
    },
  ],
});
const digest = { 'GET /api/desk/digest': { status: 200, body: { enabled: true, version: 0, canChange: false } } };

describe('the directory page', () => {
  it('lists people with who last changed them, and the history of changes', async () => {
    // Prepare
    fakeFetch({ 'GET /api/desk/directory': { status: 200, body: view() }, ...digest });
    // Act
    render(AdminPage);
    // Assert
    expect(await screen.findByText('Rahmat Hidayat')).toBeTruthy();
    expect(screen.getByText(/diubah oleh Sari Wulandari/)).toBeTruthy();
    expect(screen.getByText(/Sari Wulandari menyimpan orang "kasi-humas" \(phone, title\)/)).toBeTruthy();
    expect(await screen.findByText('Hanya Kepala kantor yang dapat menyalakan atau mematikannya.')).toBeTruthy();
  });

  it('sends an edit with the version it showed, and shows each problem the server names', async () => {
    // Prepare
    const net = fakeFetch({
      'GET /api/desk/directory': { status: 200, body: view() },
      'POST /api/desk/directory': {
        status: 400,
        body: {
          error: {
            code: 'invalid',
            message:
              'Perubahan ditolak karena susunan kantor menjadi tidak sah: people.kasi-humas.superior: superiors form a cycle: kasi-humas → kabid-piks → kasi-humas',
            fields: [
              {
                path: 'people.kasi-humas.superior',
                code: 'directory.problem',
                message: 'superiors form a cycle: kasi-humas → kabid-piks → kasi-humas',
              },
            ],
          },
        },
      },
      ...digest,
    });
    render(AdminPage);
    const row = (await screen.findByText('Andi Saputra')).closest('li')!;
    // Act
    await fireEvent.click(within(row).getByRole('button', { name: /Ubah/ }));
    await fireEvent.input(screen.getByLabelText(/^Jabatan/), { target: { value: 'Kepala Seksi Kehumasan' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan' }));
    // Assert
    const post = net.posts()[0]!;
    expect(post.url).toBe('/api/desk/directory');
    expect(post.body).toMatchObject({
      kind: 'person',
      expectedVersion: 3,
      entry: { id: 'kasi-humas', title: 'Kepala Seksi Kehumasan', superior: 'kabid-piks' },
    });
    expect(await screen.findByText(/people.kasi-humas.superior: superiors form a cycle/)).toBeTruthy();
  });

  it('reads in English when the person switched the language', async () => {
    // Prepare
    fakeFetch({ 'GET /api/desk/directory': { status: 200, body: view() }, ...digest });
    await setLocale('en');
    // Act
    render(AdminPage);
    // Assert
    expect(await screen.findByRole('heading', { level: 1, name: 'Office directory' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: 'Acting officials (Plt/Plh)' })).toBeTruthy();
    expect(screen.getByText(/Sari Wulandari saved person "kasi-humas"/)).toBeTruthy();
  });
});
