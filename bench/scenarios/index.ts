import { getUsersAudit, postAuthNewPassword, postAdmins, postAdminsResendInvite } from './admin';
import { postAdminsDeactivate, getAdmins, listAdminsNobodySignedIn, postAdminsReactivate, postUsersMfaReset } from './admin-operations';
import { cognitoPostAuthentication, cognitoPostConfirmation, cognitoPreTokenGeneration } from './cognito-triggers';
import { postMfaRecoveryCode, postMfaRecoveryConfirm, postMfaRecoveryRequest } from './mfa-recovery';
import { getMeRecoveryCodes, postMeRecoveryCodes } from './recovery-codes';
import type { FlowScenario } from './scenario';

export { type BenchHandler, type FlowScenario, lambdaContext, missedHappyPath } from './scenario';

/**
 * One happy-path scenario per handler file (`lambdas/handlers/<key>.ts`). A handler without one
 * still gets its bundle size and cold init measured; the report flags the missing scenario.
 */
export const SCENARIOS: Readonly<Record<string, FlowScenario>> = {
  'post-admins': postAdmins,
  'post-admins-resend-invite': postAdminsResendInvite,
  'get-admins': getAdmins,
  'post-admins-deactivate': postAdminsDeactivate,
  'post-admins-reactivate': postAdminsReactivate,
  'post-users-mfa-reset': postUsersMfaReset,
  'get-users-audit': getUsersAudit,
  'post-me-recovery-codes': postMeRecoveryCodes,
  'get-me-recovery-codes': getMeRecoveryCodes,
  'post-auth-new-password': postAuthNewPassword,
  'post-mfa-recovery-request': postMfaRecoveryRequest,
  'post-mfa-recovery-confirm': postMfaRecoveryConfirm,
  'post-mfa-recovery-code': postMfaRecoveryCode,
  'cognito-post-authentication': cognitoPostAuthentication,
  'cognito-post-confirmation': cognitoPostConfirmation,
  'cognito-pre-token-generation': cognitoPreTokenGeneration,
};

/**
 * A handler's worst case where it does more work than on its happy path (not only other data):
 * measured too (rounds, warm overhead without logs) and reported in the notes.
 */
export const WORST_CASES: Readonly<Record<string, FlowScenario>> = {
  'get-admins': listAdminsNobodySignedIn,
};
