import { randomUUID } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { userPoolInput } from '../../local/aws-resources';
import { localTriggerArn } from '../../local/cognito-triggers';
import { cognito, local, tableItem, uniqueEmail } from './support/emulator';
import { createTestPool, emailsTo, failure, inviteUser, PASSWORD, passwordSignIn, type TestPool } from './support/plugin-pool';
import { FAILING_GIVEN_NAME, TEST_TRIGGER_FUNCTION } from './support/test-trigger';

/** ForgotPassword / ConfirmForgotPassword and the pool's Lambda triggers, as the plugin (local/moto_plugin) answers them. */
let pool: TestPool;
beforeAll(async () => {
  pool = await createTestPool();
});

const NEW_PASSWORD = 'Reset-Passw0rd-After!';

/** A confirmed user with a verified email and a permanent password, as our users are after their first sign-in. */
async function verifiedUser(userPoolId: string, email: string, extra: { Name: string; Value: string }[] = []) {
  const { User } = await cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }, ...extra],
    }),
  );
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
  return User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value as string;
}

const forgot = (clientId: string, username: string) => cognito.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username }));
const confirm = (clientId: string, username: string, code: string, password = NEW_PASSWORD) =>
  cognito.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: code, Password: password }));

/** The code in the last reset email to `email` (checked to be in the text). */
async function lastCode(email: string): Promise<string> {
  const mail = (await emailsTo(email)).filter((sent) => sent.confirmationCode !== undefined).pop();
  if (!mail) throw new Error(`no reset code sent to ${email}`);
  expect(mail.body).toContain(mail.confirmationCode);
  return mail.confirmationCode as string;
}

describe('ForgotPassword / ConfirmForgotPassword on a public client', () => {
  it('emails a code and answers masked CodeDeliveryDetails; the code, once, sets a policy-compliant password', async () => {
    const email = uniqueEmail('forgot');
    await verifiedUser(pool.userPoolId, email);

    const { CodeDeliveryDetails } = await forgot(pool.srpClientId, email);
    expect(CodeDeliveryDetails).toEqual({ Destination: `${email[0]}***@e***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' });
    const code = await lastCode(email);
    expect(code).toMatch(/^\d{6}$/);

    expect((await failure(confirm(pool.srpClientId, email, code === '000000' ? '111111' : '000000'))).name).toBe('CodeMismatchException');
    expect((await failure(confirm(pool.srpClientId, email, code, 'weak'))).name).toBe('InvalidPasswordException');
    await confirm(pool.srpClientId, email, code);
    expect((await failure(confirm(pool.srpClientId, email, code))).name).toBe('CodeMismatchException');

    expect((await failure(passwordSignIn(pool, email, PASSWORD))).name).toBe('NotAuthorizedException');
    expect((await passwordSignIn(pool, email, NEW_PASSWORD)).ChallengeName).toBe('MFA_SETUP');
  });

  it('an unknown user gets the same simulated answer and no email; confirming is CodeMismatchException', async () => {
    const email = uniqueEmail('nobody');
    expect((await forgot(pool.srpClientId, email)).CodeDeliveryDetails).toEqual({
      Destination: `${email[0]}***@e***`,
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    });
    expect(await emailsTo(email)).toEqual([]);
    expect((await failure(confirm(pool.srpClientId, email, '123456'))).name).toBe('CodeMismatchException');
  });

  it('refuses a user without a verified email (InvalidParameterException) and one who never set a password (NotAuthorizedException)', async () => {
    const unverified = uniqueEmail('unverified');
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: unverified,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: unverified }],
      }),
    );
    expect((await failure(forgot(pool.srpClientId, unverified))).name).toBe('InvalidParameterException');

    const invited = uniqueEmail('invited');
    await inviteUser(pool, invited);
    expect(await failure(forgot(pool.srpClientId, invited))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User password cannot be reset in the current state.',
    });
    expect((await emailsTo(unverified)).length + (await emailsTo(invited)).filter((mail) => mail.confirmationCode).length).toBe(0);
  });

  it('limits codes per user and wrong answers per code (LimitExceededException); after too many wrong answers even the right code is refused', async () => {
    const email = uniqueEmail('limits');
    await verifiedUser(pool.userPoolId, email);
    await forgot(pool.srpClientId, email);
    const code = await lastCode(email);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt < 5; attempt++) expect((await failure(confirm(pool.srpClientId, email, wrong))).name).toBe('CodeMismatchException');
    expect((await failure(confirm(pool.srpClientId, email, wrong))).name).toBe('LimitExceededException');
    expect((await failure(confirm(pool.srpClientId, email, code))).name).toBe('LimitExceededException');

    for (let sent = 2; sent <= 5; sent++) await forgot(pool.srpClientId, email);
    expect((await failure(forgot(pool.srpClientId, email))).name).toBe('LimitExceededException');
  });

  it('follows AccountRecoverySetting: admin_only offers no self-service reset', async () => {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        ...userPoolInput(),
        PoolName: `admin-only-${randomUUID().slice(0, 8)}`,
        AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }] },
      }),
    );
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: UserPool?.Id, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }),
    );
    const email = uniqueEmail('admin.only');
    await verifiedUser(UserPool?.Id as string, email);
    expect((await failure(forgot(UserPoolClient?.ClientId as string, email))).name).toBe('NotAuthorizedException');
  });

  it("does not end the user's sessions: a refresh token from before the reset still works (the API reference does not say it is revoked)", async () => {
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({ ...userPoolInput(), PoolName: `sessions-${randomUUID().slice(0, 8)}`, MfaConfiguration: 'OFF' }),
    );
    const userPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'backend',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const clientId = UserPoolClient?.ClientId as string;
    const email = uniqueEmail('sessions');
    await verifiedUser(userPoolId, email);
    const signIn = (password: string) =>
      cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: userPoolId,
          ClientId: clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
    const refreshToken = (await signIn(PASSWORD)).AuthenticationResult?.RefreshToken as string;

    await forgot(clientId, email);
    await confirm(clientId, email, await lastCode(email));

    const refreshed = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      }),
    );
    expect(refreshed.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });
});

describe("the pool's Lambda triggers (posted to the local API, which runs test/e2e/support/test-trigger.ts)", () => {
  let userPoolId: string;
  let clientId: string;
  beforeAll(async () => {
    const arn = localTriggerArn(local.region, TEST_TRIGGER_FUNCTION);
    const { UserPool } = await cognito.send(
      new CreateUserPoolCommand({
        ...userPoolInput(),
        PoolName: `triggers-${randomUUID().slice(0, 8)}`,
        MfaConfiguration: 'OFF',
        LambdaConfig: { PostConfirmation: arn, PostAuthentication: arn },
      }),
    );
    userPoolId = UserPool?.Id as string;
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'backend',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = UserPoolClient?.ClientId as string;
  });

  const signIn = (email: string, password: string) =>
    cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
  const recorded = async (sub: string, triggerSource: string) => {
    const item = await tableItem({ pk: `TEST_TRIGGER#${sub}`, sk: triggerSource });
    return item && JSON.parse(item.event as string);
  };

  it('PostConfirmation_ConfirmForgotPassword after a reset and PostAuthentication_Authentication after a sign-in, with the documented event', async () => {
    const email = uniqueEmail('triggered');
    const sub = await verifiedUser(userPoolId, email);
    await forgot(clientId, email);
    await confirm(clientId, email, await lastCode(email));

    expect(await recorded(sub, 'PostConfirmation_ConfirmForgotPassword')).toEqual({
      version: '1',
      region: local.region,
      userPoolId,
      userName: sub,
      callerContext: { awsSdkVersion: expect.any(String), clientId },
      triggerSource: 'PostConfirmation_ConfirmForgotPassword',
      request: { userAttributes: { sub, email, email_verified: 'true', 'cognito:user_status': 'CONFIRMED' } },
      response: {},
    });
    expect(await recorded(sub, 'PostAuthentication_Authentication')).toBeUndefined();

    expect((await signIn(email, NEW_PASSWORD)).AuthenticationResult?.IdToken).toEqual(expect.any(String));
    expect(await recorded(sub, 'PostAuthentication_Authentication')).toMatchObject({
      triggerSource: 'PostAuthentication_Authentication',
      userName: sub,
      request: { userAttributes: { sub, email }, newDeviceUsed: false },
    });
  });

  it('a failing trigger fails the operation (UserLambdaValidationException): no tokens; a reset has already taken effect', async () => {
    const email = uniqueEmail('trigger.fails');
    await verifiedUser(userPoolId, email, [{ Name: 'given_name', Value: FAILING_GIVEN_NAME }]);

    expect(await failure(signIn(email, PASSWORD))).toMatchObject({
      name: 'UserLambdaValidationException',
      message: expect.stringMatching(/^PostAuthentication failed with error /),
    });

    await forgot(clientId, email);
    const refused = await failure(confirm(clientId, email, await lastCode(email)));
    expect(refused).toMatchObject({ name: 'UserLambdaValidationException', message: expect.stringMatching(/^PostConfirmation failed with error /) });
    // The password changed all the same: the sign-in gets past the password, to the failing trigger again.
    expect((await failure(signIn(email, PASSWORD))).name).toBe('NotAuthorizedException');
    expect((await failure(signIn(email, NEW_PASSWORD))).name).toBe('UserLambdaValidationException');
  });
});
