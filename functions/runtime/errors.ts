/**
 * Signals of the mail path that are not the domain's: SES throttling and a mail held by
 * another invocation. The mailer raises them, the stage wrapper names them for the state
 * machine's Retry, and the workflow compiler sizes its wait on the mark's margin.
 */

/** SES said slow down: the caller backs off and tries again (Step Functions Retry). */
export class MailThrottled extends Error {
  override name = 'MailThrottled';
}

/** Another invocation is sending the same mail right now; retry later. */
export class MailInFlight extends Error {
  override name = 'MailInFlight';
}

/**
 * How long past its writer's function timeout a "sending" mail mark stands (clock skew
 * between invocations, the time to write the mark): the mailer makes a mark stale then,
 * and the state machine's retries of a held mail outlast it (infra/cdk/workflow/definition.ts).
 */
export const MAIL_MARK_MARGIN_SECONDS = 10;
