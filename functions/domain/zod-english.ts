/**
 * zod/mini ships no message texts: on its own an issue says only "Invalid input". Where
 * people read zod's own words — an office's configuration failing synth, a state's
 * payload in a failed step — parsing with this context gives zod's English messages
 * ("Too small: expected string to have >=1 characters"), as classic zod does by default.
 * Per parse rather than `z.config`, so the web app keeps its own message keys untouched.
 */
import type * as z from 'zod/mini';
// The one locale by name: `z.locales.en` would bring every language zod has into the bundle.
import { en } from 'zod/locales';

export const IN_ENGLISH: z.core.ParseContext<z.core.$ZodIssue> = { error: en().localeError };
