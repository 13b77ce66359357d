import { InvalidUserStateError } from '../shared/errors';

/** Another confirm holds this token's lease and is working on the recovery right now. */
export class RecoveryInProgressError extends InvalidUserStateError {
  constructor() {
    super('This recovery is already in progress. Try again in a few minutes.');
  }
}

/** A recovery that cannot finish without an operator (never retried into losing or taking over anything). */
export class RecoveryBlockedError extends InvalidUserStateError {
  constructor(readonly reason: string, cause?: unknown) {
    super('This account cannot be recovered automatically. Contact support.', cause);
  }
}
