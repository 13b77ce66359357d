import { auditSourceOf } from '../audit/audit-records';
import type { BusinessMetrics } from '../ports/business-metrics';
import { httpRoute } from '../shared/http/handler';
import type { mfaResetConfirmation } from './confirm-mfa-reset';
import { confirmMfaResetBody } from './reset-confirm-body';

/**
 * POST /mfa-recovery/confirm over the given flow: the handler wires it to the deployed strategy;
 * tests build it over the other one too.
 */
export function confirmMfaResetRoute(flows: Pick<ReturnType<typeof mfaResetConfirmation>, 'confirmMfaReset'>, metrics?: Pick<BusinessMetrics, 'flush'>) {
  return httpRoute({
    name: 'confirmMfaReset',
    metrics,
    input: confirmMfaResetBody,
    run: async ({ token }, request) => {
      await flows.confirmMfaReset(token, auditSourceOf(request));
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
