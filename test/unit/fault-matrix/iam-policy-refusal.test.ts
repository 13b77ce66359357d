import { beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES, type ApiRoute, type CognitoAction } from '../../../lib/routes';
import { resetClients } from './flows';
import { checkRow, SynthesizedPolicies } from './iam-check';
import { MATRIX } from './matrix';
import { callsBelongToNoFunction } from '../../support/aws-mocks';

callsBelongToNoFunction(
  "the fault matrix's flows: iam-policy.test.ts holds every row's calls to its own function's role (iam-check.ts), compensations and retries included",
);

/**
 * The IAM check catches a missing grant: the stack built from a manifest whose confirm function lacks
 * cognito-idp:AdminGetUser (the drift of issue 19) refuses that call of a confirm row, where the
 * manifest as it is allows every call of the same row.
 */

beforeEach(resetClients);

/** The manifest with `action` dropped from the default (reset) strategy's Cognito grants of post-mfa-recovery-confirm. */
function manifestWithout(action: CognitoAction): ApiRoute[] {
  return API_ROUTES.map((route) => {
    const cognito = route.grants.cognito;
    if (route.name !== 'post-mfa-recovery-confirm' || cognito === undefined || Array.isArray(cognito)) return route;
    const { reset, recreate } = cognito as Record<'reset' | 'recreate', readonly CognitoAction[]>;
    return { ...route, grants: { ...route.grants, cognito: { reset: reset.filter((granted) => granted !== action), recreate } } };
  });
}

const row = MATRIX.find((candidate) => candidate.flow === 'postMfaRecoveryConfirm (reset)' && candidate.step === 'AdminSetUserPassword');

describe('a grant removed from the manifest is a refused call', () => {
  it('the row runs with every call allowed under the manifest as it is', async () => {
    expect(row).toBeDefined();
    const check = await checkRow(row!, SynthesizedPolicies.synthesize('reset'));
    expect(check.refused).toEqual([]);
  }, 180_000);

  it('without AdminGetUser, the confirm function’s account guard is refused', async () => {
    const check = await checkRow(row!, SynthesizedPolicies.synthesize('reset', { routes: manifestWithout('cognito-idp:AdminGetUser') }));
    expect(check.refused.length).toBeGreaterThan(0);
    for (const refusal of check.refused)
      expect(refusal).toMatch(
        /^post-mfa-recovery-confirm: cognito-idp:AdminGetUser on arn:aws:cognito-idp:eu-west-1:000000000000:userpool\/eu-west-1_TESTPOOL /,
      );
  }, 180_000);
});
