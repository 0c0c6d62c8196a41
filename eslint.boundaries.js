// @ts-check
/**
 * The architecture's layers as import rules (README, "Architecture"). A layer is named by its
 * folders: a specifier reaches a layer when it passes through one of its folders, relatively
 * from any depth or through the layer's `#` alias. A finding fails `npm run lint`.
 *
 * ESLint keeps the options of the last block that sets a rule for a file, so each block
 * below lists every restriction its files obey, not only the ones it adds.
 */

/** A specifier that goes through one of `folders` (as `dir/`, `../dir/` or `#dir/`). */
const through = (folders) => `(^#?|/)(${folders.join('|')})/`;

const rule = (regex, message) => ({ regex, message });

// Deployed code never reaches back into the tools that build, emulate or operate it.
const functionsAnywhere = [
  rule(
    through(['infra']),
    'functions/ runs in Lambda: it imports nothing from infra/ (the CDK app, the local cloud, the tools); shared names live in functions/contract/.',
  ),
  rule(through(['web']), 'functions/ imports nothing from the web app.'),
];

const domain = [
  ...functionsAnywhere,
  rule(
    through(['adapters', 'clients', 'http', 'stand-ins']),
    'The domain is pure: it imports no adapter (functions/adapters/); adapters call the domain.',
  ),
  rule(through(['usecases']), 'The domain imports no use case: use cases call the domain.'),
  rule(through(['runtime']), 'The domain imports no runtime (env, logger, tracer, metrics, stage): it takes what it needs as arguments.'),
  rule(through(['handlers']), 'The domain imports no handler.'),
  rule(
    '^(@aws-sdk|@smithy|@aws-crypto|@aws-lambda-powertools)/|^(aws-lambda|aws-cdk-lib|constructs)(/|$)',
    'The domain imports no AWS SDK, Lambda or CDK package: AWS is reached through an adapter.',
  ),
  rule(
    '^(node:)?(fs|net|http|https|http2|tls|dgram|dns|child_process)(/|$)',
    'The domain does no I/O (no files, sockets or processes): a store or adapter hands it the data.',
  ),
];

/**
 * What the web app shares with the API, each for a reason: the schemas the API validates
 * with (submission), the message catalogue and its Locale (messages, messages-id,
 * messages-en), the names of the headers that carry a link's secret (secret-headers), the
 * hours a confirmation link lasts (confirmation), the date and size formats and the word
 * diff, so a reviewer sees the changes and dates as the mails and PDFs show them (format,
 * text-changes), the API's own response types (correction, verification; type-only), and
 * the roles with the groups of them each desk section admits, and the media types (roles).
 */
const WEB_SHARED = [
  'submission',
  'messages',
  'messages-id',
  'messages-en',
  'secret-headers',
  'confirmation',
  'format',
  'text-changes',
  'correction',
  'verification',
  'roles',
];

/** Only the gateway modules below may import from functions/, and only the shared modules. */
const webGateway = [
  rule(
    `(^|/)functions/(?!domain/(${WEB_SHARED.join('|')})\\.js$)|^#`,
    `The web app imports from functions/ only what it shares with the API: ${WEB_SHARED.map((m) => `functions/domain/${m}.ts`).join(', ')}.`,
  ),
  rule(through(['infra']), 'The web app imports nothing from infra/.'),
];

const web = [
  rule('(^|/)functions/|^#', 'The web app reaches functions/ only through web/src/lib/domain.ts and web/src/lib/i18n/ (id.ts, en.ts).'),
  rule(through(['infra']), 'The web app imports nothing from infra/.'),
];

const tools = [rule(through(['handlers']), 'A tool calls use cases (functions/usecases/), never a handler.')];

/** The same restriction on `import('...')` with a literal specifier, which no-restricted-imports does not see. */
const dynamic = ({ regex, message }) => ({
  selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`,
  message,
});

const restrict = (files, patterns) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    'no-restricted-syntax': ['error', ...patterns.map(dynamic)],
  },
});

export const boundaries = [
  // Handlers are functions/ too: this keeps the local cloud (infra/local-cloud/) out of them.
  restrict(['functions/**'], functionsAnywhere),
  restrict(['functions/domain/**'], domain),
  // The build config (web/vite.config.ts) runs at build time and copies in the default news types.
  restrict(['web/src/**'], web),
  restrict(['web/src/lib/domain.ts', 'web/src/lib/i18n/id.ts', 'web/src/lib/i18n/en.ts'], webGateway),
  restrict(['infra/tools/**'], tools),
];
