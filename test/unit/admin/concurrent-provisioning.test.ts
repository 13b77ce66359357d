import { AdminAddUserToGroupCommand } from '@aws-sdk/client-cognito-identity-provider';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { adminIndexKeys, keys } from '../../../lambdas/adapters/dynamodb/table-layout';
import { handler as postAdminsHandler } from '../../../lambdas/handlers/post-admins';
import { apiEvent, CALLER_USER_ID, idTokenClaims } from '../../support/events';
import { genericFaults } from '../../support/faults';
import { captureLogs } from '../../support/logs';
import { secret } from '../../support/secrets';
import { recoveryWorld } from '../mfa-recovery/support/world';
import { asFunction } from '../../support/aws-mocks';

/**
 * Two POST /admins for one email race over a leftover Cognito user (an earlier attempt's, whose
 * roll-back failed a day ago): both meet it, both may adopt it. Whatever the interleaving, the
 * loser's roll-back must never delete the Cognito user the winner's records name. Run over the
 * stateful fakes through the real handler; each test holds one call until the other request has
 * reached a chosen point.
 */
const world = recoveryWorld();

const EMAIL = 'raced.admin@example.com';
const LEFTOVER = { username: 'leftover-username', sub: 'leftover-sub', userId: '5b7e1c2d-4a3f-4e6b-9c8d-7f6e5d4c3b2a' };

beforeEach(() => {
  world.reset();
  const createdAt = '2026-01-01T00:00:00.000Z';
  const caller = { userId: CALLER_USER_ID, email: 'boss@example.com', createdBy: 'founder', createdAt, lastInvitedAt: createdAt, accountStatus: 'ACTIVE' };
  world.table.put({ ...keys.adminInfo(CALLER_USER_ID), ...adminIndexKeys(caller), entity: 'AdminInfo', ...caller });
  world.pool.users.set(LEFTOVER.username, {
    username: LEFTOVER.username,
    attributes: { sub: LEFTOVER.sub, email: EMAIL, email_verified: 'true', 'custom:userId': LEFTOVER.userId },
    status: 'FORCE_CHANGE_PASSWORD',
    password: secret('Temp-Pa55word!'),
    mfaConfigured: false,
    enabled: true,
    groups: new Set(),
    refreshTokens: new Set(),
    createdAt: new Date(Date.now() - 86_400_000),
  });
});

// Every call is held to the function's synthesized role (test/support/aws-mocks.ts).
const handler = asFunction('post-admins', postAdminsHandler);
const provision = () => handler(apiEvent({ body: { email: EMAIL }, claims: idTokenClaims(), path: '/admins' }));

/** A promise and the function that settles it. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

/** Counts the calls of AdminAddUserToGroup and TransactWriteItems, answering the `nth` one with `answer` (given the fake's own answer). */
function intercept(command: 'AdminAddUserToGroup' | 'TransactWriteItems', nth: number, answer: (original: () => unknown) => Promise<unknown>) {
  let seen = 0;
  const fake = (input: any) => (command === 'AdminAddUserToGroup' ? world.pool.adminAddUserToGroup(input) : world.table.transactWrite(input));
  const calls = { count: 0 };
  const respond = async (input: any) => {
    calls.count += 1;
    return ++seen === nth ? answer(() => fake(input)) : fake(input);
  };
  if (command === 'AdminAddUserToGroup') world.cognito.on(AdminAddUserToGroupCommand).callsFake(respond);
  else world.dynamo.on(TransactWriteCommand).callsFake(respond);
  return calls;
}

/** What the race left: Cognito users with this email, and the user id the records name. */
function outcome() {
  const users = [...world.pool.users.values()].filter((user) => user.attributes.email === EMAIL);
  const claim = world.table.item(keys.email(EMAIL));
  const record = claim && world.table.item(keys.user(String(claim.userId)));
  return { users, record };
}

describe('two concurrent POST /admins for one email over a leftover Cognito user', () => {
  it("the loser's step fails after the winner committed: its roll-back keeps the winner's Cognito user", async () => {
    const committed = signal();
    // The second request's AdminAddUserToGroup fails, but only answers once the first request's records are written.
    intercept('AdminAddUserToGroup', 2, async () => {
      await committed.fired;
      throw genericFaults.serviceError();
    });
    intercept('TransactWriteItems', 1, async (write) => {
      const written = write();
      committed.fire();
      return written;
    });

    const { result: responses } = await captureLogs(() => Promise.all([provision(), provision()]));

    expect(responses.map((response) => response.statusCode)).toEqual([201, 503]);
    const { users, record } = outcome();
    // The records name the leftover, adopted by the winner, and it still exists, in admins.
    expect(record).toMatchObject({ userId: LEFTOVER.userId, cognitoUsername: LEFTOVER.username });
    expect(users.map((user) => [user.username, [...user.groups]])).toEqual([[LEFTOVER.username, ['admins']]]);
  });

  it("the loser's roll-back fences first: the winner's transaction is refused, so no records name a deleted user", async () => {
    const rolledBack = signal();
    // The first request's transaction is held until the second request has rolled back (fenced and deleted the leftover).
    const transactions = intercept('TransactWriteItems', 1, async (write) => {
      await rolledBack.fired;
      return write();
    });
    intercept('AdminAddUserToGroup', 2, async () => {
      throw genericFaults.serviceError();
    });
    const second = (async () => {
      // Let the first request reach its transaction before the second starts.
      while (transactions.count === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      const response = await provision();
      rolledBack.fire();
      return response;
    })();

    const { result: responses } = await captureLogs(() => Promise.all([provision(), second]));

    // The winner-to-be is told to try again in a minute; the loser reports its failure.
    expect(responses.map((response) => response.statusCode)).toEqual([409, 503]);
    expect(JSON.parse(responses[0].body).error.code).toBe('INVALID_USER_STATE');
    const { users, record } = outcome();
    expect(record).toBeUndefined();
    expect(users).toEqual([]);
  });
});
