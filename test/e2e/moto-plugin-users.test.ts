import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { beforeAll, describe, expect, it } from 'vitest';
import { stackPropsFromCdkJson } from '../../local/environment';
import { emailsAfter } from '../../local/outbox';
import { INVITATION_MESSAGE, PASSWORD_POLICY } from '../../lib/user-pool-settings';
import { cognito, local, uniqueEmail } from './support/emulator';
import { confirmedUser, createTestPool, emailsTo, failure, inviteUser, PASSWORD, passwordSignIn, type TestPool } from './support/plugin-pool';

/** The plugin (local/moto_plugin) on moto's own endpoint, in a pool configured like the local API's. */
let pool: TestPool;
beforeAll(async () => {
  pool = await createTestPool();
});

function meetsPolicy(password: string): boolean {
  return (
    password.length >= PASSWORD_POLICY.minLength && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password)
  );
}

describe('AdminCreateUser without TemporaryPassword', () => {
  it('generates a policy-compliant temporary password and sends the invitation from the pool template', async () => {
    const email = uniqueEmail('invited');
    const user = await inviteUser(pool, email);
    expect(user?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');

    const [invitation, ...others] = await emailsTo(email);
    expect(others).toEqual([]);
    const temporaryPassword = invitation.temporaryPassword as string;
    expect(meetsPolicy(temporaryPassword)).toBe(true);
    expect(invitation).toMatchObject({ via: 'cognito', from: 'no-reply@verificationemail.com', to: [email], subject: INVITATION_MESSAGE.subject });
    expect(invitation.body).toBe(INVITATION_MESSAGE.body.replace('{username}', email).replace('{####}', temporaryPassword));

    expect((await passwordSignIn(pool, email, temporaryPassword)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('generates a different compliant password every time', async () => {
    const emails = Array.from({ length: 10 }, () => uniqueEmail('many'));
    for (const email of emails) await inviteUser(pool, email);
    const passwords = await Promise.all(emails.map(async (email) => (await emailsTo(email))[0].temporaryPassword as string));
    expect(passwords.every(meetsPolicy)).toBe(true);
    expect(new Set(passwords).size).toBe(passwords.length);
  });

  it('sends nothing with MessageAction SUPPRESS, or without EMAIL among the delivery mediums', async () => {
    const suppressed = uniqueEmail('suppressed');
    const bySms = uniqueEmail('sms');
    await cognito.send(
      new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: suppressed, MessageAction: 'SUPPRESS', DesiredDeliveryMediums: ['EMAIL'] }),
    );
    await cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: bySms }));
    expect(await emailsTo(suppressed)).toEqual([]);
    expect(await emailsTo(bySms)).toEqual([]);
  });

  it('uses a given TemporaryPassword, and refuses one outside the password policy', async () => {
    const email = uniqueEmail('given');
    const given = 'Given-Temp-Passw0rd!';
    await cognito.send(
      new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: email, TemporaryPassword: given, DesiredDeliveryMediums: ['EMAIL'] }),
    );
    expect((await emailsTo(email))[0].temporaryPassword).toBe(given);

    const weak = uniqueEmail('weak');
    const refused = await failure(cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: weak, TemporaryPassword: 'weak' })));
    expect(refused.name).toBe('InvalidPasswordException');
    expect(await userCount(weak)).toBe(0);
  });
});

describe('AdminCreateUser with MessageAction RESEND', () => {
  const resend = (email: string) =>
    cognito.send(new AdminCreateUserCommand({ UserPoolId: pool.userPoolId, Username: email, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));

  it('gives a pending user a new temporary password and invitation, without a second user', async () => {
    const email = uniqueEmail('pending');
    const created = await inviteUser(pool, email);
    const resent = await resend(email);
    expect(resent.User?.Username).toBe(created?.Username);
    expect(await userCount(email)).toBe(1);

    const [first, second] = (await emailsTo(email)).map((mail) => mail.temporaryPassword as string);
    expect(second).not.toBe(first);
    expect(meetsPolicy(second)).toBe(true);
    expect((await failure(passwordSignIn(pool, email, first))).name).toBe('NotAuthorizedException');
    expect((await passwordSignIn(pool, email, second)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('answers UserNotFoundException for no user, creating none', async () => {
    const email = uniqueEmail('nobody');
    expect((await failure(resend(email))).name).toBe('UserNotFoundException');
    expect(await userCount(email)).toBe(0);
  });

  it('answers UnsupportedUserStateException for a user who set a password, and sends nothing', async () => {
    const email = uniqueEmail('confirmed');
    await confirmedUser(pool, email, PASSWORD);
    const refused = await failure(resend(email));
    expect(refused.name).toBe('UnsupportedUserStateException');
    expect(await emailsTo(email)).toEqual([]);
    expect(await userCount(email)).toBe(1);
    expect((await passwordSignIn(pool, email, PASSWORD)).ChallengeName).toBe('MFA_SETUP');
  });
});

describe('what moto already does as Cognito (checked, not patched)', () => {
  it('AdminSetUserPassword with Permanent false: FORCE_CHANGE_PASSWORD, and the new temporary password answers NEW_PASSWORD_REQUIRED', async () => {
    const email = uniqueEmail('reset');
    await confirmedUser(pool, email, PASSWORD);
    const temporary = 'Reset-Temp-Passw0rd!';
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: temporary, Permanent: false }));
    expect((await getUser(email)).UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect((await passwordSignIn(pool, email, temporary)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect((await failure(passwordSignIn(pool, email, PASSWORD))).name).toBe('NotAuthorizedException');
    // Cognito sends no message for AdminSetUserPassword.
    expect(await emailsTo(email)).toEqual([]);
  });

  it('AdminDisableUser: sign-in fails with NotAuthorizedException "User is disabled."', async () => {
    const email = uniqueEmail('disabled');
    await confirmedUser(pool, email, PASSWORD);
    await cognito.send(new AdminDisableUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
    const refused = await failure(passwordSignIn(pool, email, PASSWORD));
    expect(refused).toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    expect((await getUser(email)).Enabled).toBe(false);
  });

  it('AdminGetUser and AdminListGroupsForUser: attributes, sub, status and groups', async () => {
    const email = uniqueEmail('attributes');
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:userId', Value: 'user-123' },
        ],
      }),
    );
    const group = `group-${randomUUID().slice(0, 8)}`;
    await cognito.send(new CreateGroupCommand({ UserPoolId: pool.userPoolId, GroupName: group }));
    await cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool.userPoolId, Username: email, GroupName: group }));

    const user = await getUser(email);
    const attributes = Object.fromEntries((user.UserAttributes ?? []).map(({ Name, Value }) => [Name, Value]));
    expect(attributes).toEqual({ sub: user.Username, email, email_verified: 'true', 'custom:userId': 'user-123' });
    expect(user).toMatchObject({ UserStatus: 'FORCE_CHANGE_PASSWORD', Enabled: true });
    const { Groups = [] } = await cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
    expect(Groups.map(({ GroupName }) => GroupName)).toEqual([group]);
  });
});

describe('the outbox', () => {
  it('answers only the emails after a given id, Cognito invitations and SES emails alike', async () => {
    const before = (await emailsAfter(local.emulatorEndpoint)).at(-1)?.id ?? 0;
    const invited = uniqueEmail('outbox.invited');
    const mailed = uniqueEmail('outbox.mailed');
    await inviteUser(pool, invited);
    const ses = new SESv2Client({ endpoint: local.emulatorEndpoint, region: local.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: stackPropsFromCdkJson().senderEmail,
        Destination: { ToAddresses: [mailed] },
        Content: { Simple: { Subject: { Data: 'Hello' }, Body: { Html: { Data: '<p>Hi</p>' }, Text: { Data: 'Hi' } } } },
      }),
    );

    const fresh = (await emailsAfter(local.emulatorEndpoint, before)).filter((mail) => [invited, mailed].includes(mail.to[0]));
    expect(fresh.map((mail) => [mail.via, mail.to])).toEqual([
      ['cognito', [invited]],
      ['ses', [mailed]],
    ]);
    expect(fresh[1]).toMatchObject({ from: stackPropsFromCdkJson().senderEmail, subject: 'Hello', body: '<p>Hi</p>' });
    expect(fresh[0].id).toBeGreaterThan(before);
    expect(fresh[1].id).toBeGreaterThan(fresh[0].id);

    const last = (await emailsAfter(local.emulatorEndpoint)).at(-1)?.id as number;
    expect(await emailsAfter(local.emulatorEndpoint, last)).toEqual([]);
  });

  it("counts moto's requests and the time it spent on them, for the local benchmark", async () => {
    const stats = async () => (await (await fetch(`${local.emulatorEndpoint}/moto-plugin/stats`)).json()) as { requests: number; busySeconds: number };
    const before = await stats();
    await inviteUser(pool, uniqueEmail('counted'));
    const after = await stats();
    expect(after.requests).toBeGreaterThan(before.requests);
    expect(after.busySeconds).toBeGreaterThan(before.busySeconds);
  });

  it('refuses an id that is not a number', async () => {
    const response = await fetch(`${local.emulatorEndpoint}/moto-plugin/outbox?after=abc`);
    expect(response.status).toBe(400);
  });
});

describe("moto's server", () => {
  it('answers a browser CORS preflight for the Cognito API', async () => {
    const response = await fetch(local.emulatorEndpoint, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-headers')).toContain('x-amz-target');
  });
});

async function userCount(email: string): Promise<number> {
  const { Users = [] } = await cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId, Filter: `email = "${email}"` }));
  return Users.length;
}

function getUser(email: string) {
  return cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
}
