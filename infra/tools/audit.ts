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
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { failWithUsage, pointAtTheStack } from './environment.js';

const USAGE = `usage: npm run audit -- export|agenda|report [options]
  export --from YYYY-MM-DD --to YYYY-MM-DD | --release ID  [--format csv|json|pdf] [--delimiter ,|;] [--out FILE]
  agenda --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|json|pdf] [--out FILE]
  report --period 2026-03|2026-S1 [--format json|html|pdf] [--out FILE] [--send]
  --aws --table NAME --archive-bucket NAME --state-machine ARN   use the deployed stack (AWS credentials from the usual places)
  --config FILE   the office configuration (default: the one cdk.json names)
  --endpoints FILE   the local cloud's endpoints (default: .warta/endpoints.json)`;

// Annotated so the compiler knows a call never returns.
const fail: (message: string) => never = failWithUsage(USAGE);

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    release: { type: 'string' },
    period: { type: 'string' },
    format: { type: 'string' },
    delimiter: { type: 'string' },
    out: { type: 'string' },
    send: { type: 'boolean' },
    aws: { type: 'boolean' },
    table: { type: 'string' },
    'archive-bucket': { type: 'string' },
    'state-machine': { type: 'string' },
    config: { type: 'string' },
    endpoints: { type: 'string' },
    help: { type: 'boolean' },
  },
});
const command = positionals[0];
if (values.help || !command) fail('');
if (!['export', 'agenda', 'report'].includes(command)) fail(`unknown command "${command}"`);

function progress(done: number, total: number) {
  process.stderr.write(`\r  ${done}/${total} rilis / releases (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)`);
  if (done === total) process.stderr.write('\n');
}

async function main() {
  await pointAtTheStack(values, fail);
  // Imported only now, with the environment set.
  const exportsModule = await import('../../functions/usecases/audit-exports.js');
  const { storeExport } = await import('../../functions/adapters/export-store.js');
  const format = values.format;
  const delimiter =
    values.delimiter === ';' ? ';' : values.delimiter === undefined || values.delimiter === ',' ? ',' : fail('--delimiter is , or ;');

  if (command === 'report') {
    const period = values.period ?? fail('report needs --period');
    if (values.send) {
      const { mailPeriodicReports } = await import('../../functions/usecases/report-mailing.js');
      const sent = await mailPeriodicReports([period]);
      process.stdout.write(`${JSON.stringify(sent)}\n`);
      return;
    }
    const report = await exportsModule.periodicReport(period);
    const render = await import('../../functions/domain/audit/report-render.js');
    const office = (JSON.parse(process.env.WARTA_CONFIG!) as { office: { name: { id: string } } }).office.name.id;
    const f = format ?? 'json';
    const body =
      f === 'html'
        ? render.renderReportHtml(report, office)
        : f === 'pdf'
          ? await render.renderReportPdf(report, office)
          : JSON.stringify(report, null, 2);
    const out = values.out ?? `laporan-${period}.${f}`;
    writeFileSync(out, body);
    process.stderr.write(`laporan / report → ${out}\n`);
    return;
  }

  const fmt = (format ?? 'csv') as 'csv' | 'json' | 'pdf';
  if (!exportsModule.EXPORT_FORMATS.includes(fmt)) fail(`--format is one of ${exportsModule.EXPORT_FORMATS.join(', ')}`);
  let file;
  if (command === 'export') {
    const scope = values.release
      ? { releaseId: values.release }
      : { from: values.from ?? fail('export needs --from or --release'), to: values.to ?? fail('export needs --to') };
    file = await exportsModule.stepHistoryExport(scope, fmt, { delimiter, onProgress: progress });
  } else {
    file = await exportsModule.agendaBookExport(
      values.from ?? fail('agenda needs --from'),
      values.to ?? fail('agenda needs --to'),
      fmt,
      delimiter,
    );
  }
  const out = values.out ?? file.filename;
  writeFileSync(out, file.body);
  const key = await storeExport(file);
  process.stderr.write(
    `${file.filename}: ${file.body.length} bytes, ${file.executions.length} executions, SHA-256 ${file.sha256}\n  → ${out}\n  → s3://${process.env.ARCHIVE_BUCKET}/${key}\n`,
  );
  for (const p of file.problems) process.stderr.write(`  ! ${p.agendaNumber} (${p.releaseId}): ${p.problem}\n`);
  if (file.problems.length) process.exitCode = 3;
}

main().catch((e: Error) => {
  process.stderr.write(`audit: ${e.name}: ${e.message}\n`);
  process.exit(1);
});
