import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { apiGatewayModelSchema } from '../../../lib/request-models';
import { API_ROUTES } from '../../../lib/routes';
import { satisfies } from '../../../local/request-validation';

/**
 * API Gateway validates bodies against models generated from the handlers' valibot schemas. The edge
 * must never be stricter than the handler: every body the handler accepts (including the ones it
 * only accepts after normalizing, like " Ada@Example.COM " or "ca") must pass the model too.
 */
const padded = (value: fc.Arbitrary<string>) =>
  fc.tuple(fc.constantFrom('', ' ', '  '), value, fc.constantFrom('', ' ', '\t')).map(([before, text, after]) => `${before}${text}${after}`);
const anyCase = (value: fc.Arbitrary<string>) => fc.tuple(value, fc.boolean()).map(([text, upper]) => (upper ? text.toUpperCase() : text));

const email = padded(anyCase(fc.emailAddress()));
const password = fc.string({ minLength: 1, maxLength: 256 });
const license = fc.record({
  jurisdiction: padded(anyCase(fc.stringMatching(/^[a-z]{2}$/))),
  licenseType: padded(anyCase(fc.stringMatching(/^[a-z0-9][a-z0-9 ]{0,20}$/))),
  licenseNumber: padded(anyCase(fc.stringMatching(/^[a-z0-9][a-z0-9 .-]{0,20}$/))),
  dateOfBirth: padded(fc.date({ min: new Date('1900-01-01'), max: new Date('2020-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))),
});

const VALID_BODIES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  'post-admins': fc.record({ email }),
  'post-admins-resend-invite': fc.record({ email }),
  'post-auth-new-password': fc.record({ username: email, temporaryPassword: password, newPassword: password }),
  'post-mfa-recovery-request': fc.record({ username: email, password, license }),
  'post-mfa-recovery-confirm': fc.record({ token: fc.string({ minLength: 1, maxLength: 512 }) }),
  // Any string of 1..64 characters: a malformed code is the flow's to refuse, like a wrong one.
  'post-mfa-recovery-code': fc.record({ username: email, password, recoveryCode: fc.string({ minLength: 1, maxLength: 64 }) }),
  'post-users-mfa-reset': fc.record({ reason: padded(fc.string({ minLength: 1, maxLength: 500 })) }),
};

/** 500 runs take well under the 5 s default alone, but not on a machine loaded by other suites. */
const PROPERTY_TIMEOUT_MS = 60_000;

const ROUTES_WITH_BODIES = API_ROUTES.flatMap((route) => (route.body ? [{ ...route, body: route.body }] : []));

describe.each(ROUTES_WITH_BODIES.map((route) => [route.path, route] as const))('%s: edge model vs handler schema', (_path, route) => {
  it(
    'lets through every body the handler accepts',
    () => {
      const model = apiGatewayModelSchema(route.body);
      const bodies = VALID_BODIES[route.name];
      expect(bodies, `a valid-body generator for ${route.name}`).toBeDefined();
      let accepted = 0;
      fc.assert(
        fc.property(bodies, (body) => {
          fc.pre(v.safeParse(route.body, body).success);
          accepted += 1;
          expect(satisfies(model, JSON.parse(JSON.stringify(body)))).toBe(true);
        }),
        { numRuns: 500 },
      );
      // The generators must mostly produce bodies the handler accepts, or the property proves little.
      expect(accepted).toBeGreaterThan(250);
    },
    PROPERTY_TIMEOUT_MS,
  );
});
