/**
 * Typed domain errors. Domain code and stores throw these; `functions/adapters/http/respond.ts`
 * is the one place that turns them into HTTP responses, and stage Lambdas let them
 * surface under their class name so a state machine's Retry/Catch can tell them apart.
 * Each carries a message-catalogue key (`messages.ts`) and the values it interpolates,
 * never a ready-made sentence, so the person reads it in their own language.
 */

export type MessageParams = Record<string, string | number>;

/** One wrong field of an input, for a 400 that lists each of them. */
export interface FieldProblem {
  path: string;
  key: string;
  params?: MessageParams;
}

export abstract class DomainError extends Error {
  /** Machine-readable code in the API's `{"error": {"code"}}`. */
  abstract readonly code: string;
  abstract readonly status: number;
  constructor(
    readonly key: string,
    readonly params: MessageParams = {},
  ) {
    super(key);
  }
}

export class Invalid extends DomainError {
  override name = 'Invalid';
  readonly code = 'invalid';
  readonly status = 400;
  constructor(
    key: string,
    params: MessageParams = {},
    readonly fields: FieldProblem[] = [],
  ) {
    super(key, params);
  }
}

/** A request the API will not take from where it came (a foreign Origin). */
export class Forbidden extends DomainError {
  override name = 'Forbidden';
  readonly code = 'forbidden';
  readonly status = 403;
}

/** A desk route called without a live session: sign in first. */
export class SignInNeeded extends DomainError {
  override name = 'SignInNeeded';
  readonly code = 'sign-in-needed';
  readonly status = 401;
}

export class NotFound extends DomainError {
  override name = 'NotFound';
  readonly code = 'not-found';
  readonly status = 404;
}

export class Conflict extends DomainError {
  override name = 'Conflict';
  readonly code = 'conflict';
  readonly status = 409;
}

/** The thing existed but can no longer be used: an expired, superseded or spent link. */
export class Gone extends DomainError {
  override name = 'Gone';
  readonly code: string = 'gone';
  readonly status = 410;
}

export class Expired extends Gone {
  override name = 'Expired';
  override readonly code = 'expired';
}

export class TooLarge extends DomainError {
  override name = 'TooLarge';
  readonly code = 'too-large';
  readonly status = 413;
}

export class Unsupported extends DomainError {
  override name = 'Unsupported';
  readonly code = 'unsupported-type';
  readonly status = 415;
}

/** A caller past one of the office's limits; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequests extends DomainError {
  override name = 'TooManyRequests';
  readonly code = 'too-many-requests';
  readonly status = 429;
  constructor(
    key: string,
    readonly retryAfterSeconds: number,
    params: MessageParams = {},
  ) {
    super(key, params);
  }
}

/**
 * A submission without a valid, unexpired and unused proof-of-work: the sender solves a
 * new challenge and sends again. Its own code lets the form know to start the widget anew.
 */
export class CaptchaRefused extends DomainError {
  override name = 'CaptchaRefused';
  readonly code = 'captcha';
  readonly status = 400;
}
