import { InvalidUserStateError } from '../shared/errors';

/** Another confirm holds this token's lease and is working on the recovery right now. */
export class RecoveryInProgressError extends InvalidUserStateError {
  constructor() {
    super('This recovery is already in progress. Try again in a few minutes.');
  }
}

/** A recovery that cannot finish without an operator (never retried into losing or taking over anything). */
export class RecoveryBlockedError extends InvalidUserStateError {
  constructor(
    readonly reason: string,
    cause?: unknown,
  ) {
    super('This account cannot be recovered automatically. Contact support.', cause);
  }
}

/**
 * The account's password was reset by email within the cooling-off period: whoever holds the mailbox
 * could have done it, so a link (also emailed) must not reset the authenticator too. Not an operator
 * matter: an admin MFA reset is the way for the owner.
 */
export class RecoveryCoolingOffError extends InvalidUserStateError {
  constructor(readonly until: Date) {
    super('The password of this account was reset recently, so its authenticator cannot be reset with a recovery link for now. Ask an admin to reset it.');
  }
}
