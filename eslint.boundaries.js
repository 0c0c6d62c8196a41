// @ts-check
/**
 * The architecture's layers as import rules (DESIGN.md, "Layout"). A layer is named by its
 * folders, both where they stand and where the layout is taking them, so the rules hold
 * through the move: a specifier reaches a layer when it passes through one of its folders,
 * relatively from any depth or through the layer's `#` alias. A finding fails `npm run lint`.
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
    through(['aws', 'adapters', 'clients', 'http', 'stand-ins']),
    'The domain is pure: it imports no adapter (functions/adapters/, today functions/aws/ and functions/http/); adapters call the domain.',
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

const web = [
  rule(
    '(^|/)functions/(?!domain/)|^#(?!domain/)',
    'The web app imports from functions/ only the shared schemas and message catalogue in functions/domain/.',
  ),
  rule(through(['infra']), 'The web app imports nothing from infra/.'),
];

const tools = [rule(through(['handlers']), 'A tool calls use cases (functions/usecases/), never a handler.')];

/** The same restriction on `import('...')` with a literal specifier, which no-restricted-imports does not see. */
const dynamic = ({ regex, message }) => ({
  selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`,
  message,
});

const restrict = (files, patterns, { dynamicToo = true } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns }],
    ...(dynamicToo ? { 'no-restricted-syntax': ['error', ...patterns.map(dynamic)] } : {}),
  },
});

export const boundaries = [
  restrict(['functions/**'], functionsAnywhere),
  // Handlers are functions/ too: the rule above keeps the local cloud (infra/local/, to be
  // infra/local-cloud/) out of them.
  restrict(['functions/domain/**'], domain),
  restrict(['web/**'], web),
  restrict(['infra/tools/**'], tools),
  // Where the tools stand today the audit CLI still loads a handler with import(); the move
  // to infra/tools/ ends that, and from there the rule sees import() too.
  restrict(['infra/cli/**', 'infra/doctor/**'], tools, { dynamicToo: false }),
];
