import type { RecoveryCodeStatus, RecoveryCodeStore } from '../ports/recovery-code-store';

export interface GetMeRecoveryCodesDeps {
  readonly codes: Pick<RecoveryCodeStore, 'status'>;
}

/** What GET /me/recovery-codes answers: the set's state, never the codes; `createdAt` null when none was ever made. */
export type RecoveryCodesView = RecoveryCodeStatus | { readonly remaining: 0; readonly createdAt: null };

/** Builds the flow of GET /me/recovery-codes. */
export function getMeRecoveryCodesFlows({ codes }: GetMeRecoveryCodesDeps) {
  /** How many of the user's saved codes are left and when the set was made: one strongly consistent read. */
  async function getMeRecoveryCodes(userId: string): Promise<RecoveryCodesView> {
    return (await codes.status(userId)) ?? { remaining: 0, createdAt: null };
  }

  return { getMeRecoveryCodes };
}
