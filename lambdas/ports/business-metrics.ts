import type { AdoptionRefusal } from '../identity/adoption-policy';

/** What the service counts: one CloudWatch metric each (unit Count). */
export type BusinessEvent = 'AdminsProvisioned' | 'InvitationsResent' | 'RecoveryLinksSent' | 'RecoveriesCompleted' | 'RecoveryCodesUsed';

/**
 * Why a request was refused: the `reason` dimension of the `Refusals` metric. A closed set, since
 * every value is a time series of its own (never an id, an email or an error message).
 */
export type RefusalReason =
  /** Provisioning: the Cognito user holding the email may not be taken over (the adoption policy's reason). */
  | `adoption-${AdoptionRefusal}`
  /**
   * Admin MFA reset: the target's Cognito user may not be reset or replaced (the adoption policy's reason, `missing`, or under
   * `recreate` an attribute that cannot be copied); nothing was changed. `blocked`: a recreate stopped half-way (an alert is logged).
   */
  | `admin-mfa-reset-${AdoptionRefusal | 'cognito-user-missing' | 'uncopyable' | 'blocked'}`
  /** An attempt limit of ours said no (first sign-in, resend, MFA recovery). */
  | 'rate-limited'
  /** MFA recovery: the request did not match an account's license, or the password was wrong. */
  | 'recovery-no-match'
  | 'recovery-wrong-password'
  /** MFA recovery: the account cannot be recovered (e.g. an invitation never completed). */
  | 'recovery-not-eligible'
  /** MFA recovery: the Cognito user is not the account's to recover; an operator must look (an alert is logged). */
  | 'recovery-blocked'
  /** MFA recovery: the password was reset by email within the cooling-off period (RECOVERY_COOLING_OFF_SECONDS). */
  | 'recovery-cooling-off'
  /** MFA recovery: a recovery of the account is running right now. */
  | 'recovery-in-progress'
  /** MFA recovery: the link's token is unknown, expired, superseded or used. */
  | 'recovery-link-refused'
  /** MFA recovery by a saved code: the code is malformed, wrong or used, or the account has none. */
  | 'recovery-code-refused';

/**
 * Business metrics. Counting is synchronous and never fails a request: a metric that cannot be
 * recorded is logged and dropped. What an invocation counted is written when it ends (`flush`).
 */
export interface BusinessMetrics {
  count(event: BusinessEvent): void;
  refused(reason: RefusalReason): void;
  /** Publishes what this invocation counted (nothing when it counted nothing); never throws. */
  flush(): void;
}

/** For tooling outside Lambda (fixture seeding, the local bootstrap), which has nowhere to publish to. */
export const NO_BUSINESS_METRICS: BusinessMetrics = { count: () => {}, refused: () => {}, flush: () => {} };
