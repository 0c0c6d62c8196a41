/**
 * The shared input schemas of the HTTP API: the same zod schemas validate at the API
 * edge and in the web form, so the person sees the same message in both places.
 * Messages are message-catalogue keys (see `messages.ts`), turned into Indonesian or
 * English text by whoever shows them.
 */
// zod/mini: the same validation core as classic zod, as functions esbuild can leave out when
// unused, so the Lambda bundles (and the web app) carry only the checks these schemas use.
import * as z from 'zod/mini';

/** Characters that must never reach a mail header or a file name. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

export const LIMITS = {
  title: 200,
  body: 50_000,
  name: 120,
  institution: 200,
  place: 200,
  phone: 30,
  note: 2_000,
  filename: 200,
  letterNumber: 100,
} as const;

/** Text people type: trimmed, required, bounded, without the control characters `forbidden` names. */
function typedText(max: number, forbidden: RegExp) {
  return z.string({ error: 'invalid.text' }).check(
    z.trim(),
    z.minLength(1, 'invalid.required'),
    z.maxLength(max, 'invalid.tooLong'),
    z.refine((v) => !forbidden.test(v), 'invalid.controlChars'),
  );
}

/** A single line of text: no control characters at all (header injection). */
export function line(max: number) {
  return typedText(max, CONTROL_CHARS);
}

/** Multi-line text: newlines and tabs allowed, other control characters not. */
export function text(max: number) {
  return typedText(max, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
}

const isoDate = () => z.iso.date({ error: 'invalid.date' });

// Each request schema is built the first time it parses (z.lazy): every API function
// imports this module for one or two of them, and building them all at load was a tenth
// of a cold start (`npm run bench:lambda`).
export const uploadRequestSchema = z.lazy(() =>
  z.object({
    filename: line(LIMITS.filename).check(z.refine((v) => !/[\\/]/.test(v) && v !== '.' && v !== '..', 'invalid.filename')),
    contentType: z
      .string()
      .check(
        z.trim(),
        z.minLength(1, 'invalid.required'),
        z.maxLength(100, 'invalid.tooLong'),
        z.regex(/^[\w.+-]+\/[\w.+-]+$/, 'invalid.contentType'),
      ),
    size: z.number({ error: 'invalid.number' }).check(z.int('invalid.number'), z.positive('invalid.size')),
  }),
);
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

export const uploadCompleteSchema = z.lazy(() =>
  z.object({
    parts: z._default(
      z
        .array(
          z.object({
            partNumber: z.number().check(z.int(), z.gte(1), z.lte(10_000)),
            etag: z.string().check(z.minLength(1), z.maxLength(200)),
          }),
        )
        .check(z.maxLength(10_000)),
      [],
    ),
  }),
);

/** Upload ids are ULID-like: 26 Crockford base32 characters. */
export const uploadIdSchema = z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'invalid.uploadId'));

export const submissionSchema = z.lazy(() =>
  z.object({
    newsType: z.string({ error: 'invalid.newsType' }).check(z.regex(/^[a-z0-9-]{1,40}$/, 'invalid.newsType')),
    title: line(LIMITS.title),
    body: text(LIMITS.body),
    eventDate: z.optional(isoDate()),
    eventPlace: z.optional(line(LIMITS.place)),
    submitter: z.object({
      name: line(LIMITS.name),
      institution: line(LIMITS.institution),
      email: z.email({ error: 'invalid.email' }).check(z.maxLength(254, 'invalid.tooLong')),
      phone: z.optional(z.string().check(z.trim(), z.regex(/^\+?[0-9 ()-]{6,30}$/, 'invalid.phone'))),
      locale: z.optional(z.enum(['id', 'en'])),
    }),
    letter: z.optional(
      z.object({
        number: line(LIMITS.letterNumber),
        date: isoDate(),
      }),
    ),
    attachments: z._default(z.array(uploadIdSchema).check(z.maxLength(50, 'invalid.tooMany')), []),
  }),
);
export type Submission = z.infer<typeof submissionSchema>;

/** Task decisions (POST /api/tasks/{linkId}); which are allowed depends on the stage. */
export const URGENCIES = ['biasa', 'segera', 'sangat-segera'] as const;
export const taskActionSchema = z.lazy(() => {
  const note = text(LIMITS.note);
  const personId = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/));
  const publishable = {
    title: line(LIMITS.title),
    lead: z.optional(text(2_000)),
    body: text(LIMITS.body),
    quotes: z._default(z.array(z.object({ text: text(2_000), by: line(LIMITS.name) })).check(z.maxLength(20)), []),
    photos: z._default(z.array(z.object({ uploadId: uploadIdSchema, caption: z.optional(text(500)) })).check(z.maxLength(50)), []),
  };
  const parafCode = z.string().check(z.regex(/^\d{6}$/, 'invalid.parafCode'));
  return z.discriminatedUnion('action', [
    z.object({
      action: z.literal('dispose'),
      assignees: z.array(personId).check(z.minLength(1, 'invalid.required'), z.maxLength(10)),
      arahan: note,
      urgency: z.enum(URGENCIES),
      dueDate: z.optional(isoDate()),
    }),
    z.object({ action: z.literal('accept'), note: z.optional(note), officer: z.optional(personId) }),
    z.object({ action: z.enum(['save-draft', 'submit']), ...publishable, note: z.optional(note) }),
    // The paraf is the link owner's record, made by the server (paraf.ts), never typed.
    // `correction`: the whole text as the reviewer corrected it in place (correction.ts).
    z.object({
      action: z.literal('approve'),
      note: z.optional(note),
      correction: z.optional(z.object(publishable)),
      parafCode: z.optional(parafCode),
    }),
    z.object({ action: z.literal('revise'), note, parafCode: z.optional(parafCode) }),
    z.object({ action: z.literal('reject'), reason: note, parafCode: z.optional(parafCode) }),
  ]);
});
export type TaskAction = z.infer<typeof taskActionSchema>;
