/**
 * Step Functions' JSON protocol over signed requests (aws-http.ts). Timestamps arrive as
 * epoch seconds; `dateOf` makes a Date of one, as the SDK would give it.
 */
import { jsonCall } from './aws-http.js';

export function sfnCall<T>(operation: string, input: object): Promise<T> {
  return jsonCall<T>('states', `AWSStepFunctions.${operation}`, input);
}

/** A wire timestamp (epoch seconds, or an ISO string from some emulators) as a Date. */
export function dateOf(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
}
