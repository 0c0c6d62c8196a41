/**
 * The period export as the `npm run audit` CLI runs it: in its own process, apart from the
 * local cloud's (the parent's) emulators, its AWS SDK pointed at them by the environment
 * the parent passes. Prints progress on stderr and its figures as JSON on stdout.
 *   node --import tsx bench/support/audit-export.ts <from> <to>
 */
const [from, to] = process.argv.slice(2);
if (!from || !to) throw new Error('usage: audit-export.ts <from> <to>');
const { stepHistoryExport } = await import('../../functions/usecases/audit-exports.js');
let shown = 0;
const started = performance.now();
const file = await stepHistoryExport({ from, to }, 'csv', {
  onProgress: (done, total) => {
    if (done - shown >= 500 || done === total) {
      shown = done;
      process.stderr.write(`\r  exported ${done}/${total} releases (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
process.stderr.write('\n');
const csvLines = file.body
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '').length;
process.stdout.write(
  `${JSON.stringify({ seconds, bytes: file.body.length, sha256: file.sha256, executions: file.executions.length, csvLines, problems: file.problems })}\n`,
);
