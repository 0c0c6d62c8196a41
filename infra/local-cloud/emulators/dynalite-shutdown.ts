/**
 * dynalite reads a query's items through a stream over a LevelDB iterator and stops
 * reading once it has its page (a Limit, a filter's page); the stream stays open, so when
 * the local cloud closes the database, its pending read fails with "Iterator is not open"
 * (or "Database is not open") and, with no one listening any more, that error ends the
 * whole process. Such a read serves no request: this lets it go quietly, and keeps every
 * other stream error as loud as it was.
 */
import type { Readable } from 'node:stream';

/** LevelDB's codes for a read that came after close() (abstract-level's ModuleError). */
const READ_AFTER_CLOSE = new Set(['LEVEL_ITERATOR_NOT_OPEN', 'LEVEL_DATABASE_NOT_OPEN']);
const STREAM_METHODS = ['createValueStream', 'createKeyStream'] as const;

type StreamFactory = (options?: unknown) => Readable;
export type LevelDb = Record<(typeof STREAM_METHODS)[number], StreamFactory>;

export function quietReadsAfterClose(db: LevelDb): void {
  for (const method of STREAM_METHODS) {
    const open = db[method].bind(db);
    db[method] = (options) => {
      const stream = open(options);
      stream.on('error', (error: Error & { code?: string }) => {
        // Another listener (the request's own) handles it; alone, only a read after close is dropped.
        if (stream.listenerCount('error') > 1 || READ_AFTER_CLOSE.has(error.code ?? '')) return;
        throw error;
      });
      return stream;
    };
  }
}
