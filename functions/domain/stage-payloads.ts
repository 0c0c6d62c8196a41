/**
 * The schemas of what the state machine hands each stage Lambda (the shapes are in
 * workflow.ts). A stage parses its payload first thing, so a payload that does not match
 * fails at once with the field named (functions/runtime/stage.ts turns zod's error into
 * Warta.InvalidPayload), not later as an undefined read halfway through the stage.
 */
import * as z from 'zod/mini';
import { HUMAN_STAGE_KINDS, STAGE_KINDS } from './profiles.js';
import type { FailurePayload, HumanStagePayload, StagePayload } from './workflow.js';
import { IN_ENGLISH } from './zod-english.js';

const releaseId = z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/));
const nonEmpty = z.string().check(z.minLength(1));

/** What the state machine gives every stage it invokes (workflow.ts StagePayload). */
const stageFields = {
  releaseId,
  stageId: nonEmpty,
  kind: z.enum(STAGE_KINDS),
  executionId: nonEmpty,
  enteredAt: z.string(),
  outcome: z.optional(z.enum(['published', 'rejected'])),
};

/**
 * An automated stage's payload. The state machine gives every field; a stage invoked by
 * hand (a re-run from the console) may give the release alone, so the rest has defaults.
 */
export function automatedStagePayload(stageId: string) {
  return z.object({
    ...stageFields,
    stageId: z._default(nonEmpty, stageId),
    kind: z.optional(stageFields.kind),
    executionId: z.optional(nonEmpty),
    enteredAt: z.optional(z.string()),
  });
}

/** register: it writes the execution on the release, so every field is required. */
const registerPayloadSchema = z.object(stageFields);

const humanStagePayloadSchema = z.object({
  ...stageFields,
  kind: z.enum(HUMAN_STAGE_KINDS),
  taskToken: nonEmpty,
  round: z.int().check(z.positive()),
});

/** The Catch path: the error may be missing when a stage failed without one. */
const failurePayloadSchema = z.object({
  releaseId,
  executionId: nonEmpty,
  error: z._default(z.nullable(z.object({ Error: z.optional(z.nullable(z.string())), Cause: z.optional(z.nullable(z.string())) })), {}),
  stageId: nonEmpty,
});

export function parseStagePayload(input: unknown): StagePayload {
  return registerPayloadSchema.parse(input, IN_ENGLISH);
}

export function parseHumanStagePayload(input: unknown): HumanStagePayload {
  return humanStagePayloadSchema.parse(input, IN_ENGLISH);
}

export function parseFailurePayload(input: unknown): FailurePayload {
  const parsed = failurePayloadSchema.parse(input, IN_ENGLISH);
  return { ...parsed, error: { Error: parsed.error?.Error ?? undefined, Cause: parsed.error?.Cause ?? undefined } };
}
