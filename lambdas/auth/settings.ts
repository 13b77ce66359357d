/**
 * Defaults of the first-sign-in knobs, each overridable by the environment variable of the same name
 * (the CDK stack sets them all). Shared by the Lambda composition and the stack, so they cannot drift.
 */
export const FIRST_SIGN_IN_DEFAULTS = {
  /**
   * Every refusal takes at least this long: well above the time Cognito takes to refuse a wrong
   * password, an unknown, a confirmed or a disabled user, so their answers cannot be told apart.
   */
  FIRST_SIGN_IN_MIN_RESPONSE_MS: 2_000,
  FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS: 900,
  /**
   * Attempts per account (username) from one source IP per window: an invitee mistyping a few times
   * stays well within it, and a stranger's attempts from elsewhere never count against the invitee's.
   * There is deliberately no per-account ceiling across IPs: any such ceiling is a lockout lever for
   * whoever controls enough addresses. Guessing is bounded instead by the per-IP limit, Cognito's own
   * per-user sign-in lockout and threat protection, and the temporary password's expiry.
   */
  FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP: 10,
  /** Attempts from one source IP per window, whichever accounts they name. */
  FIRST_SIGN_IN_LIMIT_PER_IP: 50,
} as const;

export type FirstSignInKnob = keyof typeof FIRST_SIGN_IN_DEFAULTS;
