import { configDefaults, defineConfig } from 'vitest/config';

// One runner for the whole repository. Slow suites (infra synth, local cloud, browser)
// get generous timeouts because CI machines are shared; no test asserts on timing.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Tests run the SDK on this Node 20 host; the functions' runtime on AWS is Node 22.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // On CI a JSON report too, from which .ci/run prints the plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]] : ['default'],
    projects: [
      // Everything in Node, except the web app's component tests...
      // globalSetup synthesizes cdk.out once per run when it is stale (test/support/global-setup.ts).
      {
        extends: true,
        test: { name: 'node', exclude: [...configDefaults.exclude, 'test/web/**'], globalSetup: ['test/support/global-setup.ts'] },
      },
      // ...which need the Svelte compiler and a DOM (web/vitest.config.ts).
      'web/vitest.config.ts',
    ],
  },
});
