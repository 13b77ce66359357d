import { AdminDisableUserCommand, AdminEnableUserCommand, AdminUpdateUserAttributesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { cognito, cognitoUser, local, sesEmailsTo, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, completeFirstSignIn, outboxFor, signIn, temporaryPasswordsFor, tokensFor } from './support/local-api';

const PASSWORD = 'Chosen-Passw0rd-123!';

/** Every admin GET /admins lists, following the cursor to the last page. */
async function allAdmins(token: string): Promise<{ userId: string; email: string; status: string; createdBy: string; lastInvitedAt: string }[]> {
  const admins = [];
  let cursor: string | undefined;
  do {
    const page = await call(`/admins?limit=10${cursor ? `&cursor=${cursor}` : ''}`, { method: 'GET', token });
    expect(page.status).toBe(200);
    admins.push(...page.body.admins);
    cursor = page.body.nextCursor;
  } while (cursor);
  return admins;
}

const statusOf = async (token: string, userId: string) => (await allAdmins(token)).find((admin) => admin.userId === userId)?.status;

describe('admin operations on the local API', () => {
  it('list, deactivate (refused with a still-valid token), reactivate, MFA reset, and the audit trail of it all', async () => {
    const token = await adminToken();
    const boss = await cognitoUser(local.admin.email);
    const email = uniqueEmail('colleague');

    // A new admin is listed INVITED, then ACTIVE once their password and authenticator are set.
    const created = await call('/admins', { token, body: { email } });
    expect(created.status).toBe(201);
    const { userId } = created.body;
    const listed = (await allAdmins(token)).find((admin) => admin.userId === userId);
    expect(listed).toMatchObject({ email, status: 'INVITED', createdBy: boss.attributes['custom:userId'], lastInvitedAt: expect.any(String) });
    const [temporaryPassword] = await temporaryPasswordsFor(email);
    const { secret } = await completeFirstSignIn(email, temporaryPassword, PASSWORD);
    expect(await statusOf(token, userId)).toBe('ACTIVE');

    // Nobody deactivates themselves.
    const self = await call(`/admins/${local.admin.userId}/deactivate`, { token });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('CANNOT_DEACTIVATE_SELF');

    // Deactivated: their still-valid ID token is refused on the very next admin request, and they cannot sign in.
    const colleagueToken = (await tokensFor(email, PASSWORD, secret)).idToken;
    // The post-authentication trigger recorded the sign-in as it happened (the token's auth_time, to the second),
    // so listings know them ACTIVE without asking Cognito; GET /admins itself only reads.
    const authTime = Number(JSON.parse(Buffer.from(colleagueToken.split('.')[1], 'base64url').toString()).auth_time);
    const signedInAt = Date.parse(String((await tableItem(keys.adminInfo(userId)))?.lastSignInAt));
    expect(Math.floor(signedInAt / 1_000)).toBeGreaterThanOrEqual(authTime - 1);
    expect(Math.floor(signedInAt / 1_000)).toBeLessThanOrEqual(authTime + 1);
    const infoBeforeListing = await tableItem(keys.adminInfo(userId));
    expect((await call('/admins', { method: 'GET', token: colleagueToken })).status).toBe(200);
    expect(await tableItem(keys.adminInfo(userId))).toEqual(infoBeforeListing);
    expect(await statusOf(token, userId)).toBe('ACTIVE');
    const deactivated = await call(`/admins/${userId}/deactivate`, { token });
    expect(deactivated).toMatchObject({ status: 200, body: { userId, status: 'DEACTIVATED' } });
    const refused = await call('/admins', { method: 'GET', token: colleagueToken });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    expect((await signIn(email, PASSWORD, secret)).status).toBe(401);
    expect(await statusOf(token, userId)).toBe('DEACTIVATED');
    expect((await cognitoUser(email)).Enabled).toBe(false);

    // Reactivated: they sign in and act again.
    expect((await call(`/admins/${userId}/reactivate`, { token })).status).toBe(200);
    const back = (await tokensFor(email, PASSWORD, secret)).idToken;
    expect((await call('/admins', { method: 'GET', token: back })).status).toBe(200);

    // MFA reset by another admin: notified by email, re-invited; the next sign-in sets a password, then MFA_SETUP.
    const own = await call(`/users/${local.admin.userId}/mfa-reset`, { token, body: { reason: 'testing' } });
    expect(own.status).toBe(409);
    expect(own.body.error.code).toBe('CANNOT_RESET_OWN_MFA');
    const reset = await call(`/users/${userId}/mfa-reset`, { token, body: { reason: 'Lost phone; identity confirmed on a call' } });
    expect(reset).toMatchObject({ status: 202, body: { userId, status: 'MFA_RESET' } });
    expect((await sesEmailsTo(email)).length).toBeGreaterThanOrEqual(1);
    expect((await signIn(email, PASSWORD, secret)).status).toBe(401);
    // The sign-in on record is older than the new invitation: the listing asks Cognito again.
    const afterResetInfo = await tableItem(keys.adminInfo(userId));
    expect(String(afterResetInfo?.lastSignInAt) < String(afterResetInfo?.lastInvitedAt)).toBe(true);
    expect(await statusOf(token, userId)).toBe('INVITED');
    const passwords = await temporaryPasswordsFor(email);
    expect(passwords).toHaveLength(2);
    const afterReset = await call('/auth/new-password', { body: { username: email, temporaryPassword: passwords[1], newPassword: 'Another-Passw0rd-456!' } });
    expect(afterReset.status).toBe(200);
    expect(afterReset.body).toMatchObject({ status: 'CHALLENGE', challengeName: 'MFA_SETUP' });

    // The audit trail: every event, newest first, with who did it and from where.
    const trail = await call(`/users/${userId}/audit?limit=3`, { method: 'GET', token });
    expect(trail.status).toBe(200);
    expect(trail.body.events).toHaveLength(3);
    const rest = await call(`/users/${userId}/audit?cursor=${trail.body.nextCursor}`, { method: 'GET', token });
    const events = [...trail.body.events, ...rest.body.events];
    expect(events.map((event: { event: string }) => event.event)).toEqual([
      'FIRST_SIGN_IN_COMPLETED',
      'ADMIN_MFA_RESET',
      'ADMIN_REACTIVATED',
      'ADMIN_DEACTIVATED',
      'FIRST_SIGN_IN_COMPLETED',
      'ADMIN_PROVISIONED',
    ]);
    for (const event of events) {
      expect(event).toMatchObject({ userId, sourceIp: '127.0.0.1', outcome: 'SUCCESS', correlationId: expect.any(String), time: expect.any(String) });
      // By our user id (the one GET /admins shows): the user's own acts name the user, the others the acting admin.
      expect(event.actor).toBe(event.event === 'FIRST_SIGN_IN_COMPLETED' ? userId : local.admin.userId);
      if (event.event !== 'FIRST_SIGN_IN_COMPLETED') expect(event.actorSub).toBe(boss.attributes.sub);
    }
    expect(events[1].details).toEqual({ reason: 'Lost phone; identity confirmed on a call', strategy: 'reset' });
  });

  it('an admin disabled in the Cognito console cannot re-enable themselves with a still-valid token, nor be re-enabled silently', async () => {
    const token = await adminToken();
    const email = uniqueEmail('console-disabled');
    const created = await call('/admins', { token, body: { email } });
    expect(created.status).toBe(201);
    const { userId } = created.body;
    const [temporaryPassword] = await temporaryPasswordsFor(email);
    const { secret } = await completeFirstSignIn(email, temporaryPassword, PASSWORD);
    const ownToken = (await tokensFor(email, PASSWORD, secret)).idToken;
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: local.userPoolId, Username: email }));

    const self = await call(`/admins/${userId}/reactivate`, { token: ownToken });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('CANNOT_REACTIVATE_SELF');
    // The database never said DEACTIVATED: not this route's to re-enable, for anyone.
    const other = await call(`/admins/${userId}/reactivate`, { token });
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('INVALID_USER_STATE');
    expect((await cognitoUser(email)).Enabled).toBe(false);
    const trail = await call(`/users/${userId}/audit`, { method: 'GET', token });
    expect(trail.body.events.map((event: { event: string }) => event.event)).not.toContain('ADMIN_REACTIVATED');
  });

  it('an admin MFA reset of a Cognito user disabled or drifted behind our back is refused, and the account is left exactly as it was', async () => {
    const token = await adminToken();
    /** Everything a reset could change: the Cognito user, our records, the audit trail, the emails sent. */
    const stateOf = async (userId: string, username: string) => ({
      // Everything AdminGetUser answers (status, enabled flag, attributes, factor, last-modified time) but the request's own metadata.
      cognito: { ...(await cognitoUser(username)), $metadata: undefined },
      user: await tableItem(keys.user(userId)),
      adminInfo: await tableItem(keys.adminInfo(userId)),
      trail: (await call(`/users/${userId}/audit`, { method: 'GET', token })).body.events,
      outbox: (await call('/_local/outbox', { method: 'GET' })).body.emails.length,
    });
    const signedInAdmin = async (label: string) => {
      const email = uniqueEmail(label);
      const created = await call('/admins', { token, body: { email } });
      expect(created.status).toBe(201);
      const [temporaryPassword] = await temporaryPasswordsFor(email);
      const { secret } = await completeFirstSignIn(email, temporaryPassword, PASSWORD);
      return { email, userId: created.body.userId as string, secret, username: (await cognitoUser(email)).Username as string };
    };
    const refusedTwice = async (userId: string, message: RegExp) => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const refused = await call(`/users/${userId}/mfa-reset`, { token, body: { reason: 'Lost phone' } });
        expect(refused.status).toBe(409);
        expect(refused.body.error).toEqual({ code: 'INVALID_USER_STATE', message: expect.stringMatching(message) });
      }
    };

    // Disabled in the Cognito console: not re-invited (which would bring it back), not reset; enabled again, it signs in as before.
    const disabled = await signedInAdmin('reset-disabled');
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: local.userPoolId, Username: disabled.username }));
    const disabledBefore = await stateOf(disabled.userId, disabled.username);
    await refusedTwice(disabled.userId, /disabled in Cognito/);
    expect(await stateOf(disabled.userId, disabled.username)).toEqual(disabledBefore);
    await cognito.send(new AdminEnableUserCommand({ UserPoolId: local.userPoolId, Username: disabled.username }));
    expect((await signIn(disabled.email, PASSWORD, disabled.secret)).status).toBe(200);

    // Its email changed in Cognito only: whoever holds the new address must not get a temporary password.
    const drifted = await signedInAdmin('reset-drifted');
    const elsewhere = uniqueEmail('elsewhere');
    await cognito.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: local.userPoolId,
        Username: drifted.username,
        UserAttributes: [
          { Name: 'email', Value: elsewhere },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    const driftedBefore = await stateOf(drifted.userId, drifted.username);
    await refusedTwice(drifted.userId, /email in Cognito no longer matches/);
    expect(await stateOf(drifted.userId, drifted.username)).toEqual(driftedBefore);
    expect(await outboxFor(elsewhere)).toEqual([]);
    expect((await signIn(elsewhere, PASSWORD, drifted.secret)).status).toBe(200);
  });

  it('unknown user ids are 404, malformed ones 400 with details', async () => {
    const token = await adminToken();
    const unknown = '00000000-0000-4000-8000-00000000dead';
    expect((await call(`/admins/${unknown}/deactivate`, { token })).status).toBe(404);
    expect((await call(`/users/${unknown}/audit`, { method: 'GET', token })).status).toBe(404);
    const malformed = await call('/users/not-a-user/audit', { method: 'GET', token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details).toEqual([{ field: 'userId', message: expect.any(String) }]);
    const badCursor = await call('/admins?cursor=bm9wZQ', { method: 'GET', token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  });
});
