/**
 * `npm run agenda -- void <agenda number> --reason "..." [--by NAME]` — voids a mistaken
 * agenda number (batal), against the local cloud (.warta/endpoints.json) or, with AWS
 * credentials and the table's name, the deployed stack. It calls the same use case as
 * `POST /api/agenda/void`; running it twice changes nothing the second time.
 *
 * On AWS: --aws --table T [--config infra/config/x.json]
 * Locally: the running `npm start`, or another cloud with --endpoints FILE.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { failWithUsage, pointAtTheStack } from './environment.js';

const USAGE = `usage: npm run agenda -- void <agenda number> --reason "why" [--by NAME]
  --aws --table NAME   use the deployed stack (AWS credentials from the usual places)
  --config FILE   the office configuration (default: the one cdk.json names)
  --endpoints FILE   the local cloud's endpoints (default: .warta/endpoints.json)`;

// Annotated so the compiler knows a call never returns.
const fail: (message: string) => never = failWithUsage(USAGE);

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    reason: { type: 'string' },
    by: { type: 'string' },
    aws: { type: 'boolean' },
    table: { type: 'string' },
    config: { type: 'string' },
    endpoints: { type: 'string' },
    help: { type: 'boolean' },
  },
});
const [command, agendaNumber] = positionals;
if (values.help || !command) fail('');
if (command !== 'void') fail(`unknown command "${command}"`);

async function main() {
  await pointAtTheStack(values, fail, []);
  // Imported only now, with the environment set.
  const { voidRequestSchema } = await import('../../functions/domain/voids.js');
  const { message } = await import('../../functions/domain/messages.js');
  const { DomainError } = await import('../../functions/domain/errors.js');
  const { voidAgendaNumber } = await import('../../functions/usecases/agenda-void.js');
  const { config } = await import('../../functions/runtime/env.js');
  const parsed = voidRequestSchema.safeParse({ agendaNumber: agendaNumber ?? '', reason: values.reason ?? '' });
  if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${message(i.message)}`).join('\n'));
  const by = values.by ?? `cli:${userInfo().username}`;
  try {
    const outcome = await voidAgendaNumber(config(), parsed.data, by);
    process.stdout.write(`${JSON.stringify(outcome)}\n`);
    process.stderr.write(
      outcome.alreadyVoided
        ? `${outcome.agendaNumber} sudah batal sejak / already void since ${outcome.voided.at}\n`
        : `${outcome.agendaNumber} batal / voided\n`,
    );
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    process.stderr.write(`${message(e.key, 'id', e.params)}\n${message(e.key, 'en', e.params)}\n`);
    process.exit(1);
  }
}

main().catch((e: Error) => {
  process.stderr.write(`agenda: ${e.name}: ${e.message}\n`);
  process.exit(1);
});
