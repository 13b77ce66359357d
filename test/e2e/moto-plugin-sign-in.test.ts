import {
  AdminCreateUserCommand,
  AdminDeleteSoftwareTokenCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolClientCommand,
  RespondToAuthChallengeCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../local/totp';
import { cognito, uniqueEmail } from './support/emulator';
import { confirmedUser, createTestPool, emailsTo, enrolTotp, failure, inviteUser, PASSWORD, passwordSignIn, type TestPool } from './support/plugin-pool';
import { srpExchange, srpSignIn } from '../../local/srp-client';

/** Sign-in as the plugin (local/moto_plugin) answers it, in a pool configured like the local API's (MFA required). */
let pool: TestPool;
beforeAll(async () => {
  pool = await createTestPool();
});

const STEP_MS = 30_000;

/** Codes for neighbouring steps are judged against the server's clock: keep clear of a step boundary. */
async function awayFromStepBoundary(): Promise<void> {
  const left = STEP_MS - (Date.now() % STEP_MS);
  if (left < 2_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

function answerTotp(email: string, session: string | undefined, code: string) {
  return cognito.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: pool.userPoolId,
      ClientId: pool.clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: session,
      ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
    }),
  );
}

function getUser(email: string) {
  return cognito.send(new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: email }));
}

describe('password sign-in', () => {
  it('refuses a wrong password and an unknown user alike: NotAuthorizedException "Incorrect username or password."', async () => {
    const email = uniqueEmail('wrong');
    await confirmedUser(pool, email, PASSWORD);
    const wrong = await failure(passwordSignIn(pool, email, `${PASSWORD}x`));
    const unknown = await failure(passwordSignIn(pool, uniqueEmail('unknown'), PASSWORD));
    expect(wrong).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(unknown).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
  });

  it('answers NEW_PASSWORD_REQUIRED for an invited user, then MFA_SETUP (a JSON list) for the new password', async () => {
    const email = uniqueEmail('first');
    const user = await inviteUser(pool, email);
    const [{ temporaryPassword }] = await emailsTo(email);
    const first = await passwordSignIn(pool, email, temporaryPassword as string);
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(first.ChallengeParameters).toMatchObject({ USER_ID_FOR_SRP: user?.Username, requiredAttributes: '[]' });

    const weak = await failure(
      cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: pool.userPoolId,
          ClientId: pool.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: 'weak' },
        }),
      ),
    );
    expect(weak.name).toBe('InvalidPasswordException');

    const next = await cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: pool.userPoolId,
        ClientId: pool.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: first.Session,
        ChallengeResponses: { USERNAME: email, NEW_PASSWORD: PASSWORD },
      }),
    );
    expect(next.ChallengeName).toBe('MFA_SETUP');
    expect(JSON.parse(next.ChallengeParameters?.MFAS_CAN_SETUP as string)).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect((await getUser(email)).UserStatus).toBe('CONFIRMED');
  });
});

describe('MFA_SETUP and TOTP', () => {
  it('asks a confirmed user without a factor to set one up; afterwards TOTP is enabled, preferred and asked for', async () => {
    const email = uniqueEmail('setup');
    await confirmedUser(pool, email, PASSWORD);
    const { secret, tokens } = await enrolTotp(pool, email, PASSWORD);
    expect(tokens.IdToken).toEqual(expect.any(String));
    expect(await getUser(email)).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' });

    const next = await passwordSignIn(pool, email, PASSWORD);
    expect(next.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    expect((await answerTotp(email, next.Session, totp(secret))).AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('gives every user a secret of their own', async () => {
    const [first, second] = [uniqueEmail('secret.a'), uniqueEmail('secret.b')];
    await confirmedUser(pool, first, PASSWORD);
    await confirmedUser(pool, second, PASSWORD);
    const [a, b] = [await enrolTotp(pool, first, PASSWORD), await enrolTotp(pool, second, PASSWORD)];
    expect(a.secret).not.toBe(b.secret);
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);

    const challenge = await passwordSignIn(pool, first, PASSWORD);
    expect((await failure(answerTotp(first, challenge.Session, totp(b.secret)))).name).toBe('CodeMismatchException');
  });

  it("accepts the previous step's code (clock skew), refuses older and wrong codes, and lets the session retry", async () => {
    const email = uniqueEmail('skew');
    await confirmedUser(pool, email, PASSWORD);
    const { secret } = await enrolTotp(pool, email, PASSWORD);
    const challenge = await passwordSignIn(pool, email, PASSWORD);

    await awayFromStepBoundary();
    const old = await failure(answerTotp(email, challenge.Session, totp(secret, new Date(Date.now() - 2 * STEP_MS))));
    expect(old.name).toBe('CodeMismatchException');
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    expect((await failure(answerTotp(email, challenge.Session, wrong))).name).toBe('CodeMismatchException');
    const previous = await answerTotp(email, challenge.Session, totp(secret, new Date(Date.now() - STEP_MS)));
    expect(previous.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong code at VerifySoftwareToken, and MFA_SETUP answered before a code was verified', async () => {
    const email = uniqueEmail('unverified');
    await confirmedUser(pool, email, PASSWORD);
    const { Session } = await passwordSignIn(pool, email, PASSWORD);
    const associated = await cognito.send(new AssociateSoftwareTokenCommand({ Session }));
    const secret = associated.SecretCode as string;
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    expect((await failure(cognito.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: wrong })))).name).toBe('CodeMismatchException');
    const early = await failure(
      cognito.send(
        new RespondToAuthChallengeCommand({
          ClientId: pool.clientId,
          ChallengeName: 'MFA_SETUP',
          Session: associated.Session,
          ChallengeResponses: { USERNAME: email },
        }),
      ),
    );
    expect(early.name).toBe('InvalidParameterException');
    expect((await getUser(email)).UserMFASettingList).toEqual([]);
  });
});

describe('AdminDeleteSoftwareToken', () => {
  it('removes the factor and its preference; the next sign-in answers MFA_SETUP and a new secret replaces the old', async () => {
    const email = uniqueEmail('lost.phone');
    await confirmedUser(pool, email, PASSWORD);
    const { secret: lost } = await enrolTotp(pool, email, PASSWORD);

    await cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.userPoolId, Username: email }));
    expect(await getUser(email)).toMatchObject({ UserMFASettingList: [], PreferredMfaSetting: '', UserStatus: 'CONFIRMED' });

    const { secret } = await enrolTotp(pool, email, PASSWORD);
    expect(secret).not.toBe(lost);
    const challenge = await passwordSignIn(pool, email, PASSWORD);
    expect((await failure(answerTotp(email, challenge.Session, totp(lost)))).name).toBe('CodeMismatchException');
    expect((await answerTotp(email, challenge.Session, totp(secret))).AuthenticationResult).toBeDefined();
  });

  it('answers ResourceNotFoundException for a user with no registered factor (API_AdminDeleteSoftwareToken.html), leaving it as it was', async () => {
    const email = uniqueEmail('no.factor');
    await confirmedUser(pool, email, PASSWORD);
    const refused = await failure(cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.userPoolId, Username: email })));
    expect(refused.name).toBe('ResourceNotFoundException');
    expect(await getUser(email)).toMatchObject({ UserMFASettingList: [], UserStatus: 'CONFIRMED' });

    await enrolTotp(pool, email, PASSWORD);
    await cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.userPoolId, Username: email }));
    expect((await failure(cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.userPoolId, Username: email })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('answers UserNotFoundException for no user', async () => {
    const refused = await failure(cognito.send(new AdminDeleteSoftwareTokenCommand({ UserPoolId: pool.userPoolId, Username: uniqueEmail('nobody') })));
    expect(refused.name).toBe('UserNotFoundException');
  });
});

describe('ID tokens', () => {
  const claimsOf = (idToken: string | undefined) => JSON.parse(Buffer.from((idToken as string).split('.')[1], 'base64url').toString('utf8'));

  /** Signs in on a client of its own that may read only `readAttributes`, with password and TOTP. */
  async function idTokenOnClient(email: string, secret: string, readAttributes: string[]): Promise<Record<string, unknown>> {
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: pool.userPoolId,
        ClientName: 'reader',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'],
        ReadAttributes: readAttributes,
      }),
    );
    const ClientId = UserPoolClient?.ClientId as string;
    const started = await cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: pool.userPoolId,
        ClientId,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD },
      }),
    );
    await awayFromStepBoundary();
    const answered = await cognito.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: pool.userPoolId,
        ClientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: started.Session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: totp(secret) },
      }),
    );
    return claimsOf(answered.AuthenticationResult?.IdToken);
  }

  it('carry only the attributes the app client may read: its ReadAttributes, or the standard ones for a client that names none (API_CreateUserPoolClient.html)', async () => {
    const email = uniqueEmail('claims');
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: pool.userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'given_name', Value: 'Ada' },
          { Name: 'custom:userId', Value: 'user-1' },
        ],
      }),
    );
    await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: pool.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
    const { secret, tokens } = await enrolTotp(pool, email, PASSWORD);
    // The backend's client names no ReadAttributes: standard attributes, no custom one.
    const backend = claimsOf(tokens.IdToken);
    expect(backend).toMatchObject({ email, given_name: 'Ada' });
    expect(backend).not.toHaveProperty('custom:userId');

    const emailOnly = await idTokenOnClient(email, secret, ['email']);
    expect(emailOnly.email).toBe(email);
    expect(emailOnly).not.toHaveProperty('custom:userId');
    expect(emailOnly).not.toHaveProperty('given_name');
    expect(await idTokenOnClient(email, secret, ['email', 'custom:userId'])).toMatchObject({ email, 'custom:userId': 'user-1' });
  });
});

describe('refresh tokens', () => {
  const refresh = (token: string | undefined) =>
    cognito.send(
      new AdminInitiateAuthCommand({
        UserPoolId: pool.userPoolId,
        ClientId: pool.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: token as string },
      }),
    );

  it('work until AdminUserGlobalSignOut (by username or email), then answer NotAuthorizedException', async () => {
    const email = uniqueEmail('signed.out');
    await confirmedUser(pool, email, PASSWORD);
    const { tokens } = await enrolTotp(pool, email, PASSWORD);
    expect((await refresh(tokens.RefreshToken)).AuthenticationResult?.IdToken).toEqual(expect.any(String));

    const { Username } = await getUser(email);
    await cognito.send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool.userPoolId, Username }));
    expect(await failure(refresh(tokens.RefreshToken))).toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
  });

  it('may give the refreshed ID token a later auth_time (reported for Cognito with refresh-token rotation; moto sets it at every issue)', async () => {
    const email = uniqueEmail('auth.time');
    await confirmedUser(pool, email, PASSWORD);
    const { tokens } = await enrolTotp(pool, email, PASSWORD);
    const authTime = (idToken: string | undefined) =>
      JSON.parse(Buffer.from((idToken as string).split('.')[1], 'base64url').toString('utf8')).auth_time as number;
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const refreshed = await refresh(tokens.RefreshToken);
    expect(authTime(refreshed.AuthenticationResult?.IdToken)).toBeGreaterThan(authTime(tokens.IdToken));
  });

  it('refuses an unknown refresh token with NotAuthorizedException (not a server error)', async () => {
    expect((await failure(refresh('not-a-refresh-token'))).name).toBe('NotAuthorizedException');
  });
});

describe('SRP (USER_SRP_AUTH, PASSWORD_VERIFIER)', () => {
  const signIn = (username: string, password: string) => srpSignIn({ cognito, userPoolId: pool.userPoolId, clientId: pool.srpClientId, username, password });

  it('is refused on a client whose ExplicitAuthFlows lack it, as are the other flows it lacks', async () => {
    const email = uniqueEmail('srp.client');
    await confirmedUser(pool, email, PASSWORD);
    const { UserPoolClient } = await cognito.send(
      new CreateUserPoolClientCommand({ UserPoolId: pool.userPoolId, ClientName: 'admin-only', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }),
    );
    const refused = await failure(
      srpSignIn({ cognito, userPoolId: pool.userPoolId, clientId: UserPoolClient?.ClientId as string, username: email, password: PASSWORD }),
    );
    expect(refused).toMatchObject({ name: 'InvalidParameterException', message: 'USER_SRP_AUTH flow not enabled for this client' });
    const byPassword = await failure(
      cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: pool.userPoolId,
          ClientId: pool.srpClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD },
        }),
      ),
    );
    expect(byPassword).toMatchObject({ name: 'InvalidParameterException', message: 'ADMIN_USER_PASSWORD_AUTH flow not enabled for this client' });
  });

  it('refuses a wrong password, and an unknown user at the same step', async () => {
    const email = uniqueEmail('srp.wrong');
    await confirmedUser(pool, email, PASSWORD);
    expect(await failure(signIn(email, `${PASSWORD}x`))).toMatchObject({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    expect(await failure(signIn(uniqueEmail('srp.unknown'), PASSWORD))).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('continues with the right password to NEW_PASSWORD_REQUIRED, MFA_SETUP or SOFTWARE_TOKEN_MFA', async () => {
    const invited = uniqueEmail('srp.invited');
    await inviteUser(pool, invited);
    const [{ temporaryPassword }] = await emailsTo(invited);
    expect((await signIn(invited, temporaryPassword as string)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');

    const confirmed = uniqueEmail('srp.confirmed');
    await confirmedUser(pool, confirmed, PASSWORD);
    expect((await signIn(confirmed, PASSWORD)).ChallengeName).toBe('MFA_SETUP');

    await enrolTotp(pool, confirmed, PASSWORD);
    expect((await signIn(confirmed, PASSWORD)).ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
  });

  it('answers with the user id for SRP (the internal username) and accepts each exchange once', async () => {
    const email = uniqueEmail('srp.replay');
    await confirmedUser(pool, email, PASSWORD);
    const exchange = await srpExchange({ cognito, userPoolId: pool.userPoolId, clientId: pool.srpClientId, username: email, password: PASSWORD });
    expect(exchange.challengeParameters.USER_ID_FOR_SRP).toBe((await getUser(email)).Username);
    expect((await exchange.respond()).ChallengeName).toBe('MFA_SETUP');
    expect((await failure(exchange.respond())).name).toBe('NotAuthorizedException');
  });
});
