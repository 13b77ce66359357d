import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../lib/routes';
import { resetClients } from './flows';
import { checkRow, grantsOfFunction, samePolicy, strategyOf, SynthesizedPolicies } from './iam-check';
import { MATRIX } from './matrix';
import { callsBelongToNoFunction } from '../../support/aws-mocks';

callsBelongToNoFunction(
  "the fault matrix's flows: iam-policy.test.ts holds every row's calls to its own function's role (iam-check.ts), compensations and retries included",
);

/**
 * Every AWS call of every flow in the fault matrix (every row: compensations and retries included)
 * is evaluated against its own function's statements in the synthesized template, as IAM would:
 * the action, the resource ARN (pool, table, index, secret, SES identity) and the conditions
 * (dynamodb:LeadingKeys per item, ses:FromAddress). The fakes accept any call, so without this a
 * missing grant passes every test and fails in AWS (issue 19: confirm called AdminGetUser without
 * the grant). Both MFA-recovery strategies are synthesized; a row runs against its own.
 */

let policies: Record<'reset' | 'recreate', SynthesizedPolicies>;

beforeAll(() => {
  policies = { reset: SynthesizedPolicies.synthesize('reset'), recreate: SynthesizedPolicies.synthesize('recreate') };
}, 180_000);
beforeEach(resetClients);

/** The grants each function's calls used over all rows, per template. */
const used = { reset: new Map<string, Set<string>>(), recreate: new Map<string, Set<string>>() };

describe('every AWS call of every flow is allowed by its own function’s synthesized policy', () => {
  it.each(MATRIX.map((row) => [`${row.flow}: ${row.step} ${row.fault}${row.landed ? ' (landed)' : ''}`, row] as const))('%s', async (_name, row) => {
    const strategy = strategyOf(row);
    const check = await checkRow(row, policies[strategy]);
    expect(check.refused, 'calls the synthesized policy refuses').toEqual([]);
    for (const [handlerFile, grants] of check.used) {
      const seen = used[strategy].get(handlerFile) ?? new Set<string>();
      for (const grant of grants) seen.add(grant);
      used[strategy].set(handlerFile, seen);
    }
  });

  // Runs after the rows (a file's tests run in order).
  it.each(API_ROUTES.map((route) => [route.name] as const))(
    '%s is granted nothing no call uses (every action, resource and partition kind of its policy is used by some row)',
    (handlerFile) => {
      for (const strategy of ['reset', 'recreate'] as const) {
        // A policy that is the same under both strategies is used by the rows of both.
        const seen = samePolicy(policies.reset, policies.recreate, handlerFile)
          ? new Set([...(used.reset.get(handlerFile) ?? []), ...(used.recreate.get(handlerFile) ?? [])])
          : (used[strategy].get(handlerFile) ?? new Set());
        const unused = grantsOfFunction(policies[strategy], handlerFile).filter((grant) => !seen.has(grant));
        expect(unused, `${handlerFile} (${strategy})`).toEqual([]);
      }
    },
  );
});
