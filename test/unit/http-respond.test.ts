import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { Conflict, Expired, Gone, Invalid, NotFound, TooLarge, Unsupported } from '../../functions/domain/errors.js';
import { localeFromAcceptLanguage, message, MESSAGES } from '../../functions/domain/messages.js';
import { submissionSchema, taskActionSchema, uploadRequestSchema } from '../../functions/domain/submission.js';
import { errorResponse, httpHandler, parseBody } from '../../functions/adapters/http/respond.js';

process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const body = (r: { body?: string }) =>
  JSON.parse(r.body ?? '{}') as { error: { code: string; message: string; fields?: { path: string; code: string }[] } };
const event = (init: { body?: string; lang?: string } = {}) =>
  ({ routeKey: 'POST /x', headers: init.lang ? { 'Accept-Language': init.lang } : {}, body: init.body, isBase64Encoded: false }) as never;

describe('typed errors become responses in one place', () => {
  it.each([
    [new Invalid('invalid.body'), 400, 'invalid'],
    [new NotFound('task.notFound'), 404, 'not-found'],
    [new Conflict('task.done', { actor: 'Rahmat', at: '1 Mei' }), 409, 'conflict'],
    [new Gone('task.superseded'), 410, 'gone'],
    [new Expired('task.expired'), 410, 'expired'],
    [new TooLarge('upload.tooLarge', { max: '2 GB' }), 413, 'too-large'],
    [new Unsupported('upload.typeNotAllowed'), 415, 'unsupported-type'],
  ])('%s', (error, status, code) => {
    // Act
    const res = errorResponse(error, 'id');
    // Assert
    expect(res.statusCode).toBe(status);
    expect(body(res).error.code).toBe(code);
    expect(body(res).error.message).toBe(message(error.key, 'id', error.params));
    expect(body(res).error.message).not.toMatch(/\{\w+\}/);
  });

  it('speaks English only when asked', () => {
    expect(body(errorResponse(new Conflict('task.done', { actor: 'Rahmat', at: '1 May' }), 'en')).error.message).toBe(
      'This task was already done by Rahmat at 1 May. Nothing more is needed.',
    );
    expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(localeFromAcceptLanguage('fr, en;q=0.5')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0, id')).toBe('id');
    expect(localeFromAcceptLanguage(undefined)).toBe('id');
  });

  it('lists each wrong field of a zod error with its message', () => {
    // Prepare
    const parsed = submissionSchema.safeParse({
      newsType: 'Bad Type',
      title: '',
      body: 'x',
      submitter: { name: 'A', institution: 'B', email: 'nope' },
    });
    // Act
    const res = errorResponse(parsed.error, 'en');
    // Assert
    expect(res.statusCode).toBe(400);
    const fields = body(res).error.fields!;
    expect(fields.map((f) => f.path).sort()).toEqual(['newsType', 'submitter.email', 'title']);
    expect(fields.find((f) => f.path === 'title')!.code).toBe('invalid.required');
    expect(body(res).error.message).toContain('title (This field is required.)');
  });

  it('never shows a stack trace: unknown errors are a generic 500', async () => {
    // Prepare
    const handler = httpHandler(async () => {
      throw new Error('secret database detail at /var/task/index.js:12');
    });
    // Act
    const res = await handler(event({ lang: 'en' }));
    // Assert
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain('secret');
    expect(res.body).not.toContain('index.js');
    expect(body(res).error.message).toBe(MESSAGES['server.error'].en);
  });

  it('turns bad JSON into a 400 and parses a good body', async () => {
    // Prepare
    const handler = httpHandler(async (e) => ({ status: 201, body: parseBody(e, uploadRequestSchema) }));
    // Act
    const bad = await handler(event({ body: '{"filename":' }));
    const good = await handler(event({ body: JSON.stringify({ filename: 'a.jpg', contentType: 'image/jpeg', size: 3 }) }));
    const encoded = parseBody(
      { body: Buffer.from('{"x":1}').toString('base64'), isBase64Encoded: true } as never,
      z.object({ x: z.number() }),
    );
    // Assert
    expect(bad.statusCode).toBe(400);
    expect(body(bad).error.message).toBe(MESSAGES['invalid.body'].id);
    expect(good.statusCode).toBe(201);
    expect(good.headers?.['content-type']).toContain('application/json');
    expect(encoded).toEqual({ x: 1 });
  });
});

describe('the message catalogue', () => {
  it('has Indonesian and English for every key, with the same placeholders', () => {
    for (const [key, text] of Object.entries(MESSAGES)) {
      expect(text.id, key).not.toBe('');
      expect(text.en, key).not.toBe('');
      const names = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(names(text.id), key).toEqual(names(text.en));
    }
  });

  it('covers every message key the shared schemas use', () => {
    // Prepare: collect the keys from the failures of deliberately bad inputs
    const results = [
      submissionSchema.safeParse({
        newsType: 1,
        title: 'a'.repeat(300),
        body: '\u0001',
        eventDate: 'x',
        submitter: { name: '', institution: 'i', email: 'x', phone: 'abc' },
        attachments: ['bad'],
      }),
      uploadRequestSchema.safeParse({ filename: '../a', contentType: 'x', size: 0.5 }),
      taskActionSchema.safeParse({ action: 'dispose', assignees: [], arahan: '', urgency: 'biasa' }),
    ];
    // Act
    const keys = results.flatMap((r) => r.error?.issues.map((i) => i.message) ?? []).filter((m) => /^invalid\./.test(m));
    // Assert
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(Object.keys(MESSAGES), key).toContain(key);
  });
});
