import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  OperationNotEnabledException,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { CognitoIdentityProvider, USER_ID_ATTRIBUTE } from '../../../lambdas/adapters/cognito/cognito-identity-provider';
import { resetFactorInPlace } from '../../../lambdas/mfa-recovery/reset-factor-in-place';
import { OperationNotEnabledError, UserNotFoundError } from '../../../lambdas/shared/errors';
import { secureRandomBytes } from '../../../lambdas/shared/runtime';
import { genericFaults } from '../../support/faults';
import { capturedLines } from '../../support/log-capture';
import { ADA, recoveryWorld } from './support/world';
import { asFunction, callsBelongToNoFunction } from '../../support/aws-mocks';

const world = recoveryWorld();
const identity = () =>
  new CognitoIdentityProvider(new CognitoIdentityProviderClient({}), {
    userPoolId: process.env.COGNITO_USER_POOL_ID as string,
    clientId: process.env.COGNITO_CLIENT_ID as string,
  });
/** Both functions that reset a factor run this flow: its calls are held to both roles (test/support/aws-mocks.ts). */
const RESETTING_FUNCTIONS = ['post-mfa-recovery-confirm', 'post-users-mfa-reset'];
const resetAs = asFunction(RESETTING_FUNCTIONS, resetFactorInPlace);
const reset = (username: string) => resetAs({ identity: identity(), randomBytes: secureRandomBytes }, username);

/** Ada as a real account looks before it loses its phone: TOTP, a name, a group, a live session. */
async function seedAda() {
  await world.seed(ADA);
  world.pool.groups.add('reviewers');
  const user = world.pool.byEmail(ADA.email)!;
  user.attributes.given_name = 'Ada';
  user.attributes.locale = 'en-GB';
  user.groups.add('reviewers');
  const refreshToken = world.pool.startSession(user.username);
  return { user, before: structuredClone({ ...user, groups: [...user.groups] }), refreshToken };
}

/** What the reset must leave: the same user in every respect but factor, password, sessions and status. */
function expectReset(username: string, before: { attributes: Record<string, string>; groups: string[]; enabled: boolean }, label = 'reset state') {
  const user = world.pool.users.get(username);
  expect(user, label).toBeDefined();
  expect(world.pool.users.size, label).toBe(1);
  expect(user!.attributes, label).toEqual(before.attributes);
  expect([...user!.groups], label).toEqual(before.groups);
  expect(user!.enabled, label).toBe(before.enabled);
  expect(user!.mfaConfigured, label).toBe(false);
  expect(user!.refreshTokens.size, label).toBe(0);
  expect(user!.status, label).toBe('FORCE_CHANGE_PASSWORD');
  expect(user!.password, label).not.toBe(ADA.password);
  expect(world.pool.invitations.at(-1), label).toBe(ADA.email);
}

beforeEach(() => world.reset());

describe('resetFactorInPlace', () => {
  it('keeps sub, custom:userId, attributes, groups and the enabled flag; deletes the factor, signs out, re-invites', async () => {
    const { user, before } = await seedAda();

    await reset(user.username);

    expectReset(user.username, before);
    expect(world.pool.users.get(user.username)!.attributes).toMatchObject({ sub: before.attributes.sub, [USER_ID_ATTRIBUTE]: ADA.userId, given_name: 'Ada' });
    expect(world.pool.invitations).toEqual([ADA.email]);
  });

  it('keeps a disabled user disabled', async () => {
    const { user, before } = await seedAda();
    user.enabled = false;

    await reset(user.username);

    expectReset(user.username, { ...before, enabled: false });
  });

  it('locks first (temporary password + sign-out together), then deletes the factor and re-invites together: two rounds', async () => {
    const { user } = await seedAda();

    await reset(user.username);

    expect(world.calls).toEqual([
      'cognito:AdminSetUserPassword',
      'cognito:AdminUserGlobalSignOut',
      'cognito:AdminDeleteSoftwareToken',
      'cognito:AdminCreateUser',
    ]);
    const [setPassword, signOut, deleteToken, resend] = world.log.map((call) => call.input);
    expect(setPassword).toMatchObject({ Username: user.username, Permanent: false });
    expect(signOut).toEqual({ UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: user.username });
    expect(deleteToken).toEqual({ UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: user.username });
    // No TemporaryPassword: Cognito generates the one it emails, so this service never knows it.
    expect(resend).toEqual({
      UserPoolId: process.env.COGNITO_USER_POOL_ID,
      Username: user.username,
      MessageAction: 'RESEND',
      DesiredDeliveryMediums: ['EMAIL'],
    });
  });

  it("decides first: the caller's guard runs before any change, and a refusal changes nothing", async () => {
    const { user, before } = await seedAda();
    const seen: string[] = [];
    const guard = async () => {
      seen.push(...world.calls);
      throw new Error('refused');
    };

    await expect(resetAs({ identity: identity(), randomBytes: secureRandomBytes }, user.username, { guard })).rejects.toThrow('refused');

    expect(seen).toEqual([]);
    expect(world.calls).toEqual([]);
    const left = world.pool.users.get(user.username)!;
    expect({ ...left, groups: [...left.groups] }).toEqual(before);
  });

  it('sets a fresh random, policy-compliant temporary password each time and never logs it', async () => {
    const { user } = await seedAda();
    await reset(user.username);
    await reset(user.username);
    const passwords = world.log.filter((call) => call.name === 'cognito:AdminSetUserPassword').map((call) => call.input.Password as string);
    expect(new Set(passwords).size).toBe(2);
    for (const password of passwords) {
      expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{12,}$/);
      expect(capturedLines().join('\n')).not.toContain(password);
    }
  });

  it.each(['ResourceNotFoundException', 'success'] as const)(
    'resets a user who already has no factor (Cognito answering %s for it), so calling twice converges',
    async (answer) => {
      const { user, before } = await seedAda();
      world.pool.absentFactorAnswer = answer;
      await reset(user.username);
      await reset(user.username);
      expectReset(user.username, before);
      expect(world.pool.invitations).toEqual([ADA.email, ADA.email]);
    },
  );

  it.each(['ResourceNotFoundException', 'success'] as const)(
    'never leaves a factor-less user whose old password still works, whichever call fails, and a second call converges (no factor: %s)',
    async (answer) => {
      const happyCalls = ['cognito:AdminSetUserPassword', 'cognito:AdminUserGlobalSignOut', 'cognito:AdminDeleteSoftwareToken', 'cognito:AdminCreateUser'];
      for (const when of ['before', 'after'] as const) {
        for (const [index, call] of happyCalls.entries()) {
          const label = `${call} failing ${when} taking effect`;
          world.reset();
          world.pool.absentFactorAnswer = answer;
          const { user, before } = await seedAda();
          world.failCalls({ index, when, error: genericFaults.serviceError });

          await expect(reset(user.username), label).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

          const left = world.pool.users.get(user.username)!;
          // Both calls of a round are awaited: the failed run made every call of the rounds it reached.
          expect(world.calls.length, label).toBe(index < 2 ? 2 : 4);
          if (!left.mfaConfigured) expect(left.password, `${label}: factor gone only with the old password`).not.toBe(ADA.password);
          expect(left.attributes, label).toEqual(before.attributes);

          await reset(user.username);
          expectReset(user.username, before, `${label}: retry`);
        }
      }
    },
  );

  it('reports a replica region (AdminDeleteSoftwareToken not enabled) as OperationNotEnabledError', async () => {
    const { user } = await seedAda();
    world.pool.replicaRegion = true;
    const error = await reset(user.username).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OperationNotEnabledError);
    expect(error).toMatchObject({ operation: 'AdminDeleteSoftwareToken', code: 'SERVICE_UNAVAILABLE' });
    // Locked and re-invited, but the factor is still there: the operator switches to `recreate`.
    expect(world.pool.users.get(user.username)!.mfaConfigured).toBe(true);
  });

  describe('keeping the password (a recovery code proved it)', () => {
    const keepAs = asFunction('post-mfa-recovery-code', resetFactorInPlace);
    const keep = (username: string) => keepAs({ identity: identity(), randomBytes: secureRandomBytes }, username, { keepPassword: true });

    it('signs out, then deletes the factor: password, status and everything else kept, nothing emailed; the next sign-in answers MFA_SETUP', async () => {
      const { user, before } = await seedAda();

      await keep(user.username);

      expect(world.calls).toEqual(['cognito:AdminUserGlobalSignOut', 'cognito:AdminDeleteSoftwareToken']);
      const left = world.pool.users.get(user.username)!;
      expect(left).toMatchObject({ password: ADA.password, status: before.status, enabled: true, mfaConfigured: false, attributes: before.attributes });
      expect([...left.groups]).toEqual(before.groups);
      expect(left.refreshTokens.size).toBe(0);
      expect(world.pool.invitations).toEqual([]);
      expect(
        world.pool.adminInitiateAuth({ AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: ADA.email, PASSWORD: ADA.password } }),
      ).toMatchObject({
        ChallengeName: 'MFA_SETUP',
      });
    });

    it.each(['before', 'after'] as const)(
      'never leaves live sessions without the factor: a failure %s taking effect, then a second call, converges',
      async (when) => {
        for (const index of [0, 1]) {
          world.reset();
          const { user } = await seedAda();
          world.failCalls({ index, when, error: genericFaults.serviceError });
          await expect(keep(user.username)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
          const left = world.pool.users.get(user.username)!;
          if (!left.mfaConfigured) expect(left.refreshTokens.size, `call ${index} failing ${when}`).toBe(0);
          await keep(user.username);
          expect(world.pool.users.get(user.username), `call ${index} failing ${when}: retry`).toMatchObject({ mfaConfigured: false, password: ADA.password });
        }
      },
    );
  });

  it('reports a user that is gone as UserNotFoundError', async () => {
    await expect(reset('no-such-user')).rejects.toBeInstanceOf(UserNotFoundError);
  });
});

describe('CognitoIdentityProvider reset commands (aws-sdk-client-mock)', () => {
  callsBelongToNoFunction('the Cognito adapter alone; resetFactorInPlace above, and the functions that run it, hold these commands to their roles');
  // The world's mock (a second mockClient of the same class would replace it), without its fakes.
  const cognito = world.cognito;
  beforeEach(() => cognito.reset());
  const notFound = () => new UserNotFoundException({ message: 'User does not exist.', $metadata: {} });

  it.each([
    ['setTemporaryPassword', AdminSetUserPasswordCommand, { Password: 'Tmp-Pa55word!x', Permanent: false }],
    ['deleteSoftwareToken', AdminDeleteSoftwareTokenCommand, {}],
    ['signOutEverywhere', AdminUserGlobalSignOutCommand, {}],
  ] as const)('%s sends its command for the one user and maps UserNotFoundException', async (method, command, extra) => {
    cognito.on(command as never).resolves({});
    const adapter = identity();
    await (adapter[method] as (username: string, password?: string) => Promise<void>)('user-1', 'Tmp-Pa55word!x');
    expect(cognito).toHaveReceivedCommandWith(command as never, { UserPoolId: process.env.COGNITO_USER_POOL_ID, Username: 'user-1', ...extra } as never);

    cognito.on(command as never).rejects(notFound());
    await expect((adapter[method] as (username: string, password?: string) => Promise<void>)('user-1', 'Tmp-Pa55word!x')).rejects.toBeInstanceOf(
      UserNotFoundError,
    );
  });

  it('treats ResourceNotFoundException of AdminDeleteSoftwareToken (no factor registered) as done', async () => {
    cognito.on(AdminDeleteSoftwareTokenCommand).rejects(new ResourceNotFoundException({ message: 'Software token not found', $metadata: {} }));
    await expect(identity().deleteSoftwareToken('user-1')).resolves.toBeUndefined();
  });

  it('maps OperationNotEnabledException of AdminDeleteSoftwareToken to OperationNotEnabledError', async () => {
    cognito.on(AdminDeleteSoftwareTokenCommand).rejects(new OperationNotEnabledException({ message: 'not in replica regions', $metadata: {} }));
    await expect(identity().deleteSoftwareToken('user-1')).rejects.toBeInstanceOf(OperationNotEnabledError);
  });

  it('re-sends the invitation by username', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    await identity().resendInvitation('user-1');
    expect(cognito).toHaveReceivedCommandWith(AdminCreateUserCommand, { Username: 'user-1', MessageAction: 'RESEND' });
  });
});
