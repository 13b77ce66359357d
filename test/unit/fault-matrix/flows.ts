import { ADMIN_FLOWS } from './admin-flows';
import type { FlowUnderTest } from './harness';
import { confirmRecreateFlow, confirmResetFlow, postMfaRecoveryCodeFlow, postMfaRecoveryRequestFlow, world } from './recovery-flows';

/** Every flow runs on the same SDK mocks, the stateful fakes' (one mock per client class). */
export const cognito = world.cognito;
export const dynamo = world.dynamo;

/** Every flow of the matrix, by name. */
export const FLOWS: Record<string, FlowUnderTest> = Object.fromEntries(
  [...ADMIN_FLOWS, postMfaRecoveryRequestFlow, confirmResetFlow, confirmRecreateFlow, postMfaRecoveryCodeFlow].map((flow) => [flow.flow, flow]),
);

/** Clears every mock between rows (each flow then installs its fakes). */
export function resetClients(): void {
  for (const client of [world.cognito, world.dynamo, world.ses, world.secrets]) client.reset();
}
