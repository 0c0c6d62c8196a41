/**
 * The shared contracts the web app uses, in one place (the import rules let only this file
 * and the i18n catalogues reach functions/): the same zod schemas the API validates with,
 * the same date and size formats, the API's response types, and the default news types
 * (copied in at build time). Imported from a .ts file so the `.js` specifiers of
 * functions/domain resolve to their TypeScript sources in Vite.
 */
export { wordChanges, textLines, hasChanges, type TextChange } from '../../../functions/domain/text-changes.js';
export { submissionSchema, uploadRequestSchema, taskActionSchema, LIMITS, URGENCIES } from '../../../functions/domain/submission.js';
export { formatBytes, formatDateTime } from '../../../functions/domain/format.js';
export type { Locale } from '../../../functions/domain/messages.js';
export { LINK_HEADER, STATUS_KEY_HEADER } from '../../../functions/domain/secret-headers.js';
export type { Correction, PublishableText } from '../../../functions/domain/correction.js';
export type { VerificationView } from '../../../functions/domain/verification.js';

/** functions/domain/config.ts's DEFAULT_NEWS_TYPES, put in by the build (see vite.config.ts). */
export const DEFAULT_NEWS_TYPES: Record<string, { id: string; en: string }> = __WARTA_NEWS_TYPES__;

/** How long a confirmation link works and an unconfirmed request is kept (functions/domain/confirmation.ts). */
export { CONFIRMATION_LINK_HOURS, UNCONFIRMED_KEEP_HOURS } from '../../../functions/domain/confirmation.js';

/** The roles, the groups of them the desk admits, and the media types the directory page offers. */
export { ROLES, OFFICE_ROLES, AGENDA_READERS, VOIDING_ROLES, MEDIA_TYPES } from '../../../functions/domain/roles.js';
