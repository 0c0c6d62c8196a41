/**
 * Lambda invocations read back from the local invoker's logs (`<dataDir>/logs/<fn>.log`):
 * each invocation ends with a REPORT line carrying its duration and memory size, as on AWS.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface Invocation {
  fn: string;
  durationMs: number;
  memoryMb: number;
}

/** Byte length of each log file now, so a later read can skip what came before. */
export function logOffsets(logDir: string): Map<string, number> {
  const offsets = new Map<string, number>();
  if (!existsSync(logDir)) return offsets;
  for (const file of readdirSync(logDir)) offsets.set(file, statSync(join(logDir, file)).size);
  return offsets;
}

export function invocationsSince(logDir: string, offsets: Map<string, number>): { invocations: Invocation[]; logBytes: number } {
  const invocations: Invocation[] = [];
  let logBytes = 0;
  if (!existsSync(logDir)) return { invocations, logBytes };
  for (const file of readdirSync(logDir)) {
    const text = readFileSync(join(logDir, file))
      .subarray(offsets.get(file) ?? 0)
      .toString('utf8');
    logBytes += Buffer.byteLength(text);
    for (const m of text.matchAll(/^REPORT RequestId: \S+\tDuration: ([\d.]+) ms\tMemory Size: (\d+) MB/gm)) {
      invocations.push({ fn: file.replace(/\.log$/, ''), durationMs: Number(m[1]), memoryMb: Number(m[2]) });
    }
  }
  return { invocations, logBytes };
}

/** GB-seconds as Lambda bills them: each duration rounded up to the millisecond. */
export function gbSeconds(invocations: Invocation[]): number {
  return invocations.reduce((n, i) => n + (Math.ceil(i.durationMs) / 1000) * (i.memoryMb / 1024), 0);
}
