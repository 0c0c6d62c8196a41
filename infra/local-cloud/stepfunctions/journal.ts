/**
 * Durability: one append-only journal per execution (JSON lines) and one atomically
 * replaced file for the state machines.
 *
 * Each journal line is written with a synchronous write before the engine acts on it,
 * so a SIGKILL at any moment leaves a prefix of the journal on disk (the OS keeps what
 * was written even if the process dies). A torn last line is cut off when loading.
 * `fsync: true` additionally survives power loss, at the cost of a disk flush per line.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

export type JournalRecord =
  | {
      t: 'start';
      arn: string;
      smArn: string;
      smName: string;
      name: string;
      input: string;
      startDate: number;
      roleArn: string;
      definition: string;
    }
  | { t: 'h'; k: string; e: StoredEvent }
  /** A finished state; its StateExited event rides on the same line, so both or neither survive a crash. */
  | {
      t: 'done';
      k: string;
      next?: string;
      output?: unknown;
      assigned?: Record<string, unknown>;
      end?: boolean;
      fail?: { error: string; cause: string };
      last?: number;
      h?: { k: string; e: StoredEvent };
    }
  | { t: 'tok'; k: string; token: string }
  | { t: 'invoked'; k: string }
  | { t: 'tokres'; token: string; ok: boolean; output?: unknown; error?: string; cause?: string }
  | { t: 'tokend'; token: string }
  | { t: 'wait'; k: string; until: number }
  | { t: 'retry'; k: string; attempt: number; counts: number[]; resumeAt: number }
  | { t: 'notified' }
  /** The end, with its closing history event on the same line (one write: ended exactly once). */
  | {
      t: 'end';
      status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
      output?: string;
      error?: string;
      cause?: string;
      stopDate: number;
      e?: StoredEvent;
    };

/** A history event as stored: AWS's HistoryEvent with the timestamp in epoch ms. */
export interface StoredEvent {
  id: number;
  previousEventId: number;
  timestamp: number;
  type: string;
  [details: string]: unknown;
}

/** Journals with an open file descriptor, least recently written first (bounded: long human waits add up). */
const openJournals = new Set<ExecutionJournal>();
const MAX_OPEN = 128;

export class ExecutionJournal {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    private readonly fsync: boolean,
  ) {}

  static fileFor(dataDir: string, executionArn: string): string {
    return join(dataDir, 'executions', `${createHash('sha256').update(executionArn).digest('hex').slice(0, 32)}.jsonl`);
  }

  append(record: JournalRecord): void {
    if (this.fd === undefined) {
      this.fd = openSync(this.file, 'a');
      if (openJournals.size >= MAX_OPEN) openJournals.values().next().value?.close();
    }
    openJournals.delete(this);
    openJournals.add(this);
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (this.fsync) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    openJournals.delete(this);
  }

  /** Reads every journal in the data dir; a torn last line (crash mid-write) is cut off. */
  static loadAll(dataDir: string): { file: string; records: JournalRecord[] }[] {
    const dir = join(dataDir, 'executions');
    mkdirSync(dir, { recursive: true });
    const out: { file: string; records: JournalRecord[] }[] = [];
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('.jsonl')) continue;
      const file = join(dir, name);
      const text = readFileSync(file, 'utf8');
      const complete = text.lastIndexOf('\n') + 1;
      if (complete < text.length) truncateSync(file, Buffer.byteLength(text.slice(0, complete)));
      const records = text
        .slice(0, complete)
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as JournalRecord);
      if (records[0]?.t === 'start') out.push({ file, records });
    }
    return out;
  }
}

/** Writes a whole file so that a reader sees either the old or the new content. */
export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  const fd = openSync(temp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temp, file);
}

export function readJsonFile<T>(file: string, fallback: T): T {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : fallback;
}
