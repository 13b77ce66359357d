import { postMfaRecoveryConfirmFromEnv } from '../composition/post-mfa-recovery-confirm';
import { postMfaRecoveryConfirmRoute } from '../mfa-recovery/post-mfa-recovery-confirm-route';

const { flows, metrics } = postMfaRecoveryConfirmFromEnv();

/** POST /mfa-recovery/confirm: redeems a recovery link; the account's MFA is reset and a temporary password emailed. */
export const handler = postMfaRecoveryConfirmRoute(flows, metrics);
