import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as newPasswordChallenge } from '../../../lambdas/handlers/new-password-challenge';
import { handler as provisionNewAdmin } from '../../../lambdas/handlers/provision-new-admin';
import { handler as resendAdminInvite } from '../../../lambdas/handlers/resend-admin-invite';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { apiEvent, idTokenClaims } from '../../support/events';

/**
 * Every handler, driven with >= 1,000 generated malformed events: each must answer a documented
 * 4xx JSON error, never a 5xx or a stack trace, and must not touch AWS for input that fails validation.
 */
const clients = [mockClient(CognitoIdentityProviderClient), mockClient(DynamoDBDocumentClient)];
const RUNS = 1_000;

interface HandlerUnderTest {
  name: string;
  handler: ApiHandler;
  admin: boolean;
  /** A body that passes validation, which the generators then break. */
  validBody: Record<string, unknown>;
}

const handlers: HandlerUnderTest[] = [
  { name: 'provisionNewAdmin', handler: provisionNewAdmin, admin: true, validBody: { email: 'a@example.com' } },
  { name: 'resendAdminInvite', handler: resendAdminInvite, admin: true, validBody: { email: 'a@example.com' } },
  {
    name: 'newPasswordChallenge',
    handler: newPasswordChallenge,
    admin: false,
    validBody: { username: 'a@example.com', temporaryPassword: 'Temp-Pa55word!', newPassword: 'New-Pa55word!!' },
  },
];

const injectionLooking = fc.constantFrom(
  "' OR '1'='1",
  '{"$ne": null}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  'a@example.com\r\nBcc: b@example.com',
  'a@example.com\u0000',
  '\u202e\ufeff@example.com',
);

/** Values that can never satisfy a string field of ours. */
const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.object({ maxDepth: 2 }));

/** Strings that are not valid for an email field: no '@', over-long, or injection-looking. */
const badString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !s.includes('@')),
  fc.string({ minLength: 300, maxLength: 2_000 }),
  fc.string({ unit: 'binary', maxLength: 60 }).filter((s) => !s.includes('@')),
  injectionLooking.filter((s) => !/^[^@\s]+@[^@\s]+\.[a-z]+$/.test(s)),
);

/** A raw body that is not a JSON object. */
const notAnObject = fc.oneof(
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      const parsed = JSON.parse(s);
      return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
    } catch {
      return true;
    }
  }),
  fc.json().filter((s) => {
    const parsed = JSON.parse(s);
    return parsed === null || typeof parsed !== 'object' || Array.isArray(parsed);
  }),
  fc.constant('{"email": "a@example.com"'),
  fc.string({ minLength: 17_000, maxLength: 20_000 }),
);

function malformedBody(validBody: Record<string, unknown>): fc.Arbitrary<unknown> {
  const fields = Object.keys(validBody);
  const field = fc.constantFrom(...fields);
  return fc.oneof(
    notAnObject,
    // one field missing
    field.map((name) => Object.fromEntries(Object.entries(validBody).filter(([key]) => key !== name))),
    // one field of the wrong type
    fc.tuple(field, wrongType).map(([name, value]) => ({ ...validBody, [name]: value })),
    // the email-shaped field broken (every handler has exactly one)
    badString.map((value) => ({ ...validBody, [fields[0]]: value })),
    // an extra field
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !fields.includes(k) && k !== '__proto__'), fc.jsonValue())
      .map(([key, value]) => ({ ...validBody, [key]: value })),
  );
}

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
  expect(response.body).not.toMatch(/\bat\s.+:\d+:\d+|node_modules|\.ts\b|Exception/);
  for (const client of clients) expect(client.calls()).toHaveLength(0);
}

afterEach(() => clients.forEach((client) => client.reset()));

describe.each(handlers)('$name under generated bad input', ({ handler, admin, validBody }) => {
  const validClaims = admin ? idTokenClaims() : undefined;

  it(`answers ${RUNS} malformed bodies with a 400/413 JSON error and no AWS call`, async () => {
    await fc.assert(
      fc.asyncProperty(malformedBody(validBody), async (body) => {
        clients.forEach((client) => client.reset());
        await expectCleanRejection(handler, eventFor(body, validClaims), [400, 413]);
      }),
      { numRuns: RUNS },
    );
  });

  if (admin) {
    it(`answers ${RUNS} missing or forged authorizer claims with 401/403 and no AWS call`, async () => {
      await fc.assert(
        fc.asyncProperty(forgedClaims, fc.oneof(fc.constant(validBody), malformedBody(validBody)), async (claims, body) => {
          clients.forEach((client) => client.reset());
          await expectCleanRejection(handler, eventFor(body, claims), [401, 403]);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
