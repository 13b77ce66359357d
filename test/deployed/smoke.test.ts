import { afterAll, describe, it } from 'vitest';
import { adminLifecycle, cleanUp, selfServeRecovery, type SmokeRun } from '../smoke/scenarios';
import { deployedStage } from './deployed-stage';

/**
 * `npm run test:deployed`: the core scenarios over HTTPS against a deployed stage (never part of
 * `npm test`; the same scenarios run there against the local API: test/e2e/smoke-scenarios.test.ts).
 */
describe('smoke scenarios on a deployed stage', () => {
  const stage = deployedStage();
  const run: SmokeRun = { addresses: [] };
  afterAll(() => cleanUp(stage, run), 180_000);

  it('an admin is provisioned, signs in with TOTP, is MFA-reset by an admin, signs in again, and is deactivated', () => adminLifecycle(stage, run), 600_000);

  it('a practitioner recovers a lost authenticator with password + license data, once', () => selfServeRecovery(stage, run), 600_000);
});
