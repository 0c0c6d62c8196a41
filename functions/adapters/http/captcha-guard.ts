/**
 * The captcha of POST /api/releases as the handler uses it: check the `altcha` field of the
 * body before anything costly, spend it once the submission is known to be valid.
 */
import { sha256Hex } from '#domain/ids.js';
import { checkSolution, spendSolution } from '#usecases/captcha.js';
import { header, type HttpEvent } from './respond.js';

export interface CheckedCaptcha {
  spend(): Promise<void>;
}

/** Call after the body has parsed: its `altcha` field is read from the same JSON. */
export async function requireCaptcha(event: HttpEvent): Promise<CheckedCaptcha> {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const altcha = (JSON.parse(text || '{}') as { altcha?: unknown }).altcha;
  // The same Idempotency-Key is the same request repeated: it may bring the same solution again.
  const idempotencyKey = header(event, 'idempotency-key');
  const spentBy = idempotencyKey === undefined ? undefined : sha256Hex(`captcha/${idempotencyKey}`);
  const proof = await checkSolution(altcha, spentBy);
  return { spend: () => spendSolution(proof, spentBy) };
}
