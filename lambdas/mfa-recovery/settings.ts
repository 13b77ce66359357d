/**
 * Defaults of the MFA-recovery knobs, each overridable by the environment variable of the same name
 * (the CDK stack sets them all). Shared by the Lambda composition and the stack, so they cannot drift.
 * A known public implementation of this flow holds its answers for 5 s.
 */
export const MFA_RECOVERY_DEFAULTS = {
  MIN_RESPONSE_MS: 5_000,
  RECOVERY_LIMIT_WINDOW_SECONDS: 3_600,
  RECOVERY_REQUEST_LIMIT_PER_ACCOUNT: 5,
  RECOVERY_REQUEST_LIMIT_PER_IP: 20,
  RECOVERY_CONFIRM_LIMIT_PER_IP: 20,
  /** Recovery-code uses per source IP, and per email from one source IP: counted before the password is checked. */
  RECOVERY_CODE_LIMIT_PER_IP: 20,
  RECOVERY_CODE_LIMIT_PER_ACCOUNT_AND_IP: 5,
  /** Recovery-code uses per account, counting only callers who proved the password (a stranger cannot use them up). */
  RECOVERY_CODE_LIMIT_PER_ACCOUNT: 5,
  /**
   * How long after an email-based password reset self-serve MFA recovery is refused (a week): whoever
   * holds the mailbox can reset the password, so the mailbox plus license data must not also reset
   * the authenticator. An admin MFA reset stays possible. 0 turns the cooling-off off.
   */
  RECOVERY_COOLING_OFF_SECONDS: 7 * 24 * 3_600,
} as const;

export type MfaRecoveryKnob = keyof typeof MFA_RECOVERY_DEFAULTS;
