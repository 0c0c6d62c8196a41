/**
 * One file's upload, in parts: ask the API for presigned part URLs, PUT each part, then
 * complete. The plan and the ETags of finished parts are kept, so a retry after a dropped
 * connection or a cancel sends only what is missing. The transport is injected: the
 * browser uses XMLHttpRequest (for progress), tests use a fake.
 */
export interface UploadPlan {
  uploadId: string;
  partSize: number;
  parts: { partNumber: number; url: string }[];
}
export interface UploadedFile {
  uploadId: string;
  contentType: string;
  size: number;
}
export interface PartEtag {
  partNumber: number;
  etag: string;
}

export interface UploadTransport {
  create(request: { filename: string; contentType: string; size: number }): Promise<UploadPlan>;
  /**
   * Resolves with the part's ETag; reports bytes sent so far through onProgress. Rejects
   * with an error whose `planExpired` is true when the presigned URL no longer works.
   */
  putPart(url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal): Promise<string>;
  complete(uploadId: string, parts: PartEtag[]): Promise<UploadedFile>;
}

export type UploadState = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface UploadOptions {
  /** Extra attempts per part before the upload is marked failed (a flaky phone connection). */
  partRetries?: number;
  /** Waits before attempt n (1-based) of a part; injected so tests do not sleep. */
  backoff?: (attempt: number) => Promise<void>;
  onChange?: (upload: Upload) => void;
}

const defaultBackoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.min(8_000, 500 * 2 ** attempt)));
let counter = 0;

export class Upload {
  readonly id = `upload-${++counter}`;
  state: UploadState = 'queued';
  error: unknown;
  result: UploadedFile | undefined;
  private plan: UploadPlan | undefined;
  private readonly etags = new Map<number, string>();
  private inFlight = 0;
  private controller: AbortController | undefined;
  private readonly options: Required<Omit<UploadOptions, 'onChange'>> & Pick<UploadOptions, 'onChange'>;

  constructor(
    readonly file: File,
    private readonly transport: UploadTransport,
    options: UploadOptions = {},
  ) {
    this.options = { partRetries: 2, backoff: defaultBackoff, ...options };
  }

  get name(): string {
    return this.file.name;
  }
  get size(): number {
    return this.file.size;
  }
  get partsDone(): number {
    return this.etags.size;
  }

  /** Bytes confirmed by finished parts plus the bytes of the part being sent. */
  get loaded(): number {
    if (this.state === 'done') return this.size;
    let bytes = this.inFlight;
    for (const partNumber of this.etags.keys()) bytes += this.partBytes(partNumber);
    return Math.min(bytes, this.size);
  }

  /** Starts, or resumes after a failure or a cancel; a running or finished upload is left alone. */
  start(): Promise<void> {
    if (this.state === 'uploading' || this.state === 'done') return Promise.resolve();
    const controller = new AbortController();
    this.controller = controller;
    this.state = 'uploading';
    this.error = undefined;
    this.inFlight = 0;
    this.emit();
    return this.run(controller.signal).then(
      (result) =>
        this.settle(controller, () => {
          this.result = result;
          this.state = 'done';
        }),
      (error: unknown) =>
        this.settle(controller, () => {
          this.inFlight = 0;
          if (controller.signal.aborted) this.state = 'cancelled';
          else {
            this.state = 'failed';
            this.error = error;
          }
        }),
    );
  }

  retry(): Promise<void> {
    return this.start();
  }

  cancel(): void {
    if (this.state !== 'uploading' && this.state !== 'queued') return;
    this.controller?.abort();
    this.state = 'cancelled';
    this.inFlight = 0;
    this.emit();
  }

  private async run(signal: AbortSignal): Promise<UploadedFile> {
    this.plan ??= await this.transport.create({
      filename: this.file.name,
      contentType: this.file.type || 'application/octet-stream',
      size: this.file.size,
    });
    const plan = this.plan;
    for (const part of plan.parts) {
      if (this.etags.has(part.partNumber)) continue; // sent before the connection dropped
      const start = (part.partNumber - 1) * plan.partSize;
      const body = this.file.slice(start, start + this.partBytes(part.partNumber), this.file.type);
      let etag: string;
      try {
        etag = await this.sendPart(part.url, body, signal);
      } catch (error) {
        // Presigned URLs expire (hours): a later retry must ask for a new plan, not reuse dead URLs.
        if ((error as { planExpired?: boolean } | undefined)?.planExpired) {
          this.plan = undefined;
          this.etags.clear();
        }
        throw error;
      }
      this.etags.set(part.partNumber, etag);
      this.inFlight = 0;
      this.emit();
    }
    signal.throwIfAborted();
    const parts = [...this.etags].map(([partNumber, etag]) => ({ partNumber, etag })).sort((a, b) => a.partNumber - b.partNumber);
    return this.transport.complete(plan.uploadId, parts);
  }

  private async sendPart(url: string, body: Blob, signal: AbortSignal): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      try {
        return await this.transport.putPart(
          url,
          body,
          (loaded) => {
            this.inFlight = loaded;
            this.emit();
          },
          signal,
        );
      } catch (error) {
        const expired = (error as { planExpired?: boolean } | undefined)?.planExpired;
        if (signal.aborted || expired || attempt >= this.options.partRetries) throw error;
        this.inFlight = 0;
        await this.options.backoff(attempt + 1);
      }
    }
  }

  private partBytes(partNumber: number): number {
    const partSize = this.plan?.partSize ?? this.size;
    return Math.max(0, Math.min(partSize, this.size - (partNumber - 1) * partSize));
  }

  private settle(controller: AbortController, apply: () => void): void {
    if (this.controller !== controller) return; // a newer attempt owns the state now
    apply();
    this.emit();
  }

  private emit(): void {
    this.options.onChange?.(this);
  }
}

/** Overall progress of a set of uploads; cancelled ones no longer count. */
export function overallProgress(uploads: readonly Upload[]): { loaded: number; total: number } {
  let loaded = 0;
  let total = 0;
  for (const u of uploads) {
    if (u.state === 'cancelled') continue;
    loaded += u.loaded;
    total += u.size;
  }
  return { loaded, total };
}
