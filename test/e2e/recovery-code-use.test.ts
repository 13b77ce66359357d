import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CognitoIdentityProvider } from '../../lambdas/adapters/cognito/cognito-identity-provider';
import { DynamoRecoveryCodes } from '../../lambdas/adapters/dynamodb/dynamo-recovery-codes';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SecretKeyedHash } from '../../lambdas/adapters/secrets-manager/secret-keyed-hash';
import { newRecoveryCodes, normalizeRecoveryCode } from '../../lambdas/recovery-codes/recovery-code';
import { secureRandomBytes } from '../../lambdas/shared/runtime';
import { completeMfaSetup } from '../../local/mfa-setup';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { clientConfig, cognito, cognitoUser, local, seedPractitionerWithTotp, sesEmailsTo, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, signIn, tokensFor } from './support/local-api';

/**
 * POST /mfa-recovery/code on the local API as deployed (its own function role on moto): a user who
 * saved recovery codes and lost the authenticator resets it with password + one code, keeps the
 * password, enrols a new authenticator at the next sign-in, and the used code is refused after.
 */

const identity = new CognitoIdentityProvider(cognito, { userPoolId: local.userPoolId, clientId: local.clientId });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), { marshallOptions: { removeUndefinedValues: true } });
const codeHash = new SecretKeyedHash(new SecretsManagerClient(clientConfig), local.recoveryCodeKeySecretArn);

/**
 * Saves a fresh set of codes for `userId` as POST /me/recovery-codes does: keyed hashes under the
 * deployment's recovery-code key, through the store's adapter. Returns the codes as shown to the user.
 */
async function saveCodes(userId: string): Promise<string[]> {
  const codes = newRecoveryCodes(secureRandomBytes);
  const hashes = await Promise.all(codes.map((code) => codeHash.digest(normalizeRecoveryCode(code) as string)));
  await new DynamoRecoveryCodes(documents, local.tableName).replace(userId, hashes, new Date().toISOString());
  return codes;
}

/** A practitioner with an enrolled authenticator, a live session and ten saved codes. */
async function practitionerWithCodes() {
  const email = uniqueEmail('codes');
  const { password, licenses } = SAMPLE_PRACTITIONERS[0];
  const seeded = await seedPractitionerWithTotp({ email, password, licenses });
  const codes = await saveCodes(seeded.userId);
  const session = (await signIn(email, password, seeded.totpSecret)).body.tokens;
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
    expect((await tokensFor(email, password, secret)).idToken).toEqual(expect.any(String));

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
