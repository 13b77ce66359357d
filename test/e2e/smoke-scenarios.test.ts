import { afterAll, describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { adminLifecycle, cleanUp, selfServeRecovery, type SmokeRun } from '../smoke/scenarios';
import { cognitoUserCount, tableItem } from './support/emulator';
import { localStage } from './support/local-stage';

/**
 * The deployed smoke suite's scenarios (test/smoke/scenarios.ts, `npm run test:deployed`) against the
 * local API, so the harness itself is proven in every `npm test`.
 */
describe('smoke scenarios on the local API (the harness of npm run test:deployed)', () => {
  const run: SmokeRun = { addresses: [] };
  afterAll(() => cleanUp(localStage, run), 60_000);

  it(
    'an admin is provisioned, signs in with TOTP, is MFA-reset by an admin, signs in again, and is deactivated',
    () => adminLifecycle(localStage, run),
    120_000,
  );

  it('a practitioner recovers a lost authenticator with password + license data, once', () => selfServeRecovery(localStage, run), 120_000);

  it('cleans up what it created: no Cognito user, no email claim left; cleaning again changes nothing', async () => {
    expect(run.addresses).toHaveLength(2);
    for (let pass = 0; pass < 2; pass++) {
      await cleanUp(localStage, run);
      for (const email of run.addresses) {
        expect(await cognitoUserCount(email)).toBe(0);
        expect(await tableItem(keys.email(email))).toBeUndefined();
      }
    }
  }, 60_000);
});
