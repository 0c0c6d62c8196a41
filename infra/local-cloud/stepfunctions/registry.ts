/**
 * The state machines: name, definition, role, dates; kept in one JSON file replaced
 * atomically on every change so a crash never leaves it half-written.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from './journal.js';

export interface StateMachineRecord {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  type: 'STANDARD' | 'EXPRESS';
  creationDate: number;
  updateDate?: number;
  revisionId: string;
}

export class StateMachineRegistry {
  private readonly file: string;
  private readonly machines: Map<string, StateMachineRecord>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'state-machines.json');
    const stored = readJsonFile<StateMachineRecord[]>(this.file, []);
    this.machines = new Map(stored.map((m) => [m.arn, m]));
  }

  get(arn: string): StateMachineRecord | undefined {
    return this.machines.get(arn);
  }

  list(): StateMachineRecord[] {
    return [...this.machines.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  put(machine: StateMachineRecord): void {
    this.machines.set(machine.arn, machine);
    this.save();
  }

  delete(arn: string): void {
    if (this.machines.delete(arn)) this.save();
  }

  private save(): void {
    writeFileAtomic(this.file, JSON.stringify([...this.machines.values()], null, 1));
  }
}
