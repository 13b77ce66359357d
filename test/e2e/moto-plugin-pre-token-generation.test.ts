import { AdminGetUserCommand, AssociateSoftwareTokenCommand, DeleteUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { cognito, local, seedPractitionerWithTotp, uniqueEmail } from './support/emulator';
import { tokensFor } from './support/local-api';

/**
 * The pool's pre-token-generation trigger (V2_0 event, lib/cognito-triggers.ts) as the plugin runs it
 * (local/moto_plugin/cognito.py, create_access_token; Developer Guide, "Pre token generation Lambda
 * trigger"): before issuing tokens it posts the event with request.scopes, and the access token has
 * the scopes the answer leaves (scopesToSuppress, scopesToAdd). Our function, in its worker as its own
 * role, suppresses aws.cognito.signin.user.admin.
 */

const payloadOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;

describe('pre token generation (V2_0): the access token as the function answers it', () => {
  it('a sign-in gets an access token without aws.cognito.signin.user.admin; its groups and ID token are as before', async () => {
    const { email, password, totpSecret } = local.admin;
    const { accessToken, idToken } = await tokensFor(email, password, totpSecret);
    const access = payloadOf(accessToken);
    expect(access.token_use).toBe('access');
    expect(String(access.scope ?? '').split(' ')).not.toContain('aws.cognito.signin.user.admin');
    expect(access['cognito:groups']).toContain('admins');
    expect(payloadOf(idToken)).toMatchObject({ token_use: 'id', email });
  });

  // API_GetUser.html, API_DeleteUser.html, API_AssociateSoftwareToken.html: the access token "Must
  // include a scope claim for aws.cognito.signin.user.admin" (the plugin's authorize_self_service).
  it('a stolen access token can neither read, delete nor re-enrol the account: NotAuthorizedException, the account unchanged', async () => {
    const email = uniqueEmail('stolen-token');
    const { password, licenses } = SAMPLE_PRACTITIONERS[0];
    const practitioner = await seedPractitionerWithTotp({ email, password, licenses });
    const { accessToken } = await tokensFor(email, password, practitioner.totpSecret);
    const before = await cognito.send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: email }));

    for (const command of [
      new GetUserCommand({ AccessToken: accessToken }),
      new DeleteUserCommand({ AccessToken: accessToken }),
      new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
    ]) {
      await expect(cognito.send(command as GetUserCommand), command.constructor.name).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Access Token does not have required scopes',
      });
    }
    const after = await cognito.send(new AdminGetUserCommand({ UserPoolId: local.userPoolId, Username: email }));
    expect({ ...after, $metadata: undefined }).toEqual({ ...before, $metadata: undefined });
  });
});
