// One Lambda execution environment: a worker thread whose process.env is the function's own
// environment (set by the invoker when it creates the thread). The handler module is imported
// on the first invocation, as Lambda initializes on a cold start, and reused while warm.
// Plain JavaScript on purpose: the thread must start without the TypeScript loader the host
// may run under, so the function sees a Node runtime like Lambda's.
import { parentPort, workerData } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const { assetDir, handler } = workerData;
let currentRequestId = '';
let loaded;

// Lambda's Node runtime prefixes every console line with time, request id and level.
// Lines go to the host over the message port, so they stay in order with the result.
const log = (line) => parentPort.postMessage({ log: line });
for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]) {
  console[method] = (...args) => log(`${new Date().toISOString()}\t${currentRequestId}\t${level}\t${format(...args)}\n`);
}

class RuntimeError extends Error {
  constructor(name, message) {
    super(message);
    this.name = name;
  }
}

async function loadHandler() {
  if (loaded) return loaded;
  const dot = handler.lastIndexOf('.');
  const moduleName = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  // Lambda's Node runtime looks for .js, then .mjs, then .cjs; it imports .mjs (and .js in a
  // "type": "module" package) and requires the rest, so a CommonJS bundle never meets the
  // ESM loader. Loading the same way keeps local cold starts and module semantics like AWS's.
  const file = ['.js', '.mjs', '.cjs'].map((ext) => join(assetDir, moduleName + ext)).find((f) => existsSync(f));
  if (!file) throw new RuntimeError('Runtime.ImportModuleError', `Error: Cannot find module '${moduleName}'`);
  let module;
  try {
    module = await loadModule(file);
  } catch (error) {
    throw new RuntimeError('Runtime.ImportModuleError', `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`);
  }
  const fn = module[exportName] ?? module.default?.[exportName];
  if (typeof fn !== 'function') {
    throw new RuntimeError('Runtime.HandlerNotFound', `${handler} is undefined or not exported`);
  }
  loaded = fn;
  return fn;
}

async function loadModule(file) {
  if (file.endsWith('.mjs')) return import(pathToFileURL(file).href);
  try {
    return createRequire(file)(file);
  } catch (error) {
    if (error?.code !== 'ERR_REQUIRE_ESM') throw error;
    return import(pathToFileURL(file).href);
  }
}

function runHandler(fn, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, result) => (error ? reject(error) : resolve(result));
    context.done = callback;
    context.succeed = (result) => resolve(result);
    context.fail = (error) => reject(error);
    try {
      const returned = fn(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (fn.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

function errorShape(error) {
  if (error instanceof Error) {
    return {
      errorType: error.name || error.constructor?.name || 'Error',
      errorMessage: error.message,
      trace: String(error.stack ?? '').split('\n'),
    };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

parentPort.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const { id, event, context: base } = message;
  currentRequestId = base.awsRequestId;
  const context = {
    ...base,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, base.deadlineMs - Date.now()),
  };
  delete context.deadlineMs;
  try {
    const fn = await loadHandler();
    const result = await runHandler(fn, event, context);
    // Lambda returns the JSON serialization of the result: undefined becomes null.
    const payload = JSON.stringify(result === undefined ? null : result);
    parentPort.postMessage({ id, ok: true, payload });
  } catch (error) {
    const shape = errorShape(error);
    log(`${new Date().toISOString()}\t${currentRequestId}\tERROR\tInvoke Error \t${JSON.stringify(shape)}\n`);
    parentPort.postMessage({ id, ok: false, ...shape });
  }
});
