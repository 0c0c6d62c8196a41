/**
 * The one place where results and typed domain errors become API Gateway v2 responses.
 * Errors are `{"error": {"code", "message", "fields"?}}` with the message in Indonesian,
 * or English when Accept-Language prefers it. Unknown errors are a 500 with a generic
 * message and a log line; a stack trace never reaches a response.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
// The error class by name: `z.core.$ZodError` would bring all of zod's core into the bundle.
import { $ZodError } from 'zod/v4/core';
import { DomainError, Invalid, TooManyRequests, type FieldProblem } from '#domain/errors.js';
import { hasMessage, localeFromAcceptLanguage, message, type Locale } from '#domain/messages.js';
import { logger } from '#runtime/logger.js';
import { withSourceStack } from '#runtime/source-stack.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

export interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Set-Cookie values (payload format 2.0 carries them apart from the headers). */
  cookies?: string[];
}

export interface RequestContext {
  locale: Locale;
  lambda?: Context;
}

const BASE_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export function header(event: HttpEvent, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === lower) return v;
  return undefined;
}

export function localeOf(event: HttpEvent): Locale {
  return localeFromAcceptLanguage(header(event, 'accept-language'));
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { statusCode: status, headers: { ...BASE_HEADERS, ...headers }, body: body === undefined ? '' : JSON.stringify(body) };
}

/** A zod error as the list of wrong fields, each with its catalogue key. */
export function fieldProblems(error: $ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    key: hasMessage(issue.message) ? issue.message : issue.code === 'too_big' ? 'invalid.tooLong' : 'invalid.field',
  }));
}

export function errorResponse(error: unknown, locale: Locale): HttpResponse {
  if (error instanceof $ZodError) error = new Invalid('invalid.fields', {}, fieldProblems(error));
  if (error instanceof DomainError) {
    const fields = error instanceof Invalid ? error.fields : [];
    const params = { ...error.params };
    if (fields.length > 0 && params.fields === undefined) {
      params.fields = fields.map((f) => `${f.path} (${message(f.key, locale, f.params)})`).join('; ');
    }
    const body: Record<string, unknown> = { code: error.code, message: message(error.key, locale, params) };
    if (fields.length > 0) body.fields = fields.map((f) => ({ path: f.path, code: f.key, message: message(f.key, locale, f.params) }));
    return json(error.status, { error: body }, error instanceof TooManyRequests ? { 'retry-after': String(error.retryAfterSeconds) } : {});
  }
  logger.error('unhandled error', withSourceStack(error as Error));
  return json(500, { error: { code: 'server-error', message: message('server.error', locale) } });
}

/** Parses the JSON body (base64 too) with a schema; bad JSON or bad fields are a 400. */
export function parseBody<S extends z.ZodMiniType>(event: HttpEvent, schema: S): z.output<S> {
  let raw: unknown = {};
  if (event.body) {
    const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
    try {
      raw = JSON.parse(text);
    } catch {
      throw new Invalid('invalid.body');
    }
  }
  return parseWith(schema, raw);
}

export function parseWith<S extends z.ZodMiniType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new Invalid('invalid.fields', {}, fieldProblems(result.error));
  return result.data;
}

/** Wraps a route: the function returns a result or throws; this turns both into a response. */
export function httpHandler(fn: (event: HttpEvent, ctx: RequestContext) => Promise<HttpResult>) {
  return async (event: HttpEvent, lambda?: Context): Promise<HttpResponse> => {
    const locale = localeOf(event);
    // A warm container serves many requests: yesterday's release id must not tag today's log.
    logger.resetKeys();
    if (lambda) logger.addContext(lambda);
    try {
      const result = await fn(event, { locale, lambda });
      const response = json(result.status, result.body, result.headers);
      return result.cookies?.length ? { ...response, cookies: result.cookies } : response;
    } catch (error) {
      if (error instanceof DomainError) logger.info('request refused', { route: event.routeKey, code: error.code, key: error.key });
      return errorResponse(error, locale);
    }
  };
}
