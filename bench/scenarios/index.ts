import { getUserAudit, newPasswordChallenge, provisionNewAdmin, resendAdminInvite } from './admin';
import { deactivateAdmin, listAdmins, listAdminsNobodySignedIn, reactivateAdmin, resetUserMfa } from './admin-operations';
import { confirmMfaReset, requestMfaReset } from './mfa-recovery';
import type { FlowScenario } from './scenario';

export { type FlowScenario, lambdaContext } from './scenario';

/**
 * One happy-path scenario per handler file (`lambdas/handlers/<key>.ts`). A handler without one
 * still gets its bundle size and cold init measured; the report flags the missing scenario.
 */
export const SCENARIOS: Readonly<Record<string, FlowScenario>> = {
  'provision-new-admin': provisionNewAdmin,
  'resend-admin-invite': resendAdminInvite,
  'list-admins': listAdmins,
  'deactivate-admin': deactivateAdmin,
  'reactivate-admin': reactivateAdmin,
  'reset-user-mfa': resetUserMfa,
  'get-user-audit': getUserAudit,
  'new-password-challenge': newPasswordChallenge,
  'request-mfa-reset': requestMfaReset,
  'confirm-mfa-reset': confirmMfaReset,
};

/**
 * A handler's worst case where it does more work than on its happy path (not only other data):
 * measured too (rounds, warm overhead without logs) and reported in the notes.
 */
export const WORST_CASES: Readonly<Record<string, FlowScenario>> = {
  'list-admins': listAdminsNobodySignedIn,
};
