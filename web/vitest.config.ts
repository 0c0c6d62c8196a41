import { fileURLToPath } from 'node:url';
import { defineProject, mergeConfig } from 'vitest/config';
import { svelteTesting } from '@testing-library/svelte/vite';
import viteConfig from './vite.config.js';

// The web app's component tests (test/web): the app's own Vite config (Svelte plugin,
// build-time defines) in a happy-dom window, with Svelte's browser build.
export default mergeConfig(
  viteConfig,
  defineProject({
    plugins: [svelteTesting()],
    test: {
      name: 'web',
      // Tests live under test/web at the repository root, not under web/.
      root: fileURLToPath(new URL('..', import.meta.url)),
      include: ['test/web/**/*.test.ts'],
      environment: 'happy-dom',
      testTimeout: 60_000,
    },
  }),
);
