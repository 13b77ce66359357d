import { vi } from 'vitest';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';

/**
 * The handler of lambdas/handlers/<file>.ts in a fresh container: its modules evaluated anew, as at a
 * cold start, so what a container reads once (the rate-limit key) is read again and can be made to
 * fail. The SDK itself is not re-evaluated, so the client mocks still answer.
 */
export async function coldHandler(file: string): Promise<ApiHandler> {
  vi.resetModules();
  return ((await import(`../../../lambdas/handlers/${file}.ts`)) as { handler: ApiHandler }).handler;
}
