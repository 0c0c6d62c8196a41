import { configDefaults, defineConfig } from 'vitest/config';

// One runner for the whole repository. Slow suites (infra synth, local cloud, browser)
// get generous timeouts because CI machines are shared; no test asserts on timing.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
    projects: [
      // Everything in Node, except the web app's component tests...
      // globalSetup synthesizes cdk.out once per run when it is stale (test/support/global-setup.ts).
      { extends: true, test: { name: 'node', exclude: [...configDefaults.exclude, 'test/web/**'], globalSetup: ['test/support/global-setup.ts'] } },
      // ...which need the Svelte compiler and a DOM (web/vitest.config.ts).
      'web/vitest.config.ts',
    ],
  },
});
