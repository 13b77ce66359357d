import { vi } from 'vitest';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { asFunction } from '../../support/aws-mocks';

/**
 * The handler of lambdas/handlers/<file>.ts in a fresh container: its modules evaluated anew, as at a
 * cold start, so what a container reads once (the rate-limit key) is read again and can be made to
 * fail. The SDK itself is not re-evaluated, so the client mocks still answer. It runs as its
 * function: its calls are held to that function's role (test/support/aws-mocks.ts).
 */
export async function coldHandler(file: string): Promise<ApiHandler> {
  vi.resetModules();
  return asFunction(file, ((await import(`../../../lambdas/handlers/${file}.ts`)) as { handler: ApiHandler }).handler);
}
