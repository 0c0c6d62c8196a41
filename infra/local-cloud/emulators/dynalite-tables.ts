import { createRequire } from 'node:module';
import { quietReadsAfterClose, type LevelDb } from './dynalite-shutdown.js';

/**
 * dynalite reads a table's description from LevelDB (and parses it) on every request, to
 * find the key schema: a third of its work for a small item. The descriptions change only
 * when a table is created, updated or deleted, so this keeps each one in memory after the
 * first read and forgets it whenever dynalite writes that table's description. Each caller
 * gets its own copy, since dynalite's table actions change the object they are given.
 */

interface TableCallback {
  (err: Error | null, table?: Record<string, unknown>): void;
}

interface TableDb {
  put(key: string, value: unknown, callback?: (err?: Error | null) => void): unknown;
  del(key: string, callback?: (err?: Error | null) => void): unknown;
}

interface Store {
  db: LevelDb;
  tableDb: TableDb;
  getTable(name: string, checkStatus: boolean | TableCallback, callback?: TableCallback): void;
}

const require = createRequire(import.meta.url);
const dynaliteDb = require('dynalite/db') as { create(options: Record<string, unknown>): Store };

/**
 * Runs `start` (which calls dynalite) so that the store it creates caches its tables and
 * shuts down quietly (dynalite-shutdown.ts).
 */
export function withTableCache<T>(start: () => T): T {
  const create = dynaliteDb.create;
  dynaliteDb.create = (options) => {
    const store = create(options);
    quietReadsAfterClose(store.db);
    return cacheTables(store);
  };
  try {
    return start();
  } finally {
    dynaliteDb.create = create;
  }
}

function cacheTables(store: Store): Store {
  const known = new Map<string, Record<string, unknown>>();
  // Bumped by every write of a description, so a read that began before it is not kept.
  const versions = new Map<string, number>();
  const forget = (name: string) => {
    known.delete(name);
    versions.set(name, (versions.get(name) ?? 0) + 1);
  };
  const { tableDb } = store;
  const put = tableDb.put.bind(tableDb);
  const del = tableDb.del.bind(tableDb);
  tableDb.put = (key, value, callback) => {
    forget(key);
    return put(
      key,
      value,
      callback &&
        ((err) => {
          forget(key);
          callback(err);
        }),
    );
  };
  tableDb.del = (key, callback) => {
    forget(key);
    return del(
      key,
      callback &&
        ((err) => {
          forget(key);
          callback(err);
        }),
    );
  };

  const read = store.getTable.bind(store);
  store.getTable = (name, checkStatus, callback) => {
    const cb = (typeof checkStatus === 'function' ? checkStatus : callback)!;
    const check = typeof checkStatus === 'function' ? true : checkStatus;
    const cached = known.get(name);
    // Only an ACTIVE table is kept: CREATING, UPDATING and DELETING ones change soon.
    if (cached) {
      setImmediate(cb, null, structuredClone(cached));
      return;
    }
    const version = versions.get(name) ?? 0;
    read(name, check, (err, table) => {
      if (!err && table?.TableStatus === 'ACTIVE' && (versions.get(name) ?? 0) === version) known.set(name, structuredClone(table));
      cb(err, table);
    });
  };
  return store;
}
