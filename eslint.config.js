// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';
import cdk from 'eslint-cdk-plugin';
import globals from 'globals';
import { boundaries } from './eslint.boundaries.js';

const root = import.meta.dirname;

export default defineConfig([
  globalIgnores(['cdk.out/', 'cdk.out.*/', '.warta/', 'web/dist/', 'test-results/', 'test/local/fixtures/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // Files outside tsconfig.json's folders (root configs, web build scripts) are typed on their own.
        projectService: { allowDefaultProject: ['*.config.ts', 'web/scripts/*.ts'] },
        tsconfigRootDir: root,
        extraFileExtensions: ['.svelte'],
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // The code matches control characters on purpose: it strips or refuses them in mail
      // headers, file names and submitted text (header injection, hidden characters).
      'no-control-regex': 'off',
      // `String(value ?? '')` turns unknown input (escapers, wire JSON) into text on purpose;
      // `unknown ?? ''` types as `{}`, which this rule takes for an object without toString.
      '@typescript-eslint/no-base-to-string': 'off',
      // A destructuring that declares one reassigned name stays `let` whole, and a `let`
      // that closures read before its one assignment (the local cloud's wiring) stays `let`.
      'prefer-const': ['error', { destructuring: 'all', ignoreReadBeforeAssign: true }],
      // `_name` is how the code says "deliberately unused" (a handler's context, a skipped tuple slot).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },

  // Plain ES modules run by Node as they are (worker threads, the cold-start probe, the configs):
  // no TypeScript program to type them with.
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },

  // The web app: Svelte 5 components, their TypeScript parsed by typescript-eslint with types.
  svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser },
      globals: globals.browser,
    },
    rules: {
      // `let { ... } = $props()` is how Svelte declares props; svelte/prefer-const, which
      // knows the runes, stands in for the core rule here.
      'prefer-const': 'off',
      'svelte/prefer-const': ['error', { destructuring: 'all' }],
      // A type exported by another component reaches this one through the ambient `*.svelte`
      // module (web/src/env.d.ts), which has no named exports: typescript-eslint sees an
      // error type there. The component tests (test/web) exercise what these rules would check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Components take a domain object whole (a row, a receipt) and show the fields they need.
      'svelte/no-unused-props': 'off',
      // `{' · '}` keeps the spaces around a separator, which as bare text a formatter may fold.
      'svelte/no-useless-mustaches': 'off',
    },
  },

  // The CDK app: construct rules where constructs are built.
  {
    files: ['infra/**/*.ts'],
    ignores: ['infra/local/**', 'infra/local-cloud/**', 'infra/cli/**', 'infra/doctor/**', 'infra/tools/**'],
    extends: [cdk.configs.recommended],
  },

  // The CDK app exposes its L2 constructs (Table, Bucket, StateMachine...) so the stack can
  // wire grants, alarms and the dashboard with their own methods, which the I-interfaces lack.
  {
    files: ['infra/**/*.ts'],
    rules: { 'cdk/no-construct-in-public-property-of-construct': 'off', 'cdk/no-construct-in-interface': 'off' },
  },

  // Tests and benchmarks read API, CLI and wire responses as untyped JSON and assert on them:
  // an assertion that fails is the check. Fakes implement async interfaces without awaiting, and
  // `expect(store.method)` passes methods unbound by design.
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  // The local cloud reads CloudFormation templates and AWS wire payloads as the JSON they are,
  // and drives untyped emulators (s3rver, dynalite); their shapes are checked where they are used.
  {
    files: ['infra/local/**', 'infra/local-cloud/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Its interfaces declare `close`, `log` and `resolve` as methods, and every one of them
      // is a closure that uses no `this`.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  ...boundaries,
]);
