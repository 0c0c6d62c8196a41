import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { functionNameOf } from '../deployer/names.js';
import type { LocalFunction } from '../deployer/model.js';

/**
 * The local Lambda service. Each function runs in worker threads — not child processes —
 * because a thread starts in tens of milliseconds, shares nothing with other functions but
 * still gets its own `process.env` (worker_threads' `env` option) and its own module graph,
 * and can be terminated at once when it overruns its timeout. Workers stay warm between
 * invocations; a busy function gets another worker, up to `maxConcurrency`.
 */

export type InvokeResult = { ok: true; payload: unknown } | { ok: false; errorType: string; errorMessage: string; trace?: string[] };

export interface InvokerOptions {
  functions: LocalFunction[];
  /** Endpoint, credential and region settings every function gets (see cloud.ts). */
  baseEnv: Record<string, string>;
  logDir: string;
  region: string;
  accountId: string;
  verbose?: boolean;
  /** Probability (0..1) that an invocation fails with Lambda.ServiceException before it runs. */
  faultRate?: number;
  /** Only these functions get injected faults (default: all). */
  faultFunctions?: string[];
  maxConcurrency?: number;
  /** The function's own role credentials (the local IAM authorizes its calls by them). */
  credentialsOf?(fn: LocalFunction): { accessKeyId: string; secretAccessKey: string } | undefined;
}

export interface LambdaInvoker {
  invoke(functionArnOrName: string, payload: unknown, options?: { timeoutMs?: number }): Promise<InvokeResult>;
  has(functionArnOrName: string): boolean;
  close(): Promise<void>;
}

interface Pending {
  resolve(result: InvokeResult): void;
  timer: NodeJS.Timeout;
  requestId: string;
  started: number;
}

interface Slot {
  worker: Worker;
  pending: Pending | undefined;
  dead: boolean;
}

interface Queued {
  payload: unknown;
  resolve(result: InvokeResult): void;
}

const LAMBDA_MESSAGE = (requestId: string, seconds: number) =>
  `RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`;

export function createInvoker(options: InvokerOptions): LambdaInvoker {
  mkdirSync(options.logDir, { recursive: true });
  const maxConcurrency = options.maxConcurrency ?? 4;
  const pools = new Map(
    options.functions.map((fn) => [
      fn.name,
      {
        fn,
        slots: [] as Slot[],
        queue: [] as Queued[],
        log: undefined as WriteStream | undefined,
      },
    ]),
  );
  let closed = false;

  const logOf = (pool: { fn: LocalFunction; log: WriteStream | undefined }): WriteStream => {
    pool.log ??= createWriteStream(join(options.logDir, `${pool.fn.name}.log`), { flags: 'a' });
    return pool.log;
  };

  const writeLog = (pool: { fn: LocalFunction; log: WriteStream | undefined }, line: string) => {
    logOf(pool).write(line);
    if (options.verbose) process.stdout.write(`[${pool.fn.name}] ${line}`);
  };

  const envOf = (fn: LocalFunction): Record<string, string> => {
    const credentials = options.credentialsOf?.(fn);
    return {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: 'UTC',
      ...fn.environment,
      ...options.baseEnv,
      ...(credentials ? { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey } : {}),
      LAMBDA_TASK_ROOT: fn.assetDir,
      _HANDLER: fn.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `local/${fn.name}`,
      AWS_REGION: options.region,
      AWS_DEFAULT_REGION: options.region,
    };
  };

  const spawn = (pool: NonNullable<ReturnType<typeof pools.get>>): Slot => {
    const { fn } = pool;
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
      workerData: { assetDir: fn.assetDir, handler: fn.handler },
      env: envOf(fn),
      // The host may run under a TypeScript loader; the function must not.
      execArgv: (fn.environment.NODE_OPTIONS ?? '').includes('--enable-source-maps') ? ['--enable-source-maps'] : [],
      stdout: true,
      stderr: true,
    });
    const slot: Slot = { worker, pending: undefined, dead: false };
    worker.stdout.on('data', (chunk: Buffer) => writeLog(pool, chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => writeLog(pool, chunk.toString()));
    worker.on(
      'message',
      (message: {
        log?: string;
        id: string;
        ok: boolean;
        payload?: string;
        errorType?: string;
        errorMessage?: string;
        trace?: string[];
      }) => {
        if (message.log !== undefined) {
          writeLog(pool, message.log);
          return;
        }
        const pending = slot.pending;
        if (!pending || pending.requestId !== message.id) return;
        finish(
          pool,
          slot,
          message.ok
            ? { ok: true, payload: JSON.parse(message.payload ?? 'null') }
            : { ok: false, errorType: message.errorType ?? 'Error', errorMessage: message.errorMessage ?? '', trace: message.trace },
        );
      },
    );
    const crashed = (why: string) => {
      slot.dead = true;
      pool.slots = pool.slots.filter((s) => s !== slot);
      const pending = slot.pending;
      if (pending) {
        finish(pool, slot, {
          ok: false,
          errorType: 'Runtime.ExitError',
          errorMessage: `RequestId: ${pending.requestId} Error: Runtime exited with error: ${why}`,
        });
      }
    };
    worker.on('error', (error) => crashed(`${error.name}: ${error.message}`));
    worker.on('exit', (code) => {
      if (!slot.dead) crashed(`exit status ${code}`);
    });
    pool.slots.push(slot);
    return slot;
  };

  const finish = (pool: NonNullable<ReturnType<typeof pools.get>>, slot: Slot, result: InvokeResult) => {
    const pending = slot.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    slot.pending = undefined;
    const duration = (performance.now() - pending.started).toFixed(2);
    writeLog(
      pool,
      `END RequestId: ${pending.requestId}\nREPORT RequestId: ${pending.requestId}\tDuration: ${duration} ms\tMemory Size: ${pool.fn.memoryMb} MB\n`,
    );
    pending.resolve(result);
    const next = pool.queue.shift();
    if (next) dispatch(pool, next);
  };

  const dispatch = (pool: NonNullable<ReturnType<typeof pools.get>>, request: Queued) => {
    if (closed) {
      request.resolve({ ok: false, errorType: 'Lambda.ServiceException', errorMessage: 'The local cloud is shutting down' });
      return;
    }
    let slot = pool.slots.find((s) => !s.pending && !s.dead);
    if (!slot) {
      if (pool.slots.length >= maxConcurrency) {
        pool.queue.push(request);
        return;
      }
      slot = spawn(pool);
    }
    const { fn } = pool;
    const requestId = randomUUID();
    const timeoutMs = fn.timeoutSeconds * 1000;
    const chosen = slot;
    const timer = setTimeout(() => {
      // Lambda freezes and discards an environment that overran: so do we.
      chosen.dead = true;
      pool.slots = pool.slots.filter((s) => s !== chosen);
      void chosen.worker.terminate();
      writeLog(pool, `${new Date().toISOString()} ${requestId} Task timed out after ${fn.timeoutSeconds.toFixed(2)} seconds\n`);
      finish(pool, chosen, { ok: false, errorType: 'Sandbox.Timedout', errorMessage: LAMBDA_MESSAGE(requestId, fn.timeoutSeconds) });
    }, timeoutMs);
    slot.pending = { resolve: request.resolve, timer, requestId, started: performance.now() };
    writeLog(pool, `START RequestId: ${requestId} Version: $LATEST\n`);
    slot.worker.postMessage({
      type: 'invoke',
      id: requestId,
      event: request.payload,
      context: {
        awsRequestId: requestId,
        functionName: fn.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: String(fn.memoryMb),
        logGroupName: `/aws/lambda/${fn.name}`,
        logStreamName: `local/${fn.name}`,
        deadlineMs: Date.now() + timeoutMs,
      },
    });
  };

  const poolOf = (functionArnOrName: string) => pools.get(functionNameOf(functionArnOrName));

  return {
    has: (functionArnOrName) => poolOf(functionArnOrName) !== undefined,
    invoke(functionArnOrName, payload) {
      // The engine may pass its own task timeout; the function's configured Timeout is
      // what Lambda enforces, so that is the one applied here.
      const pool = poolOf(functionArnOrName);
      if (!pool) {
        return Promise.resolve({
          ok: false,
          errorType: 'ResourceNotFoundException',
          errorMessage: `Function not found: ${functionArnOrName}`,
        });
      }
      const faulty = !options.faultFunctions || options.faultFunctions.includes(pool.fn.name);
      if (options.faultRate && faulty && Math.random() < options.faultRate) {
        writeLog(pool, `${new Date().toISOString()} injected Lambda.ServiceException (fault rate ${options.faultRate})\n`);
        return Promise.resolve({
          ok: false,
          errorType: 'Lambda.ServiceException',
          errorMessage: 'Injected transient fault (WARTA_FAULT_RATE)',
        });
      }
      // Lambda hands the function a JSON copy of the event, never the caller's object.
      const event = JSON.parse(JSON.stringify(payload ?? null));
      return new Promise<InvokeResult>((resolve) => dispatch(pool, { payload: event, resolve }));
    },
    async close() {
      closed = true;
      const all = [...pools.values()];
      for (const pool of all) {
        for (const queued of pool.queue.splice(0)) {
          queued.resolve({ ok: false, errorType: 'Lambda.ServiceException', errorMessage: 'The local cloud is shutting down' });
        }
      }
      await Promise.all(
        all.flatMap((pool) =>
          pool.slots.map(async (slot) => {
            slot.dead = true;
            await slot.worker.terminate();
            if (slot.pending)
              finish(pool, slot, { ok: false, errorType: 'Lambda.ServiceException', errorMessage: 'The local cloud is shutting down' });
          }),
        ),
      );
      await Promise.all(all.map((pool) => new Promise<void>((done) => (pool.log ? pool.log.end(done) : done()))));
    },
  };
}
