import type { APIGatewayProxyEvent } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { handler as getMeRecoveryCodesHandler } from '../../../lambdas/handlers/get-me-recovery-codes';
import { handler as postMeRecoveryCodesHandler } from '../../../lambdas/handlers/post-me-recovery-codes';
import { normalizeRecoveryCode } from '../../../lambdas/recovery-codes/recovery-code';
import { asFunction } from '../../support/aws-mocks';
import { apiEvent, bodyOf, idTokenClaims } from '../../support/events';
import { capturedLines } from '../../support/log-capture';
import { captureLogs } from '../../support/logs';
import { testRecoveryCodeHash } from '../../support/rate-limit-key';
import { recoveryWorld } from '../mfa-recovery/support/world';

const world = recoveryWorld();
// Each handler runs as its own function: every call is held to its synthesized role (test/support/aws-mocks.ts).
const postCodes = asFunction('post-me-recovery-codes', postMeRecoveryCodesHandler);
const getCodes = asFunction('get-me-recovery-codes', getMeRecoveryCodesHandler);

const USER_ID = '7c6b5a49-3828-4716-a5f4-e3d2c1b0a998';
const SUB = 'c0ffee00-0000-4000-8000-00000000c0de';
const GROUPED = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A practitioner's ID-token claims (no group), as the authorizer passes them. */
const claims = (overrides: Record<string, unknown> = {}) => ({ ...idTokenClaims([], SUB, USER_ID), 'cognito:groups': undefined, ...overrides });

function seedUser(options: { lastSignInAt?: string; cognitoSub?: string; admin?: 'ACTIVE' | 'DEACTIVATED' } = {}): void {
  world.table.put({
    ...keys.user(USER_ID),
    userId: USER_ID,
    email: 'pat@example.com',
    role: options.admin ? 'admin' : 'practitioner',
    cognitoUsername: options.cognitoSub ?? SUB,
    cognitoSub: options.cognitoSub ?? SUB,
    ...('lastSignInAt' in options ? options.lastSignInAt && { lastSignInAt: options.lastSignInAt } : { lastSignInAt: minutesAgo(2) }),
  });
  if (options.admin) world.table.put({ ...keys.adminInfo(USER_ID), userId: USER_ID, accountStatus: options.admin });
}

/** `null` claims: no authorizer context at all. */
const event = (method: 'GET' | 'POST', tokenClaims: Record<string, unknown> | null = claims(), body?: unknown): APIGatewayProxyEvent => ({
  ...apiEvent({ claims: tokenClaims ?? undefined, path: '/me/recovery-codes', body }),
  httpMethod: method,
  resource: '/me/recovery-codes',
});

const codesItem = () => world.table.item(keys.recoveryCodes(USER_ID));
const auditRecords = () => world.table.all(process.env.AUDIT_TABLE_NAME);

beforeEach(() => world.reset());

describe('POST /me/recovery-codes (postMeRecoveryCodes)', () => {
  it('201 with 10 grouped codes; stores only their keyed hashes (one Put), audited with the user as actor', async () => {
    seedUser();
    const response = await postCodes(event('POST'));
    expect(response.statusCode).toBe(201);
    const { codes } = bodyOf(response);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(GROUPED);
    const item = codesItem();
    expect(item?.codeHashes).toEqual(new Set(codes.map((code: string) => testRecoveryCodeHash(normalizeRecoveryCode(code) as string))));
    expect(item?.total).toBe(10);
    expect(Date.parse(item?.createdAt as string)).toBeGreaterThan(Date.now() - 5_000);
    // No code, in any form, is stored.
    const stored = JSON.stringify(world.table.all(), (_key, value) => (value instanceof Set ? [...value] : value));
    for (const code of codes) {
      expect(stored).not.toContain(code);
      expect(stored).not.toContain(code.replace(/-/g, ''));
    }
    expect(auditRecords()).toEqual([
      expect.objectContaining({ event: 'RECOVERY_CODES_CREATED', actor: USER_ID, userId: USER_ID, outcome: 'SUCCESS', details: { count: '10' } }),
    ]);
    // The check (User + AdminInfo), the key, the Put, the record: nothing else.
    expect(world.calls.filter((call) => call === 'dynamodb:PutItem')).toHaveLength(2);
    expect(world.calls.filter((call) => call === 'secretsmanager:GetSecretValue').length).toBeLessThanOrEqual(1);
  });

  it('never logs a code, nor a code hash', async () => {
    seedUser();
    const { result, raw } = await captureLogs(() => postCodes(event('POST')));
    for (const code of bodyOf(result).codes as string[]) {
      expect(raw).not.toContain(code);
      expect(raw).not.toContain(code.replace(/-/g, ''));
      expect(capturedLines().join('\n')).not.toContain(code);
    }
    for (const hash of (codesItem()?.codeHashes ?? []) as Iterable<string>) expect(raw).not.toContain(hash);
  });

  it('a new set voids the earlier one: every old hash gone, a fresh set of 10', async () => {
    seedUser();
    const first = bodyOf(await postCodes(event('POST'))).codes as string[];
    const second = bodyOf(await postCodes(event('POST'))).codes as string[];
    expect(second.filter((code) => first.includes(code))).toEqual([]);
    const stored = codesItem()?.codeHashes as Set<string>;
    expect(stored.size).toBe(10);
    for (const code of first) expect(stored.has(testRecoveryCodeHash(normalizeRecoveryCode(code) as string))).toBe(false);
    expect(auditRecords()).toHaveLength(2);
  });

  it.each([
    ['no sign-in recorded', undefined],
    ['the last sign-in 11 minutes ago', minutesAgo(11)],
    ['a recorded time that is no time', 'yesterday'],
  ])('%s: 403 RECENT_SIGN_IN_REQUIRED, nothing changed (the token’s auth_time is never consulted)', async (_case, lastSignInAt) => {
    seedUser({ lastSignInAt });
    // A token claiming a sign-in just now changes nothing: only the server-side record counts.
    const response = await postCodes(event('POST', claims({ auth_time: String(Math.floor(Date.now() / 1000)) })));
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response).error.code).toBe('RECENT_SIGN_IN_REQUIRED');
    expect(codesItem()).toBeUndefined();
    expect(auditRecords()).toEqual([]);
    expect(world.calls.every((call) => call === 'dynamodb:GetItem')).toBe(true);
  });

  it('a sign-in 9 minutes ago is recent enough', async () => {
    seedUser({ lastSignInAt: minutesAgo(9) });
    expect((await postCodes(event('POST'))).statusCode).toBe(201);
  });

  it('a body with any field: 400, nothing read or changed', async () => {
    seedUser();
    const response = await postCodes(event('POST', claims(), { codes: ['7KQM-3XRT-PZ9C'] }));
    expect(response.statusCode).toBe(400);
    expect(bodyOf(response).error.code).toBe('VALIDATION_FAILED');
    expect(world.calls).toEqual([]);
  });
});

describe('access kind `user`: the authorizer’s ID token, then the in-code check', () => {
  const routes = [
    ['POST', postCodes],
    ['GET', getCodes],
  ] as const;

  it.each(routes)('%s: no claims is 401; an access token is 401; no AWS call', async (method, handler) => {
    seedUser();
    for (const tokenClaims of [null, claims({ token_use: 'access' })]) {
      const response = await handler(event(method, tokenClaims));
      expect(response.statusCode).toBe(401);
    }
    expect(world.calls).toEqual([]);
  });

  it.each(
    routes.flatMap(([method, handler]) => [
      [method, handler, 'a token without our user id', () => claims({ 'custom:userId': undefined })],
      [method, handler, 'a user id the database does not know', () => claims({ 'custom:userId': '00000000-0000-4000-8000-000000000000' })],
      [method, handler, 'another incarnation’s token (a different sub)', () => claims({ sub: 'old-incarnation-sub' })],
    ]),
  )('%s, %s: 403 FORBIDDEN, nothing changed', async (method, handler, _case, tokenClaims) => {
    seedUser();
    const response = await handler(event(method, tokenClaims()));
    expect(response.statusCode).toBe(403);
    expect(bodyOf(response).error.code).toBe('FORBIDDEN');
    expect(codesItem()).toBeUndefined();
    expect(world.calls.every((call) => call === 'dynamodb:GetItem')).toBe(true);
  });

  it.each(routes)('%s: a deactivated admin whose ID token is still valid: 403', async (method, handler) => {
    seedUser({ admin: 'DEACTIVATED' });
    expect((await handler(event(method))).statusCode).toBe(403);
    expect(codesItem()).toBeUndefined();
  });

  it.each(routes)('%s: an active admin is a user too', async (method, handler) => {
    seedUser({ admin: 'ACTIVE' });
    expect((await handler(event(method, { ...claims(), 'cognito:groups': 'admins' }))).statusCode).toBe(method === 'POST' ? 201 : 200);
  });

  it('reads strongly consistently (a deactivation counts from the next request)', async () => {
    seedUser();
    await getCodes(event('GET'));
    const reads = world.log.filter((call) => call.name === 'dynamodb:GetItem');
    expect(reads.length).toBeGreaterThanOrEqual(3);
    for (const read of reads) expect((read.input as { ConsistentRead?: boolean }).ConsistentRead).toBe(true);
  });
});

describe('GET /me/recovery-codes (getMeRecoveryCodes)', () => {
  it('never made: 200 { remaining: 0, createdAt: null }', async () => {
    seedUser();
    const response = await getCodes(event('GET'));
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ remaining: 0, createdAt: null });
  });

  it('after making codes: how many are left and when made, never a code or a hash; needs no recent sign-in', async () => {
    seedUser();
    const { codes } = bodyOf(await postCodes(event('POST')));
    const createdAt = codesItem()?.createdAt;
    seedUser({ lastSignInAt: minutesAgo(60 * 24) });
    const response = await getCodes(event('GET'));
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({ remaining: 10, createdAt });
    for (const code of codes) expect(response.body).not.toContain(code);
    expect(response.body).not.toMatch(/[0-9a-f]{64}/);
    expect(world.calls.filter((call) => call === 'secretsmanager:GetSecretValue')).toEqual([]);
  });

  it('counts down as codes are used; 0 when the last is used, with its date kept', async () => {
    seedUser();
    world.table.put({
      ...keys.recoveryCodes(USER_ID),
      codeHashes: new Set(['a', 'b']),
      usedHashes: new Set(['c']),
      createdAt: '2026-12-01T10:00:00.000Z',
      total: 10,
    });
    expect(bodyOf(await getCodes(event('GET')))).toEqual({ remaining: 2, createdAt: '2026-12-01T10:00:00.000Z' });
    world.table.put({ ...keys.recoveryCodes(USER_ID), usedHashes: new Set(['a', 'b', 'c']), createdAt: '2026-12-01T10:00:00.000Z', total: 10 });
    expect(bodyOf(await getCodes(event('GET')))).toEqual({ remaining: 0, createdAt: '2026-12-01T10:00:00.000Z' });
  });
});
