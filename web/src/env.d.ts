// Lets `tsc` (which does not read .svelte files) type the imports of components.
declare module '*.svelte' {
  import type { Component } from 'svelte';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const component: Component<any>;
  export default component;
}

/** Replaced at build time by vite.config.ts `define` with functions/domain/config.ts's DEFAULT_NEWS_TYPES. */
declare const __WARTA_NEWS_TYPES__: Record<string, { id: string; en: string }>;

/** Vite's `?worker` import: a Worker constructor for a file the build emits. */
declare module '*?worker' {
  const WorkerConstructor: new () => Worker;
  export default WorkerConstructor;
}
