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
} as const;

export type MfaRecoveryKnob = keyof typeof MFA_RECOVERY_DEFAULTS;
