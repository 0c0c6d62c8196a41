import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import TaskPage from '../../web/src/pages/task/TaskPage.svelte';
import { setLocale } from '../../web/src/lib/i18n/index.svelte.js';
import { fakeFetch } from './fetch-fake.js';

afterEach(async () => {
  vi.unstubAllGlobals();
  localStorage.clear();
  await setLocale('id');
});

const uploadId = '01JABCDEFGHJKMNPQRSTVWXYZ0';

function taskView(kind: string, actions: { action: string; fields?: unknown[] }[], extra: Record<string, unknown> = {}) {
  return {
    state: 'open',
    stage: { id: `${kind}-stage`, kind, label: { id: `Tahap ${kind}`, en: `Stage ${kind}` } },
    // The shape functions/handlers/tasks-get.ts answers with.
    person: { id: 'kasi-liputan', name: 'Rahmat Kasi' },
    onBehalfOf: null,
    dueAt: '2026-11-20T03:00:00Z',
    release: {
      agendaNumber: '12/400.14/2026',
      newsType: { id: 'kegiatan', label: { id: 'Liputan kegiatan', en: 'Activity coverage' } },
      title: 'Peresmian jembatan <b>Desa</b>',
      body: 'Isi berita',
      eventDate: null,
      eventPlace: null,
      submitter: { name: 'Siti', institution: 'Dinas PUPR' },
    },
    attachments: [{ uploadId, name: 'foto.jpg', contentType: 'image/jpeg', size: 2048, url: 'https://s3.test/foto.jpg' }],
    history: [
      {
        stageId: 'dispose',
        action: 'dispose',
        actor: { name: 'Kabid IKP', title: null },
        at: '2026-11-20T02:00:00Z',
        note: 'Segera proses',
        paraf: null,
        details: null,
      },
    ],
    actions,
    choices: {},
    draft: null,
    decision: null,
    ...extra,
  };
}

const reviewActions = [
  { action: 'approve', fields: ['note'] },
  { action: 'revise', fields: ['note'] },
  { action: 'reject', fields: ['reason'] },
];

describe('task page', () => {
  it('opening the link only shows the task: release, media, history, and nothing is sent', async () => {
    // Prepare
    const linkId = `link-${Date.now()}`;
    const net = fakeFetch({ ['GET /api/task']: { status: 200, body: taskView('review', reviewActions) } });

    // Act
    render(TaskPage, { linkId });

    // Assert
    await screen.findByRole('heading', { name: 'Tugas: Tahap review' });
    expect(screen.getByRole('heading', { name: 'Peresmian jembatan <b>Desa</b>' })).toBeTruthy(); // shown as text, never as markup
    expect(screen.getByText('Segera proses')).toBeTruthy();
    expect(screen.getByText('Liputan kegiatan')).toBeTruthy();
    expect(screen.getByText(/Tautan ini untuk Rahmat Kasi/)).toBeTruthy();
    expect(screen.queryByLabelText(/Paraf/)).toBeNull();
    expect(screen.getByTestId('paraf-as').textContent).toContain('Anda memaraf sebagai Rahmat Kasi');
    expect(document.querySelector('img[src="https://s3.test/foto.jpg"]')).toBeTruthy();
    expect(net.posts()).toEqual([]);
    // The task's calls (not the desk's "who is signed in?"): the link id in a header...
    const apiCalls = net.calls.filter((c) => c.url.startsWith('/api/') && !c.url.startsWith('/api/desk/'));
    expect(apiCalls.map((c) => c.headers['x-warta-link'])).toEqual(apiCalls.map(() => linkId));
    expect(net.calls.filter((c) => c.url.includes(linkId))).toEqual([]); // ...never in a URL
  });

  it('asks for confirmation before a rejection, and cancelling sends nothing', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-r`;
    const net = fakeFetch({ ['GET /api/task']: { status: 200, body: taskView('review', reviewActions) } });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByLabelText('Tolak'));
    await fireEvent.input(screen.getByLabelText(/Alasan penolakan/), { target: { value: 'Bukan kewenangan dinas kami.' } });

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Tolak' }));

    // Assert
    const dialog = document.querySelector('dialog')!;
    expect(dialog.open).toBe(true);
    expect(dialog.textContent).toContain('Tolak permohonan ini?');
    expect(net.posts()).toEqual([]);

    // Act: cancel
    await fireEvent.click(screen.getByRole('button', { name: 'Batal' }));

    // Assert
    expect(dialog.open).toBe(false);
    expect(net.posts()).toEqual([]);
  });

  it('sends the rejection with its reason only after the confirmation', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-c`;
    let done = false;
    const net = fakeFetch({
      ['GET /api/task']: () => ({
        status: 200,
        body: taskView(
          'review',
          done ? [] : reviewActions,
          done ? { state: 'done', decision: { action: 'reject', actor: 'Rahmat Kasi', at: '2026-11-20T04:00:00Z' } } : {},
        ),
      }),
      ['POST /api/task']: () => {
        done = true;
        return { status: 200, body: { ok: true } };
      },
    });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByLabelText('Tolak'));
    await fireEvent.input(screen.getByLabelText(/Alasan penolakan/), { target: { value: 'Bukan kewenangan dinas kami.' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tolak' }));

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Ya, tolak' }));

    // Assert
    await screen.findByText('Terima kasih. Keputusan Anda sudah dicatat.');
    expect(net.posts().map((c) => c.body)).toEqual([{ action: 'reject', reason: 'Bukan kewenangan dinas kami.' }]);
    expect((await screen.findByText(/Tugas ini sudah diselesaikan\./)).textContent).toContain('Diselesaikan oleh Rahmat Kasi');
  });

  it('an empty rejection reason is refused before any dialog, in the chosen language', async () => {
    // Prepare
    await setLocale('en');
    const linkId = `link-${Date.now()}-e`;
    const net = fakeFetch({ ['GET /api/task']: { status: 200, body: taskView('review', reviewActions) } });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByLabelText('Reject'));

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Reject' }));

    // Assert
    expect(document.getElementById('reason-error')?.textContent).toBe('This field is required.');
    expect(document.querySelector('dialog')!.open).toBe(false);
    expect(net.posts()).toEqual([]);
  });

  it('a spent or expired link (410) says so instead of showing a form', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-g`;
    fakeFetch({
      ['GET /api/task']: { status: 410, body: { error: { code: 'expired', message: 'Tautan sudah kedaluwarsa pada 20 Nov 2026.' } } },
    });

    // Act
    render(TaskPage, { linkId });

    // Assert
    await screen.findByRole('heading', { name: 'Tautan ini tidak berlaku lagi' });
    expect(screen.getByText('Tautan sudah kedaluwarsa pada 20 Nov 2026.')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('a dispose form sends the chosen people, arahan, urgency and due date', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-d`;
    const assignees = [
      { id: 'kasi-liputan', name: 'Rahmat', title: 'Kasi Liputan' },
      { id: 'kasi-publikasi', name: 'Dewi', title: 'Kasi Publikasi' },
    ];
    const fields = [
      { name: 'assignees', type: 'people', required: true },
      { name: 'arahan', type: 'textarea', required: true },
      { name: 'urgency', type: 'urgency', required: true },
      { name: 'dueDate', type: 'date', required: false },
    ];
    const net = fakeFetch({
      ['GET /api/task']: { status: 200, body: taskView('dispose', [{ action: 'dispose', fields }], { choices: { assignees } }) },
      ['POST /api/task']: { status: 200, body: {} },
    });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByLabelText('Dewi — Kasi Publikasi'));
    await fireEvent.input(screen.getByLabelText(/Arahan/), { target: { value: 'Liput dan siapkan naskah.' } });
    await fireEvent.click(screen.getByLabelText('Segera'));
    await fireEvent.input(screen.getByLabelText(/Batas waktu/), { target: { value: '2026-11-25' } });

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim disposisi' }));

    // Assert
    await waitFor(() => expect(net.posts()).toHaveLength(1));
    expect(net.posts()[0]!.body).toEqual({
      action: 'dispose',
      assignees: ['kasi-publikasi'],
      arahan: 'Liput dan siapkan naskah.',
      urgency: 'segera',
      dueDate: '2026-11-25',
    });
  });

  it('signed in to the desk, sends the decision by the desk route (so it records the session), the link still in its header', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-desk`;
    const fields = [
      { name: 'assignees', type: 'people', required: true },
      { name: 'arahan', type: 'textarea', required: true },
      { name: 'urgency', type: 'urgency', required: true },
    ];
    const assignees = [{ id: 'kasi-liputan', name: 'Rahmat', title: 'Kasi Liputan' }];
    const net = fakeFetch({
      ['GET /api/task']: { status: 200, body: taskView('dispose', [{ action: 'dispose', fields }], { choices: { assignees } }) },
      ['GET /api/desk/me']: {
        status: 200,
        body: { sessionId: 's', personId: 'kabid', email: 'k@x.go.id', name: 'Kabid', roles: ['kabid'] },
      },
      ['POST /api/desk/task']: { status: 200, body: { state: 'done' } },
    });
    render(TaskPage, { linkId });
    await waitFor(() => expect(net.calls.some((c) => c.url === '/api/desk/me')).toBe(true));
    await fireEvent.click(await screen.findByLabelText('Rahmat — Kasi Liputan'));
    await fireEvent.input(screen.getByLabelText(/Arahan/), { target: { value: 'Liput.' } });
    await fireEvent.click(screen.getByLabelText('Segera'));

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim disposisi' }));

    // Assert
    await waitFor(() => expect(net.posts()).toHaveLength(1));
    expect(net.posts()[0]).toMatchObject({ url: '/api/desk/task', headers: { 'x-warta-link': linkId } });
  });

  it('with a desk session that ended meanwhile, still acts by the link alone', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-ended`;
    const fields = [
      { name: 'assignees', type: 'people', required: true },
      { name: 'arahan', type: 'textarea', required: true },
      { name: 'urgency', type: 'urgency', required: true },
    ];
    const assignees = [{ id: 'kasi-liputan', name: 'Rahmat', title: 'Kasi Liputan' }];
    const net = fakeFetch({
      ['GET /api/task']: { status: 200, body: taskView('dispose', [{ action: 'dispose', fields }], { choices: { assignees } }) },
      ['GET /api/desk/me']: {
        status: 200,
        body: { sessionId: 's', personId: 'kabid', email: 'k@x.go.id', name: 'Kabid', roles: ['kabid'] },
      },
      // The session authorizer's own refusal, as API Gateway words it.
      ['POST /api/desk/task']: { status: 403, body: { message: 'Forbidden' } },
      ['POST /api/task']: { status: 200, body: { state: 'done' } },
    });
    render(TaskPage, { linkId });
    await waitFor(() => expect(net.calls.some((c) => c.url === '/api/desk/me')).toBe(true));
    await fireEvent.click(await screen.findByLabelText('Rahmat — Kasi Liputan'));
    await fireEvent.input(screen.getByLabelText(/Arahan/), { target: { value: 'Liput.' } });
    await fireEvent.click(screen.getByLabelText('Segera'));

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Kirim disposisi' }));

    // Assert
    await waitFor(() => expect(net.posts()).toHaveLength(2));
    expect(net.posts().map((c) => c.url)).toEqual(['/api/desk/task', '/api/task']);
  });

  it('the editor saves a draft without finishing the task, with quotes and a captioned photo', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-ed`;
    const net = fakeFetch({
      ['GET /api/task']: {
        status: 200,
        body: taskView('edit', [{ action: 'save-draft' }, { action: 'submit' }], {
          draft: { title: 'Judul draf', body: 'Naskah draf', quotes: [] },
        }),
      },
      ['POST /api/task']: { status: 200, body: {} },
    });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByRole('button', { name: 'Tambah kutipan' }));
    await fireEvent.input(screen.getByLabelText(/Isi kutipan/), { target: { value: 'Jembatan ini untuk warga.' } });
    await fireEvent.input(screen.getByLabelText(/Narasumber/), { target: { value: 'Bupati' } });
    await fireEvent.click(screen.getByLabelText('Pakai foto foto.jpg'));
    await fireEvent.input(screen.getByLabelText('Keterangan foto foto.jpg'), { target: { value: 'Pengguntingan pita' } });

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan draf' }));

    // Assert
    await screen.findByText('Draf disimpan.');
    expect(net.posts()[0]!.body).toEqual({
      action: 'save-draft',
      title: 'Judul draf',
      body: 'Naskah draf',
      quotes: [{ text: 'Jembatan ini untuk warga.', by: 'Bupati' }],
      photos: [{ uploadId, caption: 'Pengguntingan pita' }],
    });
    expect(screen.getByRole('button', { name: 'Kirim naskah untuk diperiksa' })).toBeTruthy(); // still open
  });

  it('the editor keeps unsent typing on the device: a reload brings it back and says so', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-local`;
    fakeFetch({
      ['GET /api/task']: {
        status: 200,
        body: taskView('edit', [{ action: 'save-draft' }, { action: 'submit' }], {
          draft: { title: 'Judul draf', body: 'Naskah draf', quotes: [] },
        }),
      },
    });
    const first = render(TaskPage, { linkId });
    await fireEvent.input(await screen.findByLabelText(/Teras berita/), { target: { value: 'Teras yang belum disimpan.' } });
    first.unmount();

    // Act: the page opens again
    render(TaskPage, { linkId });

    // Assert
    expect((await screen.findByLabelText<HTMLTextAreaElement>(/Teras berita/)).value).toBe('Teras yang belum disimpan.');
    expect(screen.getByText('Naskah yang belum dikirim dipulihkan dari perangkat ini.')).toBeTruthy();
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i) ?? '');
    expect(keys).toContain('warta.edit.12/400.14/2026.edit-stage');
    expect(keys.some((k) => k.includes(linkId))).toBe(false); // the secret link never becomes a key
  });
  it('a decision still being delivered says so instead of the buttons, and nothing is sent', async () => {
    // Prepare
    const linkId = `link-${Date.now()}-d`;
    const decision = { action: 'approve', actor: 'Rahmat Kasi', at: '2026-11-20T04:00:00Z' };
    const net = fakeFetch({ ['GET /api/task']: { status: 200, body: taskView('review', [], { state: 'delivering', decision }) } });

    // Act
    render(TaskPage, { linkId });

    // Assert
    expect((await screen.findByRole('status')).textContent).toBe('Keputusan Anda sudah tercatat dan sedang dikirim.');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByText(/Tugas ini sudah diselesaikan/)).toBeNull();
    expect(net.posts()).toEqual([]);
  });

  it('an approval the server keeps for delivery (202) thanks the person and shows "being delivered", in English too', async () => {
    // Prepare
    await setLocale('en');
    const linkId = `link-${Date.now()}-p`;
    let kept = false;
    const net = fakeFetch({
      ['GET /api/task']: () => ({
        status: 200,
        body: taskView(
          'review',
          kept ? [] : reviewActions,
          kept ? { state: 'delivering', decision: { action: 'approve', actor: 'Rahmat Kasi', at: '2026-11-20T04:00:00Z' } } : {},
        ),
      }),
      ['POST /api/task']: () => {
        kept = true;
        return { status: 202, body: { state: 'delivering', action: 'approve', at: '2026-11-20T04:00:00Z' } };
      },
    });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByLabelText('Approve with paraf'));
    // The paraf is the link owner's record, not a field to type.
    expect(screen.queryByLabelText(/^Paraf/)).toBeNull();
    expect(screen.getByTestId('paraf-as').textContent).toContain('You initial as');

    // Act
    await fireEvent.click(screen.getByRole('button', { name: 'Approve with paraf' }));

    // Assert
    await screen.findByText('Your decision is recorded and being delivered.');
    expect(net.posts().map((c) => c.body)).toEqual([{ action: 'approve' }]);
    expect(screen.queryByRole('button')).toBeNull();
  });
  it('on a stage with a paraf code, mails the code on request and sends it with the decision', async () => {
    // Prepare
    await setLocale('en');
    const linkId = `link-${Date.now()}-code`;
    const net = fakeFetch({
      ['GET /api/task']: () => ({ status: 200, body: taskView('review', reviewActions, { parafCode: true }) }),
      ['POST /api/task/code']: () => ({ status: 202, body: { state: 'sent', validUntil: '2026-11-20T03:10:00Z' } }),
      ['POST /api/task']: () => ({ status: 200, body: { state: 'done', action: 'approve', at: '2026-11-20T03:05:00Z' } }),
    });
    render(TaskPage, { linkId });
    await fireEvent.click(await screen.findByRole('button', { name: 'Mail me a paraf code' }));
    await waitFor(() => expect(screen.getByTestId('paraf-code-status').textContent).toContain('The paraf code was mailed to you'));

    // Act: a code of the wrong shape is caught before sending; the right one goes with the approval.
    await fireEvent.input(screen.getByLabelText(/^Paraf code/), { target: { value: '12a' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Approve with paraf' }));
    expect(await screen.findByText('The paraf code is 6 digits.')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText(/^Paraf code/), { target: { value: '042017' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Approve with paraf' }));

    // Assert
    await waitFor(() => expect(net.posts().map((c) => c.body)).toEqual([{}, { action: 'approve', parafCode: '042017' }]));
  });
});

describe('task page due time', () => {
  it("shows the due time in the office's zone, marked as counted in office hours", async () => {
    // Prepare
    const linkId = `link-${Date.now()}-due`;
    fakeFetch({
      ['GET /api/task']: { status: 200, body: taskView('review', reviewActions, { dueTimeZone: 'Asia/Jayapura', dueInOfficeHours: true }) },
    });
    // Act
    render(TaskPage, { linkId });
    // Assert: 03:00 UTC is 12.00 WIT.
    expect(await screen.findByText(/batas waktu 20 Nov(ember)? 2026,? (pukul )?12\.00 WIT \(dihitung dalam jam kerja\)/)).toBeTruthy();
  });
});

describe('task page: what the officer needs to write the next round', () => {
  const editActions = [{ action: 'save-draft' }, { action: 'submit' }];

  it("shows the previous round's revision notes above the editor, and the sender's contact", async () => {
    // Prepare
    const linkId = `link-${Date.now()}-e`;
    const view = taskView('edit', editActions, {
      stage: { id: 'edit', kind: 'edit', label: { id: 'Tahap edit', en: 'Stage edit' }, round: 2 },
      release: {
        ...taskView('edit', editActions).release,
        submitter: { name: 'Siti', institution: 'Dinas PUPR', email: 'siti@pupr.example.go.id', phone: '+62 812 1111 2222' },
        letter: { number: '050/12/PUPR', date: '2026-11-18' },
      },
      history: [
        {
          stageId: 'review',
          action: 'revise',
          actor: { name: 'Kasi', title: null },
          at: '2026-11-20T02:00:00Z',
          note: 'Tambahkan nama kecamatan.',
          paraf: null,
          details: {},
        },
      ],
    });
    fakeFetch({ ['GET /api/task']: { status: 200, body: view } });

    // Act
    render(TaskPage, { linkId });

    // Assert
    const notes = await screen.findByTestId('revision-notes');
    expect(notes.textContent).toContain('Tambahkan nama kecamatan.');
    const editor = screen.getByLabelText(/^Judul/);
    expect(notes.compareDocumentPosition(editor) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.getByRole('link', { name: 'WhatsApp' }).getAttribute('href')).toBe('https://wa.me/6281211112222');
    expect(screen.getByRole('link', { name: 'Telepon' }).getAttribute('href')).toBe('tel:+6281211112222');
    expect(screen.getByTestId('letter-number').textContent).toBe('050/12/PUPR');
  });

  it('asks for fresh attachment links before they run out, so an open page keeps working links', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const linkId = `link-${Date.now()}-x`;
      const net = fakeFetch({
        ['GET /api/task']: () => ({
          status: 200,
          body: taskView('review', reviewActions, { linksExpireAt: new Date(Date.now() + 15 * 60_000).toISOString() }),
        }),
      });
      const taskReads = () => net.calls.filter((c) => c.method === 'GET' && c.url === '/api/task').length;
      render(TaskPage, { linkId });
      await vi.waitFor(() => expect(taskReads()).toBe(1));

      // Act
      await vi.advanceTimersByTimeAsync(14 * 60_000 + 1_000);

      // Assert
      expect(taskReads()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
