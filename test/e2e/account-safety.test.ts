import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { cognito, cognitoUser, cognitoUserCount, groupsOf, local, putTableItems, tableItem, uniqueEmail, userRecord } from './support/emulator';
import { FIRST_SIGN_IN_DEFAULTS } from '../../lambdas/auth/settings';
import { adminToken, call, temporaryPasswordsFor, withinOneAttemptWindow } from './support/local-api';

/**
 * POST /admins never adopts, promotes or deletes a Cognito user that is not an untouched leftover
 * of its own: the adoption policy's refusals, seen from outside.
 */

const PASSWORD = 'Own-Chosen-Passw0rd-1!';

/** A Cognito user made as our flows make them (email, custom:userId), without an invitation. */
async function createCognitoUser(email: string, userId: string) {
  await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: local.userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:userId', Value: userId },
      ],
    }),
  );
}

/** Someone chose a password: the user is CONFIRMED. */
async function setPassword(email: string) {
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: local.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
}

/** Everything POST /admins could touch for the Cognito user now holding `email`, and the records of `userId`. */
async function snapshot(email: string, userId: string) {
  const { $metadata: _metadata, ...user } = await cognitoUser(email);
  return {
    user,
    groups: await groupsOf(email),
    count: await cognitoUserCount(email),
    record: await userRecord(userId),
    adminInfo: await tableItem(keys.adminInfo(userId)),
    claim: await tableItem(keys.email(email)),
  };
}

async function provisionRefused(email: string) {
  const response = await call('/admins', { token: await adminToken(), body: { email } });
  expect(response.status).toBe(409);
  // A definite "taken", not "being provisioned, try again in a minute" (whose retry would adopt it).
  expect(response.body.error.code).toBe('USER_ALREADY_EXISTS');
}

describe('POST /admins over an existing Cognito user that is not its own', () => {
  it("a practitioner's email changed in the console, then provisioned: 409, the practitioner's user, groups and records unchanged", async () => {
    const userId = randomUUID();
    const email = uniqueEmail('practitioner');
    await createCognitoUser(email, userId);
    await setPassword(email);
    const { Username, attributes } = await cognitoUser(email);
    const now = new Date().toISOString();
    await putTableItems([
      {
        ...keys.user(userId),
        entity: 'User',
        userId,
        email,
        role: 'practitioner',
        cognitoUsername: Username,
        cognitoSub: attributes.sub,
        createdAt: now,
        updatedAt: now,
      },
      { ...keys.email(email), entity: 'EmailClaim', userId, createdAt: now },
    ]);

    // Support changes the address in the console; the database keeps the old one.
    const changed = uniqueEmail('practitioner.new');
    await cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: local.userPoolId,
        Username: email,
        UserAttributes: [
          { Name: 'email', Value: changed },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const before = await snapshot(changed, userId);
    expect(before.record).toMatchObject({ role: 'practitioner', email });

    await provisionRefused(changed);

    expect(await snapshot(changed, userId)).toEqual(before);
    expect(before.groups).toEqual([]);
    expect(before.adminInfo).toBeUndefined();
    expect(await tableItem(keys.email(email))).toMatchObject({ userId });
  });

  it.each([
    ['a CONFIRMED Cognito user without records (e.g. a seeding leftover)', setPassword],
    [
      'a disabled Cognito user without records',
      (email: string) => cognito.send(new AdminDisableUserCommand({ UserPoolId: local.userPoolId, Username: email })),
    ],
  ])('%s is never adopted: 409, nothing changed', async (_label, makeUntouchable) => {
    const userId = randomUUID();
    const email = uniqueEmail('leftover');
    await createCognitoUser(email, userId);
    await makeUntouchable(email);
    const before = await snapshot(email, userId);

    await provisionRefused(email);

    expect(await snapshot(email, userId)).toEqual(before);
    expect(before.groups).toEqual([]);
    expect(before.record).toBeUndefined();
    expect(before.claim).toBeUndefined();
  });
});

describe('POST /auth/new-password is no password oracle', () => {
  it('a right password of a confirmed user, a wrong one, an unknown and a disabled user: the same 401, byte for byte', async () => {
    const email = uniqueEmail('confirmed');
    await createCognitoUser(email, randomUUID());
    await setPassword(email);
    const disabled = uniqueEmail('disabled');
    await createCognitoUser(disabled, randomUUID());
    await setPassword(disabled);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: local.userPoolId, Username: disabled }));

    const attempts = [
      { username: email, temporaryPassword: PASSWORD },
      { username: email, temporaryPassword: `${PASSWORD}x` },
      { username: uniqueEmail('nobody'), temporaryPassword: PASSWORD },
      { username: disabled, temporaryPassword: PASSWORD },
    ];
    const answers = await Promise.all(attempts.map((body) => call('/auth/new-password', { body: { ...body, newPassword: 'Another-Passw0rd-2!' } })));
    for (const answer of answers) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'INVALID_CREDENTIALS', message: 'Incorrect username or password.' } });
    }
    expect((await cognitoUser(email)).UserStatus).toBe('CONFIRMED');
  });
});

describe('POST /auth/new-password: a stranger cannot lock an invitee out', () => {
  it("a stranger's failed attempts from one address do not block the invitee's first sign-in from another", async () => {
    const token = await adminToken();
    const email = uniqueEmail('invitee');
    expect((await call('/admins', { token, body: { email } })).status).toBe(201);
    const [temporaryPassword] = await temporaryPasswordsFor(email);
    const limit = FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_PER_ACCOUNT_AND_IP;
    // limit + 2 answers behind the 2 s response floor, with room to spare, in one counting window.
    await withinOneAttemptWindow(FIRST_SIGN_IN_DEFAULTS.FIRST_SIGN_IN_LIMIT_WINDOW_SECONDS, 90);

    // The stranger, from 127.0.0.2, fails the invitee's first sign-in until limited.
    const strangers: number[] = [];
    for (let i = 0; i <= limit; i += 1) {
      const guess = { username: email, temporaryPassword: `Wrong-Guess-${i}!`, newPassword: 'Stranger-Chosen-1!' };
      strangers.push((await call('/auth/new-password', { body: guess, sourceIp: '127.0.0.2' })).status);
    }
    expect(strangers).toEqual([...Array(limit).fill(401), 429]);

    // The invitee, from 127.0.0.3, signs in for the first time.
    const own = { username: email, temporaryPassword, newPassword: PASSWORD };
    const invitee = await call('/auth/new-password', { body: own, sourceIp: '127.0.0.3' });
    expect(invitee.status).toBe(200);
    expect(invitee.body).toMatchObject({ status: 'CHALLENGE', challengeName: 'MFA_SETUP' });
    expect((await cognitoUser(email)).UserStatus).toBe('CONFIRMED');
  }, 240_000);
});
