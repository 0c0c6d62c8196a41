/**
 * Step Functions' JSON protocol over signed requests (aws-http.ts). Timestamps arrive as
 * epoch seconds; `dateOf` makes a Date of one, as the SDK would give it.
 */
import { awsRequest, jsonError } from './aws-http.js';

export async function sfnCall<T>(operation: string, input: object): Promise<T> {
  const res = await awsRequest(
    {
      service: 'states',
      method: 'POST',
      path: '/',
      headers: { 'Content-Type': 'application/x-amz-json-1.0', 'X-Amz-Target': `AWSStepFunctions.${operation}` },
      body: JSON.stringify(input),
    },
    jsonError,
  );
  return JSON.parse(res.body.toString('utf8') || '{}') as T;
}

/** A wire timestamp (epoch seconds, or an ISO string from some emulators) as a Date. */
export function dateOf(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
}
