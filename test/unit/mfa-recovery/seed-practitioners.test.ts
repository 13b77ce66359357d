import { beforeEach, describe, expect, it } from 'vitest';
import { keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { ADOPTION_WINDOW_MS } from '../../../lambdas/identity/adoption-policy';
import { expectDatesOfBirthNeverLogged } from './support/log-checks';
import { ADA, FIXTURE_DATES_OF_BIRTH, GRACE, recoveryWorld } from './support/world';
import { callsBelongToNoFunction } from '../../support/aws-mocks';

callsBelongToNoFunction('scripts/seed/ runs as an operator with their own credentials, not as a function of the stack');

const world = recoveryWorld();
expectDatesOfBirthNeverLogged(FIXTURE_DATES_OF_BIRTH);

beforeEach(() => world.reset());

describe('seedPractitioners', () => {
  it('creates a confirmed Cognito user (no invitation) and the User, normalized License and email-claim items', async () => {
    await world.seed({
      ...GRACE,
      email: ' Grace.Doctor@Example.com',
      licenses: [{ ...GRACE.licenses[0], jurisdiction: 'ny', licenseNumber: 's3cr3t-301234' }],
    });

    const cognitoUser = world.pool.byEmail(GRACE.email);
    expect(cognitoUser).toMatchObject({ status: 'CONFIRMED', password: GRACE.password });
    expect(cognitoUser?.attributes['custom:userId']).toBe(GRACE.userId);
    expect(world.pool.invitations).toEqual([]);

    expect(world.userItem(GRACE.userId)).toMatchObject({
      entity: 'User',
      role: 'practitioner',
      email: GRACE.email,
      cognitoUsername: cognitoUser?.username,
      cognitoSub: cognitoUser?.attributes.sub,
    });
    expect(world.table.item(keys.email(GRACE.email))).toMatchObject({ userId: GRACE.userId });
    expect(world.table.item(keys.license(GRACE.userId, GRACE.licenses[0]))).toMatchObject({ entity: 'License', ...GRACE.licenses[0] });
  });

  it('is idempotent: a second run leaves existing practitioners untouched', async () => {
    await world.seed(ADA);
    const before = world.table.all();
    await world.seed(ADA);
    expect(world.table.all()).toEqual(before);
    expect(world.pool.users.size).toBe(1);
  });

  /** A Cognito user for ADA's email left by an earlier run, without records. */
  function leftover(status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED') {
    world.pool.adminCreateUser({ Username: ADA.email, UserAttributes: [{ Name: 'custom:userId', Value: 'leftover-id' }], MessageAction: 'SUPPRESS' });
    const user = world.pool.byEmail(ADA.email)!;
    user.status = status;
    user.createdAt = new Date(Date.now() - ADOPTION_WINDOW_MS - 1_000);
    return { ...user, attributes: { ...user.attributes } };
  }

  it('completes a run interrupted before the password was set: adopts the untouched leftover', async () => {
    const before = leftover('FORCE_CHANGE_PASSWORD');
    await world.seed(ADA);
    expect(world.pool.users.size).toBe(1);
    expect(world.pool.byEmail(ADA.email)).toMatchObject({ username: before.username, status: 'CONFIRMED' });
    expect(world.userItem('leftover-id')).toMatchObject({ cognitoUsername: before.username });
  });

  it('never adopts a CONFIRMED Cognito user without records: refuses with 409 and changes nothing', async () => {
    const before = leftover('CONFIRMED');
    await expect(world.seed(ADA)).rejects.toMatchObject({ code: 'USER_ALREADY_EXISTS' });
    expect(world.pool.byEmail(ADA.email)).toEqual(before);
    expect(world.table.all()).toEqual([]);
  });
});
