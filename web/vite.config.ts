import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { DEFAULT_NEWS_TYPES } from '../functions/domain/config.js';

// Paths come from this file's folder, so the build works from any working directory.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  // Relative asset URLs would break deep links (/s/<id>, /t/<linkId>); the app is served at the origin root.
  base: '/',
  plugins: [svelte()],
  // The news types come from the shared domain at build time: importing config.ts in the
  // browser would also ship the office-config schemas (≈4 kB gzipped) the form never uses.
  define: { __WARTA_NEWS_TYPES__: JSON.stringify(DEFAULT_NEWS_TYPES) },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // scripts/size.ts reads the manifest to add up what the submit page loads.
    manifest: true,
  },
  server: {
    // `vite dev` proxies the API to a running `npm start` (see .warta/endpoints.json).
    proxy: process.env.WARTA_API ? { '/api': process.env.WARTA_API } : undefined,
  },
});
