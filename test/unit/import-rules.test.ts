import { fileURLToPath } from 'node:url';
import { ESLint, Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The architecture's import rules as eslint.config.js sets them for a file at `path`, run
// without type information so each case is a one-line module at the path it claims to be.
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });
const linter = new Linter({ cwd: root });

async function findings(path: string, code: string): Promise<string[]> {
  const { rules = {} } = (await eslint.calculateConfigForFile(path)) as Linter.Config;
  const ruleIds = ['no-restricted-imports', 'no-restricted-syntax'];
  const config: Linter.Config[] = [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      rules: Object.fromEntries(ruleIds.map((id) => [id, rules[id] ?? 'off'])),
    },
  ];
  return linter.verify(code, config, { filename: `${root}/${path}` }).map((m) => m.ruleId ?? m.message);
}

const staticImport = (specifier: string) => `import { x } from '${specifier}';\n`;
const dynamicImport = (specifier: string) => `export const load = () => import('${specifier}');\n`;

describe('import rules', () => {
  it.each([
    ['functions/domain/render/html.ts', '../../adapters/release-store.js'],
    ['functions/domain/release.ts', '#adapters/release-store.js'],
    ['functions/domain/release.ts', '#usecases/decisions.js'],
    ['functions/domain/release.ts', '../runtime/env.js'],
    ['functions/domain/release.ts', '../handlers/register.js'],
    ['functions/domain/release.ts', '@aws-sdk/client-s3'],
    ['functions/domain/release.ts', '@aws-lambda-powertools/logger'],
    ['functions/domain/release.ts', 'node:fs'],
    ['functions/domain/release.ts', 'fs/promises'],
    ['functions/domain/release.ts', 'node:net'],
    ['functions/handlers/register.ts', '../../infra/local-cloud/cloud.js'],
    ['functions/adapters/release-store.ts', '../../infra/local-cloud/ports.js'],
    ['web/src/lib/api.ts', '../../../functions/adapters/release-store.js'],
    ['web/src/lib/api.ts', '../../../functions/contract/routes.js'],
    ['web/src/lib/api.ts', '#runtime/env.js'],
    ['web/src/pages/task/types.ts', '../../../../functions/domain/correction.js'],
    ['web/src/lib/domain.ts', '../../../functions/domain/office-clock.js'],
    ['web/src/lib/domain.ts', '../../../functions/adapters/release-store.js'],
    ['web/src/lib/domain.ts', '../../../functions/domain/submission.ts.bak'],
    ['web/src/lib/i18n/id.ts', '../../../../infra/cdk/app.js'],
    ['infra/tools/audit.ts', '../../functions/handlers/periodic-report.js'],
  ])('%s may not import %s', async (path, specifier) => {
    // Prepare: a module at `path` with one import, static or dynamic. Act:
    const found = [await findings(path, staticImport(specifier)), await findings(path, dynamicImport(specifier))];
    // Assert:
    expect(found).toEqual([['no-restricted-imports'], ['no-restricted-syntax']]);
  });

  it.each([
    ['functions/domain/release.ts', './ids.js'],
    ['functions/domain/render/html.ts', '../release.js'],
    ['functions/domain/release.ts', 'zod/mini'],
    ['functions/domain/ids.ts', 'node:crypto'],
    ['functions/handlers/register.ts', '#adapters/release-store.js'],
    ['functions/handlers/register.ts', '../domain/release.js'],
    ['functions/adapters/release-store.ts', '@aws-sdk/lib-dynamodb'],
    ['web/src/lib/domain.ts', '../../../functions/domain/submission.js'],
    ['web/src/lib/i18n/id.ts', '../../../../functions/domain/messages-id.js'],
    ['web/src/lib/domain.ts', '../../../functions/domain/text-changes.js'],
    ['web/src/pages/task/types.ts', '../../lib/domain.js'],
    ['infra/tools/audit.ts', '../../functions/usecases/audit-exports.js'],
  ])('%s may import %s', async (path, specifier) => {
    const found = [await findings(path, staticImport(specifier)), await findings(path, dynamicImport(specifier))];
    expect(found).toEqual([[], []]);
  });
});
