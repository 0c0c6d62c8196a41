import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quietReadsAfterClose, type LevelDb } from '../../infra/local-cloud/emulators/dynalite-shutdown.js';

const levelError = (code: string) => Object.assign(new Error(code), { code });

function dbOfStreams(): LevelDb & { made: Readable[] } {
  const made: Readable[] = [];
  const open = () => {
    const stream = new Readable({ objectMode: true, read() {} });
    made.push(stream);
    return stream;
  };
  return { made, createValueStream: open, createKeyStream: open };
}

describe('dynalite streams at shutdown', () => {
  it('drop a read that comes after the database closed, when no request listens any more', () => {
    const db = dbOfStreams();
    quietReadsAfterClose(db);
    const values = db.createValueStream();
    const keys = db.createKeyStream();

    expect(() => values.emit('error', levelError('LEVEL_ITERATOR_NOT_OPEN'))).not.toThrow();
    expect(() => keys.emit('error', levelError('LEVEL_DATABASE_NOT_OPEN'))).not.toThrow();
  });

  it('keep every other error of an unheard stream as loud as before', () => {
    const db = dbOfStreams();
    quietReadsAfterClose(db);
    const values = db.createValueStream();

    expect(() => values.emit('error', levelError('LEVEL_CORRUPTION'))).toThrow('LEVEL_CORRUPTION');
  });

  it('leave an error to the request that listens for it', () => {
    const db = dbOfStreams();
    quietReadsAfterClose(db);
    const values = db.createValueStream();
    const heard: string[] = [];
    values.on('error', (e: Error & { code?: string }) => heard.push(e.code ?? ''));

    expect(() => values.emit('error', levelError('LEVEL_CORRUPTION'))).not.toThrow();
    expect(heard).toEqual(['LEVEL_CORRUPTION']);
  });
});
