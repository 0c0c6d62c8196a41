/**
 * The one retry policy of Warta's AWS calls: the SDK's own standard mode, three attempts
 * in all (unless AWS_MAX_ATTEMPTS says otherwise), with its exponential backoff, full jitter and retry quota
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html). Every
 * client of functions/adapters/clients takes it, and no code wraps a client call in a loop of
 * its own: a call that still fails after these attempts fails the invocation, and the
 * state machine's Retry (infra/cdk/workflow/definition.ts) runs the stage again later, its
 * idempotency keys keeping what was done the first time.
 */
export const SDK_RETRY = { retryMode: 'standard', maxAttempts: maxAttempts() } as const;

/** AWS_MAX_ATTEMPTS, the SDK's own setting, still rules where it is set (benches and tests set 1). */
function maxAttempts(): number {
  const fromEnv = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 3;
}
