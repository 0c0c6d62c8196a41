/**
 * What every stage form shares: check the decision with the API's own schema before
 * sending, and the shape of the answer the page gives back to the form.
 */
import { taskActionSchema } from '../../lib/domain.js';
import { issuesByPath, messageText } from '../../lib/validation.js';

export type FieldErrors = Record<string, string>;
export type ActResult = { ok: true } | { ok: false; errors: FieldErrors };
/** Sends one decision; resolves with field errors when the server refused the input. */
export type Act = (body: Record<string, unknown>) => Promise<ActResult>;

/** Field messages for a decision, keyed by the top-level field ("quotes.0.by" stays as is). */
export function actionErrors(body: Record<string, unknown>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [path, key] of Object.entries(issuesByPath(taskActionSchema, body))) errors[path || 'action'] = messageText(key);
  return errors;
}

/**
 * Checks a decision with the schema, then sends it; `busy` is on while it is in flight.
 * A decision the schema refuses is not sent and resolves as the server's refusal would.
 */
export async function checkedAct(body: Record<string, unknown>, act: Act, busy: (on: boolean) => void): Promise<ActResult> {
  const errors = actionErrors(body);
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  busy(true);
  const result = await act(body);
  busy(false);
  return result;
}

/** The field errors a form shows after an attempt: none when it went through. */
export const errorsOf = (result: ActResult): FieldErrors => (result.ok ? {} : result.errors);

/** Trimmed text, or undefined when empty: optional fields are left out rather than sent as "". */
export const optionalText = (value: string) => (value.trim() === '' ? undefined : value);
