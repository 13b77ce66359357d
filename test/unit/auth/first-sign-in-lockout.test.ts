import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { FIRST_SIGN_IN_DEFAULTS } from '../../../lambdas/auth/settings';
import { handler as postAuthNewPassword } from '../../../lambdas/handlers/post-auth-new-password';
import { asFunction } from '../../support/aws-mocks';
import { apiEvent, bodyOf } from '../../support/events';
import { captureLogs } from '../../support/logs';
import { secret } from '../../support/secrets';
import { recoveryWorld } from '../mfa-recovery/support/world';

/**
 * Issue 22 item 5: a stranger who knows an invitee's email must not be able to block the invitee's
 * first sign-in by failing it on purpose. Over the stateful fakes (real attempt counters in the fake
 * table, a real invited user in the fake pool), through the real handler.
 */
const world = recoveryWorld();

const EMAIL = 'invitee@example.com';
const USER_ID = '0e1d2c3b-4a59-4687-9a8b-7c6d5e4f3a2b';
const TEMPORARY_PASSWORD = secret('Temp-Pa55word!');
const STRANGER_IP = '198.51.100.66';
const INVITEE_IP = '203.0.113.10';
const PER_ACCOUNT_AND_IP = FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP;

beforeEach(() => {
  world.reset();
  world.pool.users.set('invitee-username', {
    username: 'invitee-username',
    attributes: { sub: 'invitee-sub', email: EMAIL, email_verified: 'true', 'custom:userId': USER_ID },
    status: 'FORCE_CHANGE_PASSWORD',
    password: TEMPORARY_PASSWORD,
    mfaConfigured: false,
    enabled: true,
    groups: new Set(['admins']),
    refreshTokens: new Set(),
    createdAt: new Date(),
  });
  world.table.put({ ...keys.email(EMAIL), entity: 'EmailClaim', userId: USER_ID });
});

// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-auth-new-password', postAuthNewPassword);
const attempt = (sourceIp: string, temporaryPassword: string, username = EMAIL) =>
  handler(apiEvent({ body: { username, temporaryPassword, newPassword: secret('Invitee-0wn-Pa55word!') }, path: '/auth/new-password', sourceIp }));

describe('first sign-in: a stranger cannot lock an invitee out', () => {
  it("a stranger's failed attempts from one IP do not block the invitee's own first sign-in from another", async () => {
    const { result: strangers } = await captureLogs(async () => {
      const answers: number[] = [];
      for (let i = 0; i <= PER_ACCOUNT_AND_IP; i += 1) answers.push((await attempt(STRANGER_IP, secret(`Wrong-Guess-${i}!`))).statusCode);
      return answers;
    });
    // The stranger is refused (401), then limited (429) for this account from that IP.
    expect(strangers).toEqual([...Array(PER_ACCOUNT_AND_IP).fill(401), 429]);

    const invitee = await attempt(INVITEE_IP, TEMPORARY_PASSWORD);
    expect(invitee.statusCode).toBe(200);
    expect(bodyOf(invitee)).toMatchObject({ status: 'CHALLENGE', challengeName: 'MFA_SETUP' });
    expect(world.pool.users.get('invitee-username')?.status).toBe('CONFIRMED');
  });

  it('attempts from many IPs do not add up to a lockout either (no per-account ceiling)', async () => {
    await captureLogs(async () => {
      for (let block = 1; block <= 5; block += 1) {
        for (let i = 0; i < PER_ACCOUNT_AND_IP; i += 1) await attempt(`198.51.100.${block}`, secret(`Wrong-Guess-${i}!`));
      }
    });
    expect((await attempt(INVITEE_IP, TEMPORARY_PASSWORD)).statusCode).toBe(200);
  });

  it('one IP is still limited across accounts: spraying emails from it ends in 429', async () => {
    const { result: answers } = await captureLogs(async () => {
      const codes: number[] = [];
      for (let i = 0; i <= FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_PER_IP; i += 1) {
        codes.push((await attempt(STRANGER_IP, secret('Wrong-Guess!'), `someone-${i}@example.com`)).statusCode);
      }
      return codes;
    });
    expect(answers.at(-1)).toBe(429);
    expect(answers.slice(0, -1).every((code) => code === 401)).toBe(true);
  });
});
