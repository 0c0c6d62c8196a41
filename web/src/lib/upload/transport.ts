/**
 * The browser's upload transport: the API calls go through the fetch wrapper, the parts
 * go straight to their presigned URLs with XMLHttpRequest, the only browser API that
 * reports upload progress. The bucket must expose the ETag header to the web origin (CORS).
 */
import { api, ApiError } from '../api.js';
import type { UploadTransport, UploadPlan, UploadedFile } from './uploader.js';

export class PartFailed extends Error {
  constructor(readonly status: number) {
    super(`part upload failed with HTTP ${status}`);
    this.name = 'PartFailed';
  }

  /** S3 answers 403 to a presigned URL past its lifetime. */
  get planExpired(): boolean {
    return this.status === 403;
  }
}

export const browserTransport: UploadTransport = {
  create: (request) => api<UploadPlan>('POST', '/api/uploads', request),
  complete: (uploadId, parts) => api<UploadedFile>('POST', `/api/uploads/${encodeURIComponent(uploadId)}/complete`, { parts }),
  putPart: (url, body, onProgress, signal) =>
    new Promise<string>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      const onAbort = () => xhr.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      xhr.open('PUT', url);
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () => {
        signal.removeEventListener('abort', onAbort);
        const etag = xhr.getResponseHeader('ETag');
        if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
        else reject(new PartFailed(xhr.status));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', ''));
      xhr.onabort = () => reject(new DOMException('cancelled', 'AbortError'));
      xhr.send(body);
    }),
};
