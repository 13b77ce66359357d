import { describe, expect, it } from 'vitest';
import { local } from './support/emulator';
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
});
