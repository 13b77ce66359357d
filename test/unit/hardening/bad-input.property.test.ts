import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { handler as postMfaRecoveryConfirmHandler } from '../../../lambdas/handlers/post-mfa-recovery-confirm';
import { handler as postMfaRecoveryCodeHandler } from '../../../lambdas/handlers/post-mfa-recovery-code';
import { handler as postAdminsDeactivateHandler } from '../../../lambdas/handlers/post-admins-deactivate';
import { handler as getUsersAuditHandler } from '../../../lambdas/handlers/get-users-audit';
import { handler as getAdminsHandler } from '../../../lambdas/handlers/get-admins';
import { handler as postAdminsReactivateHandler } from '../../../lambdas/handlers/post-admins-reactivate';
import { handler as postUsersMfaResetHandler } from '../../../lambdas/handlers/post-users-mfa-reset';
import { handler as postAuthNewPasswordHandler } from '../../../lambdas/handlers/post-auth-new-password';
import { handler as postAdminsHandler } from '../../../lambdas/handlers/post-admins';
import { handler as postMfaRecoveryRequestHandler } from '../../../lambdas/handlers/post-mfa-recovery-request';
import { handler as postAdminsResendInviteHandler } from '../../../lambdas/handlers/post-admins-resend-invite';
import { handler as postMeRecoveryCodesHandler } from '../../../lambdas/handlers/post-me-recovery-codes';
import { handler as getMeRecoveryCodesHandler } from '../../../lambdas/handlers/get-me-recovery-codes';
import type { ApiHandler } from '../../../lambdas/shared/http/handler';
import { apiEvent, idTokenClaims } from '../../support/events';
import { secret } from '../../support/secrets';
import { expectDatesOfBirthNeverLogged } from '../mfa-recovery/support/log-checks';
import {
  badCursor,
  badDateOfBirth,
  badEmail,
  badJurisdiction,
  badLicenseNumber,
  badLicenseType,
  badObject,
  badPageLimit,
  badPassword,
  badRecoveryCode,
  badReason,
  badToken,
  badUserId,
  type BodySpec,
  malformedBody,
  malformedObject,
  notAnObjectBody,
  withUnknownField,
} from './malformed-input';
import { asFunction, mockClient } from '../../support/aws-mocks';

/**
 * Every handler, driven with >= 1,000 generated malformed events: each must answer a documented
 * 4xx JSON error, never a 5xx or a stack trace, and must not touch AWS for input that fails validation.
 * The bodies are invalid by construction (malformed-input.ts); the public MFA-recovery routes answer
 * every well-formed request with 202, so only malformed ones belong here.
 */
const clients = [mockClient(CognitoIdentityProviderClient), mockClient(DynamoDBDocumentClient), mockClient(SESv2Client)];
// Each handler runs as its own function: every call is held to its synthesized role (test/support/aws-mocks.ts).
const postMfaRecoveryConfirm = asFunction('post-mfa-recovery-confirm', postMfaRecoveryConfirmHandler);
const postMfaRecoveryCode = asFunction('post-mfa-recovery-code', postMfaRecoveryCodeHandler);
const postAdminsDeactivate = asFunction('post-admins-deactivate', postAdminsDeactivateHandler);
const getUsersAudit = asFunction('get-users-audit', getUsersAuditHandler);
const getAdmins = asFunction('get-admins', getAdminsHandler);
const postAdminsReactivate = asFunction('post-admins-reactivate', postAdminsReactivateHandler);
const postUsersMfaReset = asFunction('post-users-mfa-reset', postUsersMfaResetHandler);
const postAuthNewPassword = asFunction('post-auth-new-password', postAuthNewPasswordHandler);
const postAdmins = asFunction('post-admins', postAdminsHandler);
const postMfaRecoveryRequest = asFunction('post-mfa-recovery-request', postMfaRecoveryRequestHandler);
const postAdminsResendInvite = asFunction('post-admins-resend-invite', postAdminsResendInviteHandler);
const postMeRecoveryCodes = asFunction('post-me-recovery-codes', postMeRecoveryCodesHandler);
const getMeRecoveryCodes = asFunction('get-me-recovery-codes', getMeRecoveryCodesHandler);
const RUNS = 1_000;
/** A thousand runs through a handler take seconds on a loaded machine: speed is the bench\'s to measure, not this test\'s. */
const PROPERTY_TIMEOUT_MS = 60_000;

interface HandlerUnderTest {
  name: string;
  handler: ApiHandler;
  admin: boolean;
  /** A valid body (which the generators break) and the values each of its fields must refuse. */
  body: BodySpec;
  /** Object-valued fields, each broken in its own 1,000 runs (one in `body` would get only a few). */
  nested?: Record<string, BodySpec>;
  /** Valid path parameters, for routes that also take some (their breakage is tested below). */
  pathParameters?: Record<string, string>;
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
  { name: 'postAdmins', handler: postAdmins, admin: true, body: spec({ email }) },
  { name: 'postAdminsResendInvite', handler: postAdminsResendInvite, admin: true, body: spec({ email }) },
  {
    name: 'postAuthNewPassword',
    handler: postAuthNewPassword,
    admin: false,
    body: spec({
      username: email,
      temporaryPassword: { valid: secret('Temp-Pa55word!'), refused: badPassword },
      newPassword: { valid: secret('New-Pa55word!!'), refused: badPassword },
    }),
  },
  {
    name: 'postMfaRecoveryRequest',
    handler: postMfaRecoveryRequest,
    admin: false,
    body: spec({
      username: email,
      password: { valid: secret('Correct-Horse-1'), refused: badPassword },
      license: { valid: license.valid, refused: badObject(license) },
    }),
    nested: { license },
  },
  { name: 'postMfaRecoveryConfirm', handler: postMfaRecoveryConfirm, admin: false, body: spec({ token: { valid: secret('token'), refused: badToken } }) },
  {
    name: 'postMfaRecoveryCode',
    handler: postMfaRecoveryCode,
    admin: false,
    body: spec({
      username: email,
      password: { valid: secret('Correct-Horse-1'), refused: badPassword },
      recoveryCode: { valid: secret('7KQM-3XRT-PZ9C'), refused: badRecoveryCode },
    }),
  },
  {
    name: 'postUsersMfaReset',
    handler: postUsersMfaReset,
    admin: true,
    body: spec({ reason: { valid: 'Lost phone; identity checked by video call', refused: badReason } }),
    pathParameters: { userId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d' },
  },
];

/** A route whose input is its path and query parameters (GET, or an action named by its path): it takes no body. */
interface ParamsHandlerUnderTest {
  name: string;
  handler: ApiHandler;
  /** The route's path template, e.g. `/users/{userId}/audit`: its `{name}`s are path parameters, the rest query. */
  path: string;
  /** The required parameters (each may go missing). */
  params: BodySpec;
  /** Optional parameters: absent is fine, a refused value is not. */
  optional?: Record<string, { valid: unknown; refused: fc.Arbitrary<unknown> }>;
  /** A valid body, for routes that take one too (its breakage is tested above); without, any body is refused. */
  body?: Record<string, unknown>;
  /** `user` routes: any signed-in user of ours may call them, so only claims that are no ID token are forged (the in-code user check's own tests cover the rest). */
  access?: 'user';
}

const USER_ID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const userId = { valid: USER_ID, refused: badUserId };

const pageParams = { cursor: { valid: 'eyJ1IjoieCJ9', refused: badCursor }, limit: { valid: '10', refused: badPageLimit(25) } };

const paramHandlers: ParamsHandlerUnderTest[] = [
  { name: 'getAdmins', handler: getAdmins, path: '/admins', params: spec({}), optional: pageParams },
  { name: 'postAdminsDeactivate', handler: postAdminsDeactivate, path: '/admins/{userId}/deactivate', params: spec({ userId }) },
  { name: 'postAdminsReactivate', handler: postAdminsReactivate, path: '/admins/{userId}/reactivate', params: spec({ userId }) },
  { name: 'postUsersMfaReset', handler: postUsersMfaReset, path: '/users/{userId}/mfa-reset', params: spec({ userId }), body: { reason: 'Lost phone' } },
  {
    name: 'getUsersAudit',
    handler: getUsersAudit,
    path: '/users/{userId}/audit',
    params: spec({ userId }),
    optional: { cursor: { valid: 'eyJ1IjoieCJ9', refused: badCursor }, limit: { valid: '10', refused: badPageLimit(100) } },
  },
  { name: 'postMeRecoveryCodes', handler: postMeRecoveryCodes, path: '/me/recovery-codes', params: spec({}), access: 'user' },
  { name: 'getMeRecoveryCodes', handler: getMeRecoveryCodes, path: '/me/recovery-codes', params: spec({}), access: 'user' },
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

/** Claims that are no verified ID token at all: refused (401) on every signed-in route before any AWS call. */
const notAnIdToken: fc.Arbitrary<Record<string, unknown> | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.string({ maxLength: 15 }), fc.string({ maxLength: 20 }), { maxKeys: 5 }),
  fc.constant({ ...idTokenClaims(), token_use: 'access' }),
  fc.constant({ ...idTokenClaims(), sub: undefined }),
);

function bodyEventFor(body: unknown, claims?: Record<string, unknown>, pathParameters?: Record<string, string>): APIGatewayProxyEvent {
  return { ...apiEvent({ body: typeof body === 'string' ? body : JSON.stringify(body), claims }), pathParameters: pathParameters ?? null };
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

/** Forgets every client's recorded calls (each generated input is checked for making none). */
function resetClients(): void {
  for (const client of clients) client.reset();
}

afterEach(resetClients);

describe.each(handlers)('$name under generated bad input', ({ handler, admin, body, nested, pathParameters }) => {
  const validClaims = admin ? idTokenClaims() : undefined;
  const eventFor = (input: unknown, claims?: Record<string, unknown>) => bodyEventFor(input, claims, pathParameters);

  it('passes the unbroken body through validation (so the generators break a valid one)', async () => {
    await handler(eventFor(body.valid, validClaims));
    expect(clients.some((client) => client.calls().length > 0)).toBe(true);
  });

  it(
    `answers ${RUNS} malformed bodies with a 400/413 JSON error and no AWS call`,
    async () => {
      await fc.assert(
        fc.asyncProperty(malformedBody(body), async (malformed) => {
          resetClients();
          await expectCleanRejection(handler, eventFor(malformed, validClaims), [400, 413]);
        }),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  for (const [field, fieldSpec] of Object.entries(nested ?? {})) {
    it(
      `answers ${RUNS} bodies with a broken ${field} object with a 400 JSON error and no AWS call`,
      async () => {
        await fc.assert(
          fc.asyncProperty(malformedObject(fieldSpec), async (broken) => {
            resetClients();
            await expectCleanRejection(handler, eventFor({ ...body.valid, [field]: broken }, validClaims), [400, 413]);
          }),
          { numRuns: RUNS },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }

  if (admin) {
    it(
      `answers ${RUNS} missing or forged authorizer claims with 401/403 and no AWS call`,
      async () => {
        await fc.assert(
          fc.asyncProperty(forgedClaims, fc.oneof(fc.constant(body.valid), malformedBody(body)), async (claims, malformed) => {
            resetClients();
            await expectCleanRejection(handler, eventFor(malformed, claims), [401, 403]);
          }),
          { numRuns: RUNS },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }
});

/** The event API Gateway delivers for `params` on `route`: path names in pathParameters, the rest in the query string. */
function paramsEventFor(route: ParamsHandlerUnderTest, params: Record<string, unknown>, options: { body?: unknown; claims?: Record<string, unknown> } = {}) {
  const inPath = new Set([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
  const pick = (wanted: boolean) => Object.fromEntries(Object.entries(params).filter(([name]) => inPath.has(name) === wanted));
  const query = pick(false);
  return {
    ...bodyEventFor(options.body ?? null, 'claims' in options ? options.claims : idTokenClaims()),
    body: options.body === undefined ? null : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    pathParameters: pick(true) as Record<string, string>,
    queryStringParameters: Object.keys(query).length ? (query as Record<string, string>) : null,
  } as APIGatewayProxyEvent;
}

/** Bodies a route without one must refuse: anything but nothing or `{}`. */
const unwantedBody = fc.oneof(
  notAnObjectBody.filter((body) => body !== ''),
  fc.dictionary(
    fc.string({ minLength: 1, maxLength: 20 }).filter((key) => key !== '__proto__'),
    fc.jsonValue(),
    { minKeys: 1, maxKeys: 3 },
  ),
);

/** The route's parameters with exactly one thing wrong: a required one missing or refused, an optional one refused, or an unknown one. */
function malformedParams(route: ParamsHandlerUnderTest): fc.Arbitrary<Record<string, unknown>> {
  const optional = Object.entries(route.optional ?? {}).map(([name, field]) => field.refused.map((value) => ({ ...route.params.valid, [name]: value })));
  const required = Object.keys(route.params.valid).length > 0 ? malformedObject(route.params) : withUnknownField(route.params.valid, fc.string());
  return fc.oneof(required, ...optional);
}

describe.each(paramHandlers)('$name under generated bad parameters', (route) => {
  it('passes the unbroken parameters through validation (so the generators break valid ones)', async () => {
    const optional = Object.fromEntries(Object.entries(route.optional ?? {}).map(([name, field]) => [name, field.valid]));
    const response = await route.handler(paramsEventFor(route, { ...route.params.valid, ...optional }, { body: route.body }));
    // A made-up cursor reaches the adapter, which refuses it: the parameters passed the schema.
    expect(response.statusCode === 400 ? JSON.parse(response.body).error.details : []).not.toContainEqual(expect.objectContaining({ field: 'userId' }));
    expect(clients.some((client) => client.calls().length > 0)).toBe(true);
  });

  it(
    `answers ${RUNS} malformed parameter sets with a 400 JSON error and no AWS call`,
    async () => {
      await fc.assert(
        fc.asyncProperty(malformedParams(route), async (params) => {
          resetClients();
          await expectCleanRejection(route.handler, paramsEventFor(route, params, { body: route.body }), [400]);
        }),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  if (route.body === undefined) {
    it(
      `answers ${RUNS} requests with a body (it takes none) with a 400/413 JSON error and no AWS call`,
      async () => {
        await fc.assert(
          fc.asyncProperty(unwantedBody, async (body) => {
            resetClients();
            await expectCleanRejection(route.handler, paramsEventFor(route, route.params.valid, { body }), [400, 413]);
          }),
          { numRuns: RUNS },
        );
      },
      PROPERTY_TIMEOUT_MS,
    );
  }

  it(
    `answers ${RUNS} missing or forged authorizer claims with 401/403 and no AWS call`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          route.access === 'user' ? notAnIdToken : forgedClaims,
          fc.oneof(fc.constant(route.params.valid), malformedParams(route)),
          async (claims, params) => {
            resetClients();
            await expectCleanRejection(
              route.handler,
              paramsEventFor(route, params, { claims, body: route.body }),
              route.access === 'user' ? [401] : [401, 403],
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});
