/**
 * One execution's durable record: every fact is a journal line first, then applied to
 * the in-memory view. Replaying the journal after a restart rebuilds the same view, so
 * the interpreter can skip states that finished and resume the one that was running.
 * History events carry a deterministic key; re-emitting an event that is already on
 * record returns its id instead of writing a duplicate.
 */
import { setMaxListeners } from 'node:events';
import type { StateMachineDef } from './definition.js';
import { ExecutionHalted } from './errors.js';
import { ExecutionJournal, type JournalRecord, type StoredEvent } from './journal.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
export type DoneRecord = Extract<JournalRecord, { t: 'done' }>;
export type TokenOutcome = Extract<JournalRecord, { t: 'tokres' }>;
type StartRecord = Extract<JournalRecord, { t: 'start' }>;

/** A task waiting for SendTaskSuccess/Failure/Heartbeat. */
export interface TokenWaiter {
  settle(outcome: TokenOutcome): void;
  heartbeat(): void;
}

export class Execution {
  readonly arn: string;
  readonly smArn: string;
  readonly smName: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  readonly roleArn: string;
  readonly definitionText: string;
  readonly definition: StateMachineDef;
  status: ExecutionStatus = 'RUNNING';
  /** The end was reported to the status-change listener (at least once across crashes). */
  endNotified = false;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;

  readonly events: StoredEvent[] = [];
  readonly completions = new Map<string, DoneRecord>();
  readonly tokensByKey = new Map<string, string>();
  readonly tokenKeys = new Map<string, string>();
  readonly tokenResults = new Map<string, TokenOutcome>();
  readonly endedTokens = new Set<string>();
  readonly invoked = new Set<string>();
  readonly waits = new Map<string, number>();
  readonly retries = new Map<string, Extract<JournalRecord, { t: 'retry' }>>();
  readonly waiters = new Map<string, TokenWaiter>();
  readonly controller = new AbortController();
  private readonly eventIds = new Map<string, number>();

  constructor(
    start: StartRecord,
    private readonly journal: ExecutionJournal,
  ) {
    this.arn = start.arn;
    this.smArn = start.smArn;
    this.smName = start.smName;
    this.name = start.name;
    this.input = start.input;
    this.startDate = start.startDate;
    this.roleArn = start.roleArn;
    this.definitionText = start.definition;
    this.definition = JSON.parse(start.definition) as StateMachineDef;
    // Every concurrent wait (Map iterations, branches) listens for the stop: not a leak.
    setMaxListeners(10_000, this.controller.signal);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Journals a fact, then applies it. Once halted or closed, a late write is dropped. */
  record(rec: JournalRecord): void {
    if (this.status !== 'RUNNING' || this.signal.aborted) return;
    this.journal.append(rec);
    this.apply(rec);
  }

  apply(rec: JournalRecord): void {
    switch (rec.t) {
      case 'h':
        this.addEvent(rec.k, rec.e);
        break;
      case 'done':
        this.completions.set(rec.k, rec);
        if (rec.h) this.addEvent(rec.h.k, rec.h.e);
        break;
      case 'tok':
        this.tokensByKey.set(rec.k, rec.token);
        this.tokenKeys.set(rec.token, rec.k);
        break;
      case 'invoked':
        this.invoked.add(rec.k);
        break;
      case 'tokres':
        this.tokenResults.set(rec.token, rec);
        break;
      case 'tokend':
        this.endedTokens.add(rec.token);
        break;
      case 'wait':
        this.waits.set(rec.k, rec.until);
        break;
      case 'retry':
        this.retries.set(rec.k, rec);
        break;
      case 'end':
        if (rec.e) this.addEvent(`exec:${rec.e.type}`, rec.e);
        this.status = rec.status;
        this.stopDate = rec.stopDate;
        this.output = rec.output;
        this.error = rec.error;
        this.cause = rec.cause;
        this.journal.close();
        break;
      case 'notified':
        this.endNotified = true;
        break;
      case 'start':
        break;
    }
  }

  private addEvent(key: string, event: StoredEvent): void {
    this.events.push(event);
    this.eventIds.set(key, event.id);
  }

  /** A history event with the next id, not yet recorded (for records that carry their event). */
  newEvent(type: string, previousEventId: number, details?: Record<string, unknown>): StoredEvent {
    return { id: this.events.length + 1, previousEventId, timestamp: Date.now(), type, ...details };
  }

  /**
   * Adds a history event unless one with the same key is already on record (a replay
   * after a restart). Returns the event id either way, for previousEventId chaining.
   */
  emit(key: string, type: string, previousEventId: number, details?: Record<string, unknown>): number {
    const known = this.eventIds.get(key);
    if (known !== undefined) return known;
    if (this.status !== 'RUNNING' || this.signal.aborted) throw this.signal.reason ?? new ExecutionHalted('engine-closed');
    const event = this.newEvent(type, previousEventId, details);
    this.record({ t: 'h', k: key, e: event });
    return event.id;
  }

  /** Closes the execution: end event, end record, waiters released. Exactly once. */
  finish(
    end: Omit<Extract<JournalRecord, { t: 'end' }>, 't' | 'stopDate'>,
    event: { type: string; details: Record<string, unknown> },
  ): boolean {
    if (this.status !== 'RUNNING') return false;
    const closing = this.newEvent(event.type, this.events.at(-1)?.id ?? 0, event.details);
    const rec: JournalRecord = { t: 'end', stopDate: closing.timestamp, ...end, e: closing };
    this.journal.append(rec);
    this.apply(rec);
    return true;
  }

  /** Records that the end was reported; written after the listener ran. */
  markNotified(): void {
    if (this.status === 'RUNNING' || this.endNotified) return;
    this.journal.append({ t: 'notified' });
    this.apply({ t: 'notified' });
    this.journal.close();
  }

  /** Stops the run in memory (engine close or after finish); nothing more is written. */
  halt(reason: Error): void {
    if (!this.signal.aborted) this.controller.abort(reason);
    this.journal.close();
  }
}
