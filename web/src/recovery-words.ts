import { MFA_RECOVERY_DEFAULTS } from '../../lambdas/mfa-recovery/settings';

/** Days self-serve MFA recovery is refused after a password reset by email (the stack deploys the default). */
const COOLING_OFF_DAYS = Math.round(MFA_RECOVERY_DEFAULTS.RECOVERY_COOLING_OFF_SECONDS / 86_400);

/** What a reset by email costs: said before the user starts, and again once it is done. */
export const COOLING_OFF_NOTICE = `After a password reset, a lost authenticator app cannot be reset by yourself for ${COOLING_OFF_DAYS} days: during that time only an admin can reset it. This protects you if someone else can read your email.`;

/** What a user's recovery codes look like to the app (GET /me/recovery-codes; `createdAt` null: never saved). */
export interface RecoveryCodeStatus {
  readonly remaining: number;
  readonly createdAt: string | null;
}

/** The console warns once this few codes (or fewer) are left (issue 21). */
export const LOW_RECOVERY_CODES = 3;

export const isRunningLow = (status: RecoveryCodeStatus): boolean => status.remaining <= LOW_RECOVERY_CODES;

/** "7 codes left", "1 code left", "None left". */
export function remainingWords(remaining: number): string {
  if (remaining === 0) return 'None left';
  return `${remaining} ${remaining === 1 ? 'code' : 'codes'} left`;
}

/** What replacing the codes costs, asked before it is done. */
export const replacedWords = (remaining: number): string =>
  `The ${remaining === 1 ? 'code you have left stops' : `${remaining} codes you have left stop`} working at once, and you get a new set.`;

/** The console's warning when few (or no) codes are left; undefined while there are enough. */
export function lowCodesWarning(status: RecoveryCodeStatus): string | undefined {
  if (!isRunningLow(status)) return undefined;
  if (status.createdAt === null) return 'You have no recovery codes yet. Create them now, so a lost authenticator app does not lock you out.';
  if (status.remaining === 0) return 'You have used all your recovery codes. Create new codes now, so a lost authenticator app does not lock you out.';
  return `Only ${status.remaining} of your recovery codes ${status.remaining === 1 ? 'is' : 'are'} left. Create new codes before they run out.`;
}

/**
 * The answers of the recovery-code routes in plain words. Every refusal of POST /mfa-recovery/code
 * is the same answer (no enumeration), so its words name every reason it may have.
 */
export const RECOVERY_CODE_ERROR_WORDS = {
  RECOVERY_CODE_REFUSED:
    'That did not work. Check your email, password and recovery code: each code works only once. ' +
    `After many attempts, or within ${COOLING_OFF_DAYS} days of a password reset by email, it is refused too: then ask an admin to reset your authenticator app.`,
  RECENT_SIGN_IN_REQUIRED: 'For your safety, new recovery codes need a sign-in from the last 10 minutes. Sign in again, then create them.',
} as const;

/** The 12 symbols of a code, once dashes and spaces are dropped: a shape check only, the API decides (and maps O, I, L). */
export const looksLikeRecoveryCode = (input: string): boolean => /^[0-9A-Za-z]{12}$/.test(input.replace(/[\s-]/g, ''));

/** The downloaded file's name. */
export const RECOVERY_CODES_FILE_NAME = 'recovery-codes.txt';

/** The text of the downloaded (and copied) codes: what they are for, whose they are, one code a line. */
export function recoveryCodesText(codes: readonly string[], account: { email: string; site: string }): string {
  return [
    `Recovery codes for ${account.email} (${account.site})`,
    '',
    'If you lose your authenticator app, use one of these codes on the "Lost your authenticator app?" page,',
    'with your email and password. Each code works once. Keep them somewhere safe, away from your phone.',
    '',
    ...codes,
    '',
  ].join('\n');
}
