import { AdminInitiateAuthCommand, AdminRespondToAuthChallengeCommand, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { totp } from '../../local/totp';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { cognito, cognitoUser, cognitoUserCount, local, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, tokensFor } from './support/local-api';

describe('POST /admins refuses', () => {
  it('an email that already belongs to a user (409), leaving the first admin as it was', async () => {
    const token = await adminToken();
    const email = uniqueEmail('twice');
    const first = await call('/admins', { token, body: { email } });
    expect(first.status).toBe(201);
    const before = await cognitoUser(email);

    const second = await call('/admins', { token, body: { email } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('USER_ALREADY_EXISTS');
    expect(await cognitoUserCount(email)).toBe(1);
    expect((await cognitoUser(email)).attributes.sub).toBe(before.attributes.sub);
    expect(await tableItem(keys.email(email))).toMatchObject({ userId: first.body.userId });
  });

  it('a signed-in user outside the admins group (403), creating nothing', async () => {
    // A seeded practitioner: confirmed, with an authenticator app, not an admin.
    const practitioner = SAMPLE_PRACTITIONERS[1];
    const { idToken } = await tokensFor(practitioner.email, practitioner.password, local.practitioners[1].totpSecret);
    const email = uniqueEmail('not.allowed');

    const response = await call('/admins', { token: idToken, body: { email } });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('FORBIDDEN');
    expect(await cognitoUserCount(email)).toBe(0);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a malformed token', 'not-a-jwt'],
    ['a "Bearer" prefix (the authorizer wants the bare token)', 'bearer'],
    ['a token with a forged signature', 'forged'],
    ['an access token instead of an ID token', 'access'],
    ['an ID token issued to another app client', 'other-client'],
  ])('%s (401), before the handler runs', async (_case, kind) => {
    const token = await tokenOfKind(kind);
    const email = uniqueEmail('unauthenticated');
    const response = await call('/admins', { token, body: { email } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Authentication is required.' } });
    expect(await cognitoUserCount(email)).toBe(0);
  });
});

async function tokenOfKind(kind: string | undefined): Promise<string | undefined> {
  const { admin } = local;
  switch (kind) {
    case undefined:
    case 'not-a-jwt':
      return kind;
    case 'bearer':
      return `Bearer ${await adminToken()}`;
    case 'forged': {
      const [header, payload] = (await adminToken()).split('.');
      return `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    }
    case 'access':
      return (await tokensFor(admin.email, admin.password, admin.totpSecret)).accessToken;
    case 'other-client': {
      // A practitioner signing in through a second client of the same pool: valid signature and issuer, wrong audience.
      const { UserPoolClient } = await cognito.send(
        new CreateUserPoolClientCommand({ UserPoolId: local.userPoolId, ClientName: 'other', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH'] }),
      );
      const practitioner = SAMPLE_PRACTITIONERS[1];
      const { Session } = await cognito.send(
        new AdminInitiateAuthCommand({
          UserPoolId: local.userPoolId,
          ClientId: UserPoolClient?.ClientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: practitioner.email, PASSWORD: practitioner.password },
        }),
      );
      const { AuthenticationResult } = await cognito.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: local.userPoolId,
          ClientId: UserPoolClient?.ClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session,
          ChallengeResponses: { USERNAME: practitioner.email, SOFTWARE_TOKEN_MFA_CODE: totp(local.practitioners[1].totpSecret) },
        }),
      );
      return AuthenticationResult?.IdToken;
    }
    default:
      throw new Error(`unknown token kind ${kind}`);
  }
}
