import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import SubmitPage from '../../web/src/pages/submit/SubmitPage.svelte';
import type { UploadTransport } from '../../web/src/lib/upload/uploader.js';
import { fakeFetch, memoryStorage } from './fetch-fake.js';

afterEach(() => vi.unstubAllGlobals());

/** A transport whose part uploads wait until the test lets them finish (or fail). */
function gatedTransport() {
  const gates: { url: string; finish: () => void; fail: () => void }[] = [];
  let n = 0;
  const transport: UploadTransport = {
    create: async (req) => ({
      uploadId: `01JUPLOAD${String(++n).padStart(17, '0')}`,
      partSize: 1_000_000,
      parts: [{ partNumber: 1, url: `https://s3.test/${req.filename}` }],
    }),
    putPart: (url, body, onProgress, signal) =>
      new Promise<string>((resolve, reject) => {
        onProgress(Math.floor(body.size / 2));
        signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
        gates.push({
          url,
          finish: () => {
            onProgress(body.size);
            resolve('"e1"');
          },
          fail: () => reject(new Error('connection reset')),
        });
      }),
    complete: async (uploadId) => ({ uploadId, contentType: 'image/jpeg', size: 10 }),
  };
  return { transport, gates };
}

async function pick(files: File[]) {
  const input = document.querySelector<HTMLInputElement>('input[type=file]')!;
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  await fireEvent.change(input);
}

const jpeg = (name: string) => new File([new Uint8Array(400)], name, { type: 'image/jpeg' });
const sendButton = () => screen.getByRole<HTMLButtonElement>('button', { name: 'Kirim permohonan' });

describe('attachments on the submit page', () => {
  it('uploads several files at once with a progress bar each and overall; send waits for them', async () => {
    // Prepare
    fakeFetch({});
    const { transport, gates } = gatedTransport();
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage(), transport });

    // Act
    await pick([jpeg('pita.jpg'), new File([new Uint8Array(600)], 'surat.pdf', { type: 'application/pdf' })]);

    // Assert: both running, half-way, send disabled
    await waitFor(() => expect(gates).toHaveLength(2));
    expect(screen.getByLabelText('Unggahan pita.jpg')).toBeTruthy();
    expect(screen.getAllByText(/Mengunggah 50%/)).toHaveLength(2);
    const overall = screen.getByLabelText<HTMLProgressElement>('Kemajuan unggahan keseluruhan');
    expect(overall.value).toBe(500);
    expect(overall.max).toBe(1000);
    expect(sendButton().disabled).toBe(true);

    // Act: both finish
    gates.forEach((g) => g.finish());

    // Assert
    await waitFor(() => expect(sendButton().disabled).toBe(false));
    expect(screen.getAllByText(/Selesai/)).toHaveLength(2);
    expect(screen.getByText('surat.pdf selesai diunggah.')).toBeTruthy();
  });

  it('a failed file can be retried, and a running one cancelled', async () => {
    // Prepare
    fakeFetch({});
    const { transport, gates } = gatedTransport();
    render(SubmitPage, {
      captchaPayload: 'c2lnbmVk',
      storage: memoryStorage(),
      transport,
      uploadOptions: { partRetries: 1, backoff: async () => {} },
    });
    await pick([jpeg('gagal.jpg'), jpeg('batal.jpg')]);
    await waitFor(() => expect(gates).toHaveLength(2));

    // Act: the first drops its connection twice (once more than the automatic retry), the second is cancelled
    gates[0]!.fail();
    await fireEvent.click(screen.getByRole('button', { name: 'Batalkan unggahan batal.jpg' }));
    await waitFor(() => expect(gates).toHaveLength(3));
    gates[2]!.fail();

    // Assert
    const retry = await screen.findByRole('button', { name: 'Ulangi unggahan gagal.jpg' });
    expect(screen.getByText('gagal.jpg gagal diunggah.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Ulangi unggahan batal.jpg' })).toBeTruthy();
    expect(sendButton().disabled).toBe(false);

    // Act: retry the failed one
    await fireEvent.click(retry);
    await waitFor(() => expect(gates).toHaveLength(4));
    expect(gates.map((g) => g.url)).toEqual([
      'https://s3.test/gagal.jpg',
      'https://s3.test/batal.jpg',
      'https://s3.test/gagal.jpg',
      'https://s3.test/gagal.jpg',
    ]);
    gates[3]!.finish();

    // Assert
    await screen.findByText('gagal.jpg selesai diunggah.');
  });

  it('refuses a file the API would refuse, with the reason, without uploading it', async () => {
    // Prepare
    fakeFetch({});
    const { transport, gates } = gatedTransport();
    render(SubmitPage, { captchaPayload: 'c2lnbmVk', storage: memoryStorage(), transport });

    // Act
    await pick([new File([], 'kosong.jpg', { type: 'image/jpeg' })]);

    // Assert
    expect(await screen.findByText('Berkas kosong.')).toBeTruthy();
    expect(gates).toHaveLength(0);
    expect(screen.queryByRole('button', { name: 'Ulangi unggahan kosong.jpg' })).toBeNull();
  });
});
