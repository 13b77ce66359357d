import { describe, expect, it } from 'vitest';
import { ADOPTION_WINDOW_MS, judgeNewAccountCandidate, judgeRecoveryCandidate, type NewAccountFacts } from '../../../lambdas/identity/adoption-policy';
import type { IdentityUser } from '../../../lambdas/ports/identity-provider';
import type { UserRecord } from '../../../lambdas/ports/user-repository';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const EMAIL = 'someone@example.com';
const OLD = new Date(NOW.getTime() - ADOPTION_WINDOW_MS - 1);

/** An invited, untouched leftover that every rule of the new-account case lets through. */
const leftover: IdentityUser = {
  username: 'cog-1',
  sub: 'sub-1',
  userId: 'leftover-id',
  email: EMAIL,
  status: 'FORCE_CHANGE_PASSWORD',
  enabled: true,
  createdAt: OLD,
};

function facts(overrides: Partial<NewAccountFacts> = {}): NewAccountFacts {
  return { email: EMAIL, createdUserId: 'this-call-id', emailOwner: undefined, now: NOW, databaseUserExists: async () => false, ...overrides };
}

describe('adoption policy, case "new account" (provisioning, seeding)', () => {
  it('adopts an untouched leftover older than the window that no database user owns', async () => {
    expect(await judgeNewAccountCandidate(leftover, facts())).toEqual({ adopt: true, basis: 'interrupted-creation' });
  });

  it('adopts its own landed create (custom:userId is the id this call generated) however young, without asking the database', async () => {
    const own = { ...leftover, userId: 'this-call-id', createdAt: NOW };
    const databaseUserExists = async () => {
      throw new Error('not asked');
    };
    expect(await judgeNewAccountCandidate(own, facts({ databaseUserExists }))).toEqual({ adopt: true, basis: 'created-by-this-call' });
  });

  it.each<[string, Partial<IdentityUser>, Partial<NewAccountFacts>, string]>([
    ['no custom:userId (not created by our flows)', { userId: undefined }, {}, 'no-user-id'],
    ['its email is another address', { email: 'other@example.com' }, {}, 'email-mismatch'],
    ['its email is unknown', { email: undefined }, {}, 'email-mismatch'],
    ['the email belongs to a database user', {}, { emailOwner: 'owner-id' }, 'email-taken'],
    [
      'a database user has its custom:userId (e.g. a practitioner whose email was changed in the console)',
      {},
      { databaseUserExists: async () => true },
      'belongs-to-database-user',
    ],
    ['disabled', { enabled: false }, {}, 'disabled'],
    ['somebody set a password (CONFIRMED)', { status: 'CONFIRMED' }, {}, 'password-set'],
    ['a password reset is pending', { status: 'RESET_REQUIRED' }, {}, 'password-set'],
    ['younger than the window', { createdAt: new Date(NOW.getTime() - ADOPTION_WINDOW_MS + 1) }, {}, 'too-recent'],
    ['of unknown age', { createdAt: undefined }, {}, 'too-recent'],
    ['its own create, but CONFIRMED since', { userId: 'this-call-id', status: 'CONFIRMED' }, {}, 'password-set'],
    ['its own create, but disabled since', { userId: 'this-call-id', enabled: false }, {}, 'disabled'],
  ])('refuses a user when %s', async (_label, user, overrides, refusal) => {
    expect(await judgeNewAccountCandidate({ ...leftover, ...user }, facts(overrides))).toEqual({ adopt: false, refusal });
  });
});

describe('adoption policy, case "account being recovered" (MFA recovery)', () => {
  const account: UserRecord = {
    userId: 'ada-id',
    email: 'ada@example.com',
    role: 'practitioner',
    cognitoUsername: 'cog-ada',
    cognitoSub: 'sub-ada',
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
  };
  const own: IdentityUser = { username: 'cog-ada', sub: 'sub-ada', userId: 'ada-id', email: 'ada@example.com', status: 'CONFIRMED', enabled: true };

  it("lets recovery replace the account's own Cognito user, whatever its status", () => {
    for (const status of ['CONFIRMED', 'FORCE_CHANGE_PASSWORD']) {
      expect(judgeRecoveryCandidate({ ...own, status }, { userId: 'ada-id', account })).toEqual({ adopt: true, basis: 'account-being-recovered' });
    }
  });

  it.each<[string, Partial<IdentityUser>, UserRecord | undefined, string]>([
    ['the account has no database user', {}, undefined, 'database-user-missing'],
    ['the database user is another account', {}, { ...account, userId: 'someone-else' }, 'database-user-missing'],
    ['it carries another custom:userId', { userId: 'someone-else' }, account, 'other-account'],
    ['it carries no custom:userId', { userId: undefined }, account, 'other-account'],
    ["its email is not the account's (changed in the console)", { email: 'new@example.com' }, account, 'email-mismatch'],
    ['it is disabled (recovery must not re-enable an account)', { enabled: false }, account, 'disabled'],
  ])('refuses when %s', (_label, user, record, refusal) => {
    expect(judgeRecoveryCandidate({ ...own, ...user }, { userId: 'ada-id', account: record })).toEqual({ adopt: false, refusal });
  });
});
