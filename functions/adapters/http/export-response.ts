/**
 * An export file as an HTTP answer, and the query parameters every export reads. Every
 * file carries the SHA-256 of its bytes (x-warta-sha256), so whoever receives it can tell it
 * arrived as it left, and, where the export ran it, the count of releases whose event chain
 * or archived history failed the tamper check (x-warta-problems).
 */
import * as z from 'zod/mini';
import type { ExportFile } from '#domain/audit/export.js';
import { Invalid, TooLarge } from '#domain/errors.js';
import { sha256Hex } from '#domain/ids.js';
import type { HttpResponse } from './respond.js';

/**
 * A synchronous invocation answers at most 6 MB
 * (https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html); base64 makes it 4.5 MB of file.
 */
const MAX_INLINE_BYTES = 4_000_000;
const MAX_DAYS = 366;

const rangeSchema = z
  .object({ from: z.iso.date(), to: z.iso.date() })
  .check(z.refine((r) => r.from <= r.to && (Date.parse(r.to) - Date.parse(r.from)) / 86_400_000 <= MAX_DAYS));

export function auditRange(q: Record<string, string | undefined>): { from: string; to: string } {
  const parsed = rangeSchema.safeParse(q);
  if (!parsed.success) throw new Invalid('audit.badRange');
  return parsed.data;
}

export function auditFormat<T extends string>(q: Record<string, string | undefined>, allowed: readonly T[], fallback: T): T {
  const f = (q.format ?? fallback) as T;
  if (!allowed.includes(f)) throw new Invalid('audit.badFormat', { formats: allowed.join(', ') });
  return f;
}

const MAX_QUERY = 200;

/** The agenda book's search words; longer than anything in a title is a mistake, not a search. */
export function bookQuery(q: Record<string, string | undefined>): string {
  const query = (q.q ?? '').trim();
  if (query.length > MAX_QUERY) throw new Invalid('invalid.tooLong');
  return query;
}

/**
 * A file of any bytes as a payload-2.0 answer: text as it is, anything else base64 with
 * isBase64Encoded, which API Gateway decodes before it answers
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html).
 */
export function download(body: Buffer, contentType: string, filename: string, extra: Record<string, string> = {}): HttpResponse {
  if (body.length > MAX_INLINE_BYTES) throw new TooLarge('audit.tooLarge', { max: MAX_INLINE_BYTES });
  const text = contentType.startsWith('text/') || contentType.startsWith('application/json');
  return {
    statusCode: 200,
    headers: {
      'content-type': contentType,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'x-warta-sha256': sha256Hex(body),
      ...extra,
    },
    body: text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !text,
  };
}

/**
 * `tamperChecked`: the export ran the tamper check over the releases it covers, so its
 * count of problems means something; an export that did not run it says nothing rather
 * than a reassuring zero.
 */
export function fileResponse(f: ExportFile, options: { tamperChecked: boolean }): HttpResponse {
  return download(f.body, f.contentType, f.filename, {
    'x-warta-executions': String(f.executions.length),
    ...(options.tamperChecked ? { 'x-warta-problems': String(f.problems.length) } : {}),
  });
}
