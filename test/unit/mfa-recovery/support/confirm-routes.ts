import { vi } from 'vitest';
import { postMfaRecoveryConfirmFromEnv } from '../../../../lambdas/composition/post-mfa-recovery-confirm';
import { handler } from '../../../../lambdas/handlers/post-mfa-recovery-confirm';
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

/** POST /mfa-recovery/confirm as deployed with each strategy (`reset` is the handler as shipped, with the default). */
export function confirmRoutes() {
  return { reset: handler, recreate: recreateRoute() } as const;
}

function recreateRoute() {
  const { flows, metrics } = confirmFlowsFor('recreate');
  return postMfaRecoveryConfirmRoute(flows, metrics);
}
