import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as confirmMfaReset } from '../../../lambdas/handlers/confirm-mfa-reset';
import { handler as newPasswordChallenge } from '../../../lambdas/handlers/new-password-challenge';
import { handler as provisionNewAdmin } from '../../../lambdas/handlers/provision-new-admin';
import { handler as requestMfaReset } from '../../../lambdas/handlers/request-mfa-reset';
import { handler as resendAdminInvite } from '../../../lambdas/handlers/resend-admin-invite';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { apiEvent, idTokenClaims } from '../../support/events';
import { secret } from '../../support/secrets';
import { expectDatesOfBirthNeverLogged } from '../mfa-recovery/support/log-checks';
import {
  badDateOfBirth,
  badEmail,
  badJurisdiction,
  badLicenseNumber,
  badLicenseType,
  badObject,
  badPassword,
  badToken,
  type BodySpec,
  malformedBody,
  malformedObject,
} from './malformed-input';

/**
 * Every handler, driven with >= 1,000 generated malformed events: each must answer a documented
 * 4xx JSON error, never a 5xx or a stack trace, and must not touch AWS for input that fails validation.
 * The bodies are invalid by construction (malformed-input.ts); the public MFA-recovery routes answer
 * every well-formed request with 202, so only malformed ones belong here.
 */
const clients = [mockClient(CognitoIdentityProviderClient), mockClient(DynamoDBDocumentClient), mockClient(SESv2Client)];
const RUNS = 1_000;

interface HandlerUnderTest {
  name: string;
  handler: ApiHandler;
  admin: boolean;
  /** A valid body (which the generators break) and the values each of its fields must refuse. */
  body: BodySpec;
  /** Object-valued fields, each broken in its own 1,000 runs (one in `body` would get only a few). */
  nested?: Record<string, BodySpec>;
}

const email = { valid: 'a@example.com', refused: badEmail };

const license: BodySpec = {
  valid: { jurisdiction: 'CA', licenseType: 'RN', licenseNumber: 'S3CR3T95123', dateOfBirth: '1985-04-12' },
  refused: { jurisdiction: badJurisdiction, licenseType: badLicenseType, licenseNumber: badLicenseNumber, dateOfBirth: badDateOfBirth },
};
expectDatesOfBirthNeverLogged([String(license.valid.dateOfBirth)]);

/** A body spec from `field: { valid, refused }` pairs. */
function spec(fields: Record<string, { valid: unknown; refused: fc.Arbitrary<unknown> }>): BodySpec {
  const entries = Object.entries(fields);
  return {
    valid: Object.fromEntries(entries.map(([name, field]) => [name, field.valid])),
    refused: Object.fromEntries(entries.map(([name, field]) => [name, field.refused])),
  };
}

const handlers: HandlerUnderTest[] = [
  { name: 'provisionNewAdmin', handler: provisionNewAdmin, admin: true, body: spec({ email }) },
  { name: 'resendAdminInvite', handler: resendAdminInvite, admin: true, body: spec({ email }) },
  {
    name: 'newPasswordChallenge',
    handler: newPasswordChallenge,
    admin: false,
    body: spec({
      username: email,
      temporaryPassword: { valid: secret('Temp-Pa55word!'), refused: badPassword },
      newPassword: { valid: secret('New-Pa55word!!'), refused: badPassword },
    }),
  },
  {
    name: 'requestMfaReset',
    handler: requestMfaReset,
    admin: false,
    body: spec({
      username: email,
      password: { valid: secret('Correct-Horse-1'), refused: badPassword },
      license: { valid: license.valid, refused: badObject(license) },
    }),
    nested: { license },
  },
  { name: 'confirmMfaReset', handler: confirmMfaReset, admin: false, body: spec({ token: { valid: secret('token'), refused: badToken } }) },
];

/** Claims an attacker might present without a valid admin ID token (the authorizer is bypassed here). */
const forgedClaims: fc.Arbitrary<Record<string, unknown> | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.string({ maxLength: 15 }), fc.string({ maxLength: 20 }), { maxKeys: 5 }),
  fc.constantFrom('practitioners', 'Admins', 'admin', 'administrators', '', '[]', 'admins-readonly').map((groups) => ({
    ...idTokenClaims(),
    'cognito:groups': groups,
  })),
  fc.constant({ ...idTokenClaims(), token_use: 'access' }),
  fc.constant({ ...idTokenClaims(), sub: undefined }),
);

function eventFor(body: unknown, claims?: Record<string, unknown>): APIGatewayProxyEvent {
  return apiEvent({ body: typeof body === 'string' ? body : JSON.stringify(body), claims });
}

async function expectCleanRejection(handler: ApiHandler, event: APIGatewayProxyEvent, allowedStatuses: number[]) {
  const response = await handler(event);
  expect(allowedStatuses).toContain(response.statusCode);
  const body = JSON.parse(response.body);
  expect(body.error.code).toMatch(/^[A-Z_]+$/);
  expect(typeof body.error.message).toBe('string');
  for (const detail of body.error.details ?? []) expect(detail).toEqual({ field: expect.any(String), message: expect.any(String) });
  expect(response.body).not.toMatch(/\bat\s.+:\d+:\d+|node_modules|\.ts\b|Exception/);
  for (const client of clients) expect(client.calls()).toHaveLength(0);
}

afterEach(() => clients.forEach((client) => client.reset()));

describe.each(handlers)('$name under generated bad input', ({ handler, admin, body, nested }) => {
  const validClaims = admin ? idTokenClaims() : undefined;

  it('passes the unbroken body through validation (so the generators break a valid one)', async () => {
    await handler(eventFor(body.valid, validClaims));
    expect(clients.some((client) => client.calls().length > 0)).toBe(true);
  });

  it(`answers ${RUNS} malformed bodies with a 400/413 JSON error and no AWS call`, async () => {
    await fc.assert(
      fc.asyncProperty(malformedBody(body), async (malformed) => {
        clients.forEach((client) => client.reset());
        await expectCleanRejection(handler, eventFor(malformed, validClaims), [400, 413]);
      }),
      { numRuns: RUNS },
    );
  });

  for (const [field, fieldSpec] of Object.entries(nested ?? {})) {
    it(`answers ${RUNS} bodies with a broken ${field} object with a 400 JSON error and no AWS call`, async () => {
      await fc.assert(
        fc.asyncProperty(malformedObject(fieldSpec), async (broken) => {
          clients.forEach((client) => client.reset());
          await expectCleanRejection(handler, eventFor({ ...body.valid, [field]: broken }, validClaims), [400, 413]);
        }),
        { numRuns: RUNS },
      );
    });
  }

  if (admin) {
    it(`answers ${RUNS} missing or forged authorizer claims with 401/403 and no AWS call`, async () => {
      await fc.assert(
        fc.asyncProperty(forgedClaims, fc.oneof(fc.constant(body.valid), malformedBody(body)), async (claims, malformed) => {
          clients.forEach((client) => client.reset());
          await expectCleanRejection(handler, eventFor(malformed, claims), [401, 403]);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
