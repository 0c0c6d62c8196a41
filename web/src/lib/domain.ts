/**
 * The shared contracts the web app uses, in one place: the same zod schemas the API
 * validates with, and the default news types (copied in at build time). Imported from a .ts file so the `.js`
 * specifiers of functions/domain resolve to their TypeScript sources in Vite.
 */
export { wordChanges, textLines, hasChanges, type TextChange } from '../../../functions/domain/text-changes.js';
export { submissionSchema, uploadRequestSchema, taskActionSchema, LIMITS, URGENCIES } from '../../../functions/domain/submission.js';

/** functions/domain/config.ts's DEFAULT_NEWS_TYPES, put in by the build (see vite.config.ts). */
export const DEFAULT_NEWS_TYPES: Record<string, { id: string; en: string }> = __WARTA_NEWS_TYPES__;
