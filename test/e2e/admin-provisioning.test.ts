import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { ADMINS_GROUP } from '../../lambdas/shared/identity-settings';
import { cognitoUser, cognitoUserCount, groupsOf, local, tableItem, uniqueEmail, userRecord } from './support/emulator';
import { adminToken, call, completeFirstSignIn, signIn, temporaryPasswordsFor, tokensFor } from './support/local-api';

const NEW_PASSWORD = 'Chosen-Passw0rd-123!';

describe('admin sign-in', () => {
  it('asks the bootstrap admin for a TOTP code after the password, and refuses a wrong one', async () => {
    const { admin } = local;
    const withoutCode = await signIn(admin.email, admin.password);
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.error.details).toEqual([expect.objectContaining({ field: 'totpCode' })]);

    const wrongCode = await call('/_local/sign-in', { body: { email: admin.email, password: admin.password, totpCode: '000000' } });
    expect(wrongCode.status).toBe(401);

    const tokens = await tokensFor(admin.email, admin.password, admin.totpSecret);
    expect(tokens.idToken).toEqual(expect.any(String));
    const user = await cognitoUser(admin.email);
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
  });
});

describe('POST /admins, then the new admin signs in for the first time', () => {
  it('creates a linked Cognito admin and records; the invitee sets a password and enrols TOTP', async () => {
    const token = await adminToken();
    const caller = await cognitoUser(local.admin.email);
    const email = uniqueEmail('new.admin');

    const created = await call('/admins', { token, body: { email: `  ${email.toUpperCase()} ` } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ userId: expect.any(String), email, status: 'INVITED' });
    const { userId } = created.body;

    // Cognito: one user, pending, in admins, carrying our id.
    const invited = await cognitoUser(email);
    expect(invited.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(invited.attributes['custom:userId']).toBe(userId);
    expect(invited.attributes.email_verified).toBe('true');
    expect(await groupsOf(email)).toEqual([ADMINS_GROUP]);

    // DynamoDB: User + AdminInfo + email claim, linked to that Cognito user and to the provisioning admin.
    expect(await userRecord(userId)).toMatchObject({
      userId,
      email,
      role: 'admin',
      cognitoUsername: invited.Username,
      cognitoSub: invited.attributes.sub,
    });
    expect(await tableItem(keys.adminInfo(userId))).toMatchObject({ userId, createdBy: caller.attributes['custom:userId'] });
    expect(await tableItem(keys.email(email))).toMatchObject({ userId });

    // The invitation Cognito sends (recorded in the emulator's outbox) carries the temporary password.
    const [temporaryPassword] = await temporaryPasswordsFor(email);
    expect(temporaryPassword).toEqual(expect.any(String));

    const weak = await call('/auth/new-password', { body: { username: email, temporaryPassword, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('INVALID_PASSWORD');

    const { secret, tokens } = await completeFirstSignIn(email, temporaryPassword, NEW_PASSWORD);
    expect(tokens.IdToken).toEqual(expect.any(String));
    expect((await cognitoUser(email)).UserStatus).toBe('CONFIRMED');

    // From now on: password + TOTP, and the new admin can use the admin routes.
    expect((await signIn(email, NEW_PASSWORD)).status).toBe(400);
    const own = await tokensFor(email, NEW_PASSWORD, secret);
    expect((await cognitoUser(email)).UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
    const next = await call('/admins', { token: own.idToken, body: { email: uniqueEmail('third.admin') } });
    expect(next.status).toBe(201);

    // The temporary password is spent.
    const again = await call('/auth/new-password', { body: { username: email, temporaryPassword, newPassword: NEW_PASSWORD } });
    expect(again.status).toBe(401);
  });
});

describe('POST /admins validation', () => {
  it('refuses a structurally wrong body at the edge, and a malformed email in the handler', async () => {
    const token = await adminToken();
    const edge = await call('/admins', { token, body: { email: uniqueEmail('x'), role: 'admin' } });
    expect(edge.status).toBe(400);
    expect(edge.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: "The request body does not match the route's schema." } });

    const handler = await call('/admins', { token, body: { email: 'not-an-email' } });
    expect(handler.status).toBe(400);
    expect(handler.body.error.details).toEqual([{ field: 'email', message: 'must be a valid email address' }]);
  });
});

describe('POST /admins/resend-invite', () => {
  it('replaces the temporary password of a pending invitation', async () => {
    const token = await adminToken();
    const email = uniqueEmail('pending.admin');
    expect((await call('/admins', { token, body: { email } })).status).toBe(201);

    const resent = await call('/admins/resend-invite', { token, body: { email } });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual({ email, userId: expect.any(String), status: 'INVITE_SENT', previousInvitation: 'PENDING' });

    const [first, second] = await temporaryPasswordsFor(email);
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);
    expect(await cognitoUserCount(email)).toBe(1);

    const withOld = await call('/auth/new-password', { body: { username: email, temporaryPassword: first, newPassword: NEW_PASSWORD } });
    expect(withOld.status).toBe(401);
    const withNew = await call('/auth/new-password', { body: { username: email, temporaryPassword: second, newPassword: NEW_PASSWORD } });
    expect(withNew.status).toBe(200);
    expect(withNew.body.challengeName).toBe('MFA_SETUP');

    // The password is set: Cognito refuses RESEND (UnsupportedUserStateException), and nothing is sent.
    const sentBefore = (await temporaryPasswordsFor(email)).length;
    const late = await call('/admins/resend-invite', { token, body: { email } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('INVALID_USER_STATE');
    expect(await temporaryPasswordsFor(email)).toHaveLength(sentBefore);
    expect(await cognitoUserCount(email)).toBe(1);
  });

  it('answers 404 for an email without a Cognito user', async () => {
    const response = await call('/admins/resend-invite', { token: await adminToken(), body: { email: uniqueEmail('nobody') } });
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('USER_NOT_FOUND');
  });
});
