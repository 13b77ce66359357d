/**
 * The lifecycle events the audit trail records. Each names what happened to the target user;
 * `outcome` says whether it took effect.
 */
export const AUDIT_EVENTS = [
  'ADMIN_PROVISIONED',
  /** An interrupted provisioning's leftover Cognito user was completed into an admin. */
  'ADMIN_ADOPTED',
  /** A failed provisioning was undone (FAILURE: the Cognito user could not be deleted). */
  'ADMIN_PROVISIONING_COMPENSATED',
  'INVITATION_RESENT',
  /** The invited user replaced the temporary password with their own. */
  'FIRST_SIGN_IN_COMPLETED',
  'RECOVERY_LINK_ISSUED',
  'RECOVERY_COMPLETED',
  /** The user reset their own authenticator with a saved recovery code (password kept); `details.remaining`: codes left. */
  'RECOVERY_CODE_USED',
  'ADMIN_MFA_RESET',
  'ADMIN_DEACTIVATED',
  'ADMIN_REACTIVATED',
  /** The user reset their password with a code emailed to them (Cognito's ConfirmForgotPassword). */
  'PASSWORD_RESET_BY_EMAIL',
  /** The user made a new set of saved recovery codes (any earlier set is void). */
  'RECOVERY_CODES_CREATED',
] as const;

export type AuditEvent = (typeof AUDIT_EVENTS)[number];

/**
 * `UNKNOWN`: the change's call failed without a definite answer (a timeout, a service error,
 * throttling after a retry), so it may or may not have taken effect; the record says so rather
 * than leave a change that did happen unrecorded.
 */
export type AuditOutcome = 'SUCCESS' | 'FAILURE' | 'UNKNOWN';

/** Where a request came from, as every audit record states it. */
export interface AuditSource {
  readonly sourceIp: string;
  readonly userAgent?: string;
  /** The request's correlation id (API Gateway request id), as in the logs and the X-Correlation-Id header. */
  readonly correlationId: string;
}

/** The admin acting on an admin route, and from where: the records name them by user id. */
export interface ActingAdmin extends AuditSource {
  /** Their user id (our `custom:userId`, the id GET /admins shows): the records' `actor`. */
  readonly userId: string;
  /** Their Cognito `sub`, kept on the records as `actorSub` (the id Cognito's own logs use). */
  readonly sub: string;
}

/** One append-only audit record. Never holds secrets, passwords, tokens or license data. */
export interface AuditRecord extends AuditSource {
  readonly event: AuditEvent;
  /** ISO-8601. */
  readonly time: string;
  /**
   * Who acted, by our user id (the id GET /admins shows): the acting admin's, or the user's own
   * (`actor` = `userId`) when users act on their own account (recovery, first sign-in).
   */
  readonly actor: string;
  /** When an admin acted: their Cognito `sub`. */
  readonly actorSub?: string;
  /** Our permanent user id of the user the event is about. */
  readonly userId: string;
  readonly outcome: AuditOutcome;
  /** Event-specific facts (a reset's reason, the step that failed), as plain strings. */
  readonly details?: Readonly<Record<string, string>>;
}

/** One page of a user's audit trail, newest first. */
export interface AuditPage {
  readonly records: readonly AuditRecord[];
  /** Opaque; pass it back for the next page. Absent on the last page. */
  readonly nextCursor?: string;
}

/** The append-only audit trail. Implemented over its own DynamoDB table. */
export interface AuditTrail {
  /** Appends `record`; never overwrites one. @throws TooManyRequestsError / DependencyUnavailableError. */
  append(record: AuditRecord): Promise<void>;
}

/** Reading the audit trail, one user at a time: apart from `AuditTrail`, as only the function that shows it may read it. */
export interface AuditTrailReader {
  /**
   * A user's records, newest first.
   * @throws ValidationError when `cursor` is not one this trail issued for `userId`.
   */
  listForUser(userId: string, page: { readonly limit: number; readonly cursor?: string }): Promise<AuditPage>;
}
