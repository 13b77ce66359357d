/** A limit of `max` attempts per fixed window of `windowSeconds`. */
export interface AttemptLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** Counts attempts per subject (an account, a source IP) in fixed windows. Implemented over DynamoDB. */
export interface RateLimiter {
  /**
   * Records one attempt by `subject` within `scope` (e.g. "mfa-request-ip").
   * @returns `true` while the attempt is within `limit`, `false` once it is over.
   */
  tryAttempt(scope: string, subject: string, limit: AttemptLimit): Promise<boolean>;
}
