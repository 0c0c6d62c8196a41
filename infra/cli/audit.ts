/**
 * `npm run audit -- <command>` — auditor exports from the command line, against the local
 * cloud (read from .warta/endpoints.json) or, with AWS credentials and the resource names,
 * against the deployed stack. It runs the same code as the audit API, without the API's
 * size limit, and streams the export to the archive bucket (`exports/…`) as well as to a file.
 *
 *   export  --from 2026-01-01 --to 2026-06-30 [--format csv|json|pdf] [--delimiter ';'] [--out FILE]
 *   export  --release <id> [--format …]
 *   agenda  --from … --to … [--format csv|json|pdf] [--out FILE]
 *   report  --period 2026-03|2026-S1 [--format json|html|pdf] [--out FILE] [--send]
 *
 * On AWS: --aws --table T --archive-bucket B --state-machine ARN [--config infra/config/x.json]
 * Locally: the running `npm start` (.warta/endpoints.json), or another cloud with --endpoints FILE.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config-loader.js';
import { fromRepoRoot } from '../paths.js';

const USAGE = `usage: npm run audit -- export|agenda|report [options]
  export --from YYYY-MM-DD --to YYYY-MM-DD | --release ID  [--format csv|json|pdf] [--delimiter ,|;] [--out FILE]
  agenda --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json|pdf] [--out FILE]
  report --period 2026-03|2026-S1 [--format json|html|pdf] [--out FILE] [--send]
  --aws --table NAME --archive-bucket NAME --state-machine ARN   use the deployed stack (AWS credentials from the usual places)
  --config FILE   the office configuration (default: the one cdk.json names)
  --endpoints FILE   the local cloud's endpoints (default: .warta/endpoints.json)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' }, to: { type: 'string' }, release: { type: 'string' }, period: { type: 'string' },
    format: { type: 'string' }, delimiter: { type: 'string' }, out: { type: 'string' }, send: { type: 'boolean' },
    aws: { type: 'boolean' }, table: { type: 'string' }, 'archive-bucket': { type: 'string' }, 'state-machine': { type: 'string' },
    config: { type: 'string' }, endpoints: { type: 'string' }, help: { type: 'boolean' },
  },
});
const command = positionals[0];
if (values.help || !command) fail('');
if (!['export', 'agenda', 'report'].includes(command)) fail(`unknown command "${command}"`);

/** Points the functions' AWS clients and the stores at the local cloud or the named AWS resources. */
function setUpEnvironment() {
  const cdkJson = JSON.parse(readFileSync(fromRepoRoot('cdk.json'), 'utf8')) as { context?: Record<string, string> };
  const config = loadConfig(values.config ?? cdkJson.context?.['warta:config'] ?? 'infra/config/dkip-malut.json');
  process.env.WARTA_CONFIG = JSON.stringify(config);
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  // The CLI may run on Node 20; the SDK's notice about Node 22 is not for the auditor.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (values.aws) {
    const table = values.table ?? fail('--aws needs --table');
    process.env.TABLE_NAME = table;
    process.env.ARCHIVE_BUCKET = values['archive-bucket'] ?? fail('--aws needs --archive-bucket');
    process.env.STATE_MACHINE_ARN = values['state-machine'] ?? fail('--aws needs --state-machine');
    process.env.WEB_ORIGIN ??= 'https://invalid.example';
    // The region of the named state machine, unless the environment says otherwise.
    process.env.AWS_REGION ??= process.env.STATE_MACHINE_ARN.split(':')[3] || fail('--state-machine is not an ARN');
    return;
  }
  const file = values.endpoints ?? fromRepoRoot('.warta/endpoints.json');
  if (!existsSync(file)) fail('the local cloud is not running (no .warta/endpoints.json): run npm start, or use --aws');
  const endpoints = JSON.parse(readFileSync(file, 'utf8')) as { dynamodb: string; s3: string; stepfunctions: string; ses: string; web: string; resources?: Record<string, string> };
  const resources = endpoints.resources ?? fail('.warta/endpoints.json names no resources: restart npm start');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_REGION: process.env.AWS_REGION ?? 'ap-southeast-3',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    WEB_ORIGIN: endpoints.web,
    ...resources,
  });
}

function progress(done: number, total: number) {
  process.stderr.write(`\r  ${done}/${total} rilis / releases (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)`);
  if (done === total) process.stderr.write('\n');
}

/**
 * The functions take their credentials from the environment, as Lambda gives them. An
 * auditor's machine has them in the usual places instead (a profile, SSO, a role), so on
 * AWS the SDK's own provider chain resolves them once, into the environment.
 */
async function useCredentialsFromTheUsualPlaces() {
  if (process.env.AWS_ACCESS_KEY_ID && process.env.AWS_SECRET_ACCESS_KEY) return;
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const credentials = await defaultProvider()();
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  if (credentials.sessionToken) process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
}

async function main() {
  setUpEnvironment();
  if (values.aws) await useCredentialsFromTheUsualPlaces();
  // Imported only now, with the environment set.
  const exportsModule = await import('../../functions/aws/audit-exports.js');
  const { storeExport } = await import('../../functions/aws/export-store.js');
  const format = values.format;
  const delimiter = values.delimiter === ';' ? ';' : values.delimiter === undefined || values.delimiter === ',' ? ',' : fail('--delimiter is , or ;');

  if (command === 'report') {
    const period = values.period ?? fail('report needs --period');
    if (values.send) {
      const { handler } = await import('../../functions/handlers/periodic-report.js');
      const result = await handler({ period });
      process.stdout.write(`${JSON.stringify(result.sent)}\n`);
      return;
    }
    const report = await exportsModule.periodicReport(period);
    const render = await import('../../functions/domain/audit/report-render.js');
    const office = (JSON.parse(process.env.WARTA_CONFIG!) as { office: { name: { id: string } } }).office.name.id;
    const f = format ?? 'json';
    const body = f === 'html' ? render.renderReportHtml(report, office) : f === 'pdf' ? await render.renderReportPdf(report, office) : JSON.stringify(report, null, 2);
    const out = values.out ?? `laporan-${period}.${f}`;
    writeFileSync(out, body);
    process.stderr.write(`laporan / report → ${out}\n`);
    return;
  }

  const fmt = (format ?? 'csv') as 'csv' | 'json' | 'pdf';
  if (!exportsModule.EXPORT_FORMATS.includes(fmt)) fail(`--format is one of ${exportsModule.EXPORT_FORMATS.join(', ')}`);
  let file;
  if (command === 'export') {
    const scope = values.release ? { releaseId: values.release } : { from: values.from ?? fail('export needs --from or --release'), to: values.to ?? fail('export needs --to') };
    file = await exportsModule.stepHistoryExport(scope, fmt, { delimiter, onProgress: progress });
  } else {
    file = await exportsModule.agendaBookExport(values.from ?? fail('agenda needs --from'), values.to ?? fail('agenda needs --to'), fmt, delimiter);
  }
  const out = values.out ?? file.filename;
  writeFileSync(out, file.body);
  const key = await storeExport(file);
  process.stderr.write(`${file.filename}: ${file.body.length} bytes, ${file.executions.length} executions, SHA-256 ${file.sha256}\n  → ${out}\n  → s3://${process.env.ARCHIVE_BUCKET}/${key}\n`);
  for (const p of file.problems) process.stderr.write(`  ! ${p.agendaNumber} (${p.releaseId}): ${p.problem}\n`);
  if (file.problems.length) process.exitCode = 3;
}

main().catch((e: Error) => {
  process.stderr.write(`audit: ${e.name}: ${e.message}\n`);
  process.exit(1);
});
