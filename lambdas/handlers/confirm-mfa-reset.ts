import { businessMetricsFromEnv } from '../composition/metrics';
import { mfaResetConfirmationFromEnv } from '../composition/mfa-recovery';
import { confirmMfaResetRoute } from '../mfa-recovery/confirm-mfa-reset-route';

/** POST /mfa-recovery/confirm: redeems a recovery link; the account's MFA is reset and a temporary password emailed. */
export const handler = confirmMfaResetRoute(mfaResetConfirmationFromEnv(), businessMetricsFromEnv());
