import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProvider } from '../../lambdas/adapters/cognito/cognito-identity-provider';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { normalizeRecoveryCode } from '../../lambdas/recovery-codes/recovery-code';
import { completeMfaSetup } from '../../local/mfa-setup';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { cognito, cognitoUser, local, seedPractitionerWithTotp, sesEmailsTo, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, signIn, tokensFor } from './support/local-api';

/**
 * POST /mfa-recovery/code on the local API as deployed (its own function role on moto): a user who
 * saved recovery codes and lost the authenticator resets it with password + one code, keeps the
 * password, enrols a new authenticator at the next sign-in, and the used code is refused after.
 */

const identity = new CognitoIdentityProvider(cognito, { userPoolId: local.userPoolId, clientId: local.clientId });

/**
 * A practitioner with an enrolled authenticator and a live session, who saved the ten codes
 * POST /me/recovery-codes showed them right after signing in (as the web app does after enrolment).
 */
async function practitionerWithCodes() {
  const email = uniqueEmail('codes');
  const { password, licenses } = SAMPLE_PRACTITIONERS[0];
  const seeded = await seedPractitionerWithTotp({ email, password, licenses });
  const session = (await signIn(email, password, seeded.totpSecret)).body.tokens;
  const created = await call('/me/recovery-codes', { token: session.idToken });
  expect(created.status).toBe(201);
  const codes = created.body.codes as string[];
  expect(codes).toHaveLength(10);
  return { email, password, userId: seeded.userId, codes, refreshToken: session.refreshToken as string };
}

const useCode = (body: { username: string; password: string; recoveryCode: string }, sourceIp?: string) =>
  call('/mfa-recovery/code', { body, ...(sourceIp && { sourceIp }) });

const unusedCodes = async (userId: string) => ((await tableItem(keys.recoveryCodes(userId)))?.codeHashes as Set<string> | undefined)?.size ?? 0;

describe('POST /mfa-recovery/code on the local API', () => {
  it('refuses a wrong code like an unknown user; the right one resets the factor (password kept); the same code is refused again', async () => {
    const user = await practitionerWithCodes();
    const { email, password, userId, codes } = user;

    // A wrong code and an unknown user: the same answer, and the account untouched.
    const [wrong, unknown] = await Promise.all([
      useCode({ username: email, password, recoveryCode: 'ZZZZ-ZZZZ-ZZZZ' }),
      useCode({ username: uniqueEmail('nobody'), password, recoveryCode: codes[0] }),
    ]);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('RECOVERY_CODE_REFUSED');
    expect(wrong.body).toEqual(unknown.body);
    expect((await cognitoUser(email)).UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(await unusedCodes(userId)).toBe(10);

    // The right code, typed loosely.
    const used = await useCode({ username: email, password, recoveryCode: codes[0].toLowerCase().replace(/-/g, ' ') });
    expect(used.status).toBe(200);
    expect(used.body).toEqual({ status: 'MFA_RESET', message: expect.any(String) });
    const after = await cognitoUser(email);
    expect(after).toMatchObject({ UserStatus: 'CONFIRMED', Enabled: true });
    expect(after.UserMFASettingList ?? []).toEqual([]);
    expect(await unusedCodes(userId)).toBe(9);

    // The old session is gone; the same password now leads to enrolling a new authenticator.
    const refreshed = await cognito
      .send(new InitiateAuthCommand({ ClientId: local.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: user.refreshToken } }))
      .catch((error: Error) => error);
    expect(refreshed).toMatchObject({ name: 'NotAuthorizedException' });
    const next = await identity.passwordAuth(email, password);
    expect(next).toMatchObject({ kind: 'challenge', challengeName: 'MFA_SETUP' });
    if (next.kind !== 'challenge') throw new Error('expected MFA_SETUP');
    const { secret } = await completeMfaSetup(cognito, { clientId: local.clientId, username: email, session: next.session });
    const { idToken } = await tokensFor(email, password, secret);
    const status = await call('/me/recovery-codes', { method: 'GET', token: idToken });
    expect(status.body).toEqual({ remaining: 9, createdAt: expect.any(String) });

    // The used code is refused again, with the same answer.
    const again = await useCode({ username: email, password, recoveryCode: codes[0] });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(unknown.body);
    expect((await cognitoUser(email)).UserMFASettingList).toEqual(['SOFTWARE_TOKEN_MFA']);

    // The notice, with the codes left.
    const notices = (await sesEmailsTo(email)).filter((mail) => mail.subject === 'Your sign-in security (MFA) was reset');
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain('9 unused recovery codes are left');
    expect(notices[0].body).not.toContain(codes[0]);

    // The audit record, by the user, with the codes left; never a code.
    const trail = await call(`/users/${userId}/audit`, { method: 'GET', token: await adminToken() });
    expect(trail.status).toBe(200);
    expect(trail.body.events).toEqual([
      expect.objectContaining({ event: 'RECOVERY_CODE_USED', userId, actor: userId, outcome: 'SUCCESS', sourceIp: '127.0.0.1', details: { remaining: '9' } }),
      expect.objectContaining({ event: 'RECOVERY_CODES_CREATED', userId, actor: userId }),
    ]);
    expect(JSON.stringify(trail.body)).not.toContain(normalizeRecoveryCode(codes[0]));
  });

  it('lets exactly one of two concurrent uses of one code win', async () => {
    const { email, password, userId, codes } = await practitionerWithCodes();
    const responses = await Promise.all([
      useCode({ username: email, password, recoveryCode: codes[3] }, '127.0.0.2'),
      useCode({ username: email, password, recoveryCode: codes[3] }, '127.0.0.3'),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 400]);
    expect(await unusedCodes(userId)).toBe(9);
    expect((await sesEmailsTo(email)).filter((mail) => mail.subject === 'Your sign-in security (MFA) was reset')).toHaveLength(1);
  });
});
