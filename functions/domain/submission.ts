/**
 * The shared input schemas of the HTTP API: the same zod schemas validate at the API
 * edge and in the web form, so the person sees the same message in both places.
 * Messages are message-catalogue keys (see `messages.ts`), turned into Indonesian or
 * English text by whoever shows them.
 */
// A namespace import lets esbuild keep only the parts of zod in use (a named `z` drags in all of it).
import * as z from 'zod';

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

/** A single line of text: trimmed, no control characters (header injection), bounded. */
export function line(max: number) {
  return z
    .string({ error: 'invalid.text' })
    .trim()
    .min(1, 'invalid.required')
    .max(max, 'invalid.tooLong')
    .refine((v) => !CONTROL_CHARS.test(v), 'invalid.controlChars');
}

/** Multi-line text: newlines and tabs allowed, other control characters not. */
export function text(max: number) {
  return z
    .string({ error: 'invalid.text' })
    .trim()
    .min(1, 'invalid.required')
    .max(max, 'invalid.tooLong')
    .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v), 'invalid.controlChars');
}

const isoDate = z.iso.date({ error: 'invalid.date' });

export const uploadRequestSchema = z.object({
  filename: line(LIMITS.filename).refine((v) => !/[\\/]/.test(v) && v !== '.' && v !== '..', 'invalid.filename'),
  contentType: z.string().trim().min(1, 'invalid.required').max(100, 'invalid.tooLong').regex(/^[\w.+-]+\/[\w.+-]+$/, 'invalid.contentType'),
  size: z.number({ error: 'invalid.number' }).int('invalid.number').positive('invalid.size'),
});
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

export const uploadCompleteSchema = z.object({
  parts: z
    .array(
      z.object({
        partNumber: z.number().int().min(1).max(10_000),
        etag: z.string().min(1).max(200),
      }),
    )
    .max(10_000)
    .default([]),
});

/** Upload ids are ULID-like: 26 Crockford base32 characters. */
export const uploadIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'invalid.uploadId');

export const submissionSchema = z.object({
  newsType: z.string({ error: 'invalid.newsType' }).regex(/^[a-z0-9-]{1,40}$/, 'invalid.newsType'),
  title: line(LIMITS.title),
  body: text(LIMITS.body),
  eventDate: isoDate.optional(),
  eventPlace: line(LIMITS.place).optional(),
  submitter: z.object({
    name: line(LIMITS.name),
    institution: line(LIMITS.institution),
    email: z.email({ error: 'invalid.email' }).max(254, 'invalid.tooLong'),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{6,30}$/, 'invalid.phone')
      .optional(),
    locale: z.enum(['id', 'en']).optional(),
  }),
  letter: z
    .object({
      number: line(LIMITS.letterNumber),
      date: isoDate,
    })
    .optional(),
  attachments: z.array(uploadIdSchema).max(50, 'invalid.tooMany').default([]),
});
export type Submission = z.infer<typeof submissionSchema>;

/** Task decisions (POST /api/tasks/{linkId}); which are allowed depends on the stage. */
export const URGENCIES = ['biasa', 'segera', 'sangat-segera'] as const;
const note = text(LIMITS.note);

export const taskActionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('dispose'),
    assignees: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/)).min(1, 'invalid.required').max(10),
    arahan: note,
    urgency: z.enum(URGENCIES),
    dueDate: isoDate.optional(),
  }),
  z.object({ action: z.literal('accept'), note: note.optional(), officer: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).optional() }),
  z.object({
    action: z.enum(['save-draft', 'submit']),
    title: line(LIMITS.title),
    lead: text(2_000).optional(),
    body: text(LIMITS.body),
    quotes: z.array(z.object({ text: text(2_000), by: line(LIMITS.name) })).max(20).default([]),
    photos: z.array(z.object({ uploadId: uploadIdSchema, caption: text(500).optional() })).max(50).default([]),
    note: note.optional(),
  }),
  z.object({ action: z.literal('approve'), paraf: line(LIMITS.name), note: note.optional() }),
  z.object({ action: z.literal('revise'), note }),
  z.object({ action: z.literal('reject'), reason: note }),
]);
export type TaskAction = z.infer<typeof taskActionSchema>;
