import { vi } from 'vitest';
import type { MfaRecoveryStrategy } from '../../../lambdas/mfa-recovery/post-mfa-recovery-confirm';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { asFunction } from '../../support/aws-mocks';

/**
 * The handler of lambdas/handlers/<file>.ts in a fresh container: its modules evaluated anew, as at a
 * cold start, so what a container reads once (the rate-limit key) is read again and can be made to
 * fail. The SDK itself is not re-evaluated, so the client mocks still answer. It runs as its
 * function: its calls are held to that function's role (test/support/aws-mocks.ts), in the template
 * deployed with `strategy` (MFA_RECOVERY_STRATEGY, read at cold start; unset: the default).
 */
export async function coldHandler(file: string, strategy?: MfaRecoveryStrategy): Promise<ApiHandler> {
  vi.resetModules();
  if (strategy) vi.stubEnv('MFA_RECOVERY_STRATEGY', strategy);
  try {
    const { handler } = (await import(`../../../lambdas/handlers/${file}.ts`)) as { handler: ApiHandler };
    return asFunction(file, handler, strategy ? { strategy } : {});
  } finally {
    if (strategy) vi.unstubAllEnvs();
  }
}
