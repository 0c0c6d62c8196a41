/**
 * Turns the shared zod schemas' issues (and the server's field errors) into one message
 * per field, so the form shows the same words whether the browser or the API caught it.
 */
import type { ZodMiniType } from 'zod/mini';
import { isMessageKey, t } from './i18n/index.svelte.js';
import type { FieldProblem } from './api.js';

export type FieldErrors = Record<string, string>;

/** First message key per dotted path ("submitter.email" → "invalid.email"). */
export function issuesByPath(schema: ZodMiniType, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] ??= issue.message;
  }
  return errors;
}

/** Server field errors keyed the same way; the server may send keys or finished sentences. */
export function problemsByPath(problems: FieldProblem[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const p of problems) errors[p.path] ??= p.message;
  return errors;
}

/** A catalogue key becomes text in the current language; anything else is shown as sent. */
export function messageText(message: string): string {
  if (isMessageKey(message)) return t(message);
  // zod's own messages (no key) are English sentences meant for developers: say it plainly.
  return /^(Invalid|Expected|Too )/.test(message) ? t('invalid.field') : message;
}
