import { vi } from 'vitest';
import { postMfaRecoveryConfirmFromEnv } from '../../../../lambdas/composition/post-mfa-recovery-confirm';
import { handler } from '../../../../lambdas/handlers/post-mfa-recovery-confirm';
import { asFunction } from '../../../support/aws-mocks';
import { postMfaRecoveryConfirmRoute } from '../../../../lambdas/mfa-recovery/post-mfa-recovery-confirm-route';
import type { MfaRecoveryStrategy } from '../../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';

/** The confirm flows (and their metrics) of a function deployed with `strategy` (the env var is read when they are built, as at cold start). */
export function confirmFlowsFor(strategy: MfaRecoveryStrategy) {
  vi.stubEnv('MFA_RECOVERY_STRATEGY', strategy);
  try {
    return postMfaRecoveryConfirmFromEnv();
  } finally {
    vi.unstubAllEnvs();
  }
}

/**
 * POST /mfa-recovery/confirm as deployed with each strategy (`reset` is the handler as shipped, with
 * the default), each held to the confirm function's role in that strategy's template.
 */
export function confirmRoutes() {
  return {
    reset: asFunction(CONFIRM, handler, { strategy: 'reset' }),
    recreate: asFunction(CONFIRM, recreateRoute(), { strategy: 'recreate' }),
  } as const;
}

const CONFIRM = 'post-mfa-recovery-confirm';

function recreateRoute() {
  const { flows, metrics } = confirmFlowsFor('recreate');
  return postMfaRecoveryConfirmRoute(flows, metrics);
}
