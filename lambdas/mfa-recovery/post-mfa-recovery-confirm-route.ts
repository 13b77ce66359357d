import { auditSourceOf } from '../audit/audit-records';
import type { BusinessMetrics } from '../ports/business-metrics';
import { httpRoute } from '../shared/http/handler';
import type { postMfaRecoveryConfirmFlows } from './post-mfa-recovery-confirm';
import { postMfaRecoveryConfirmBody } from './request-schemas';

/**
 * POST /mfa-recovery/confirm over the given flow: the handler wires it to the deployed strategy;
 * tests build it over the other one too.
 */
export function postMfaRecoveryConfirmRoute(
  flows: Pick<ReturnType<typeof postMfaRecoveryConfirmFlows>, 'postMfaRecoveryConfirm'>,
  metrics?: Pick<BusinessMetrics, 'flush'>,
) {
  return httpRoute({
    name: 'post-mfa-recovery-confirm',
    metrics,
    input: postMfaRecoveryConfirmBody,
    run: async ({ token }, request) => {
      await flows.postMfaRecoveryConfirm(token, auditSourceOf(request));
      return {
        status: 200,
        body: {
          status: 'RECOVERED',
          message:
            'Your sign-in has been reset. Sign in with the temporary password we emailed you, choose a new password, then set up your authenticator app again.',
        },
      };
    },
  });
}
