import { vi } from 'vitest';
import { businessMetricsFromEnv } from '../../../../lambdas/composition/metrics';
import { mfaResetConfirmationFromEnv } from '../../../../lambdas/composition/mfa-recovery';
import { handler } from '../../../../lambdas/handlers/confirm-mfa-reset';
import { confirmMfaResetRoute } from '../../../../lambdas/mfa-recovery/confirm-mfa-reset-route';
import type { MfaRecoveryStrategy } from '../../../../lambdas/mfa-recovery/confirm-mfa-reset';

/** The confirm flows of a function deployed with `strategy` (the env var is read when they are built, as at cold start). */
export function confirmFlowsFor(strategy: MfaRecoveryStrategy) {
  vi.stubEnv('MFA_RECOVERY_STRATEGY', strategy);
  try {
    return mfaResetConfirmationFromEnv();
  } finally {
    vi.unstubAllEnvs();
  }
}

/** POST /mfa-recovery/confirm as deployed with each strategy (`reset` is the handler as shipped, with the default). */
export function confirmRoutes() {
  return { reset: handler, recreate: confirmMfaResetRoute(confirmFlowsFor('recreate'), businessMetricsFromEnv()) } as const;
}
