// Runs in a fresh Node process: load one bundle, invoke its handler once, report, exit.
// The parent measures the whole process (runtime start + init + first invocation), as a
// Lambda cold start is measured.
import { createRequire } from 'node:module';

const [file, eventJson] = process.argv.slice(2);
const started = performance.now();
// As Lambda's Node runtime loads a handler: ES modules (.mjs) are imported, CommonJS is required.
const mod = file.endsWith('.mjs') ? await import(file) : createRequire(file)(file);
const loaded = performance.now();
let outcome = 'ok';
try {
  const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 };
  const result = await mod.handler(JSON.parse(eventJson), context);
  if (result && typeof result === 'object' && 'statusCode' in result) outcome = String(result.statusCode);
} catch (e) {
  outcome = `error:${e?.name ?? 'Error'}${e?.code ? `/${e.code}` : ''}`;
}
const invoked = performance.now();
process.stdout.write('\n@@probe@@' + JSON.stringify({ loadMs: loaded - started, invokeMs: invoked - loaded, outcome }));
process.exit(0);
