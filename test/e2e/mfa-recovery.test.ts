import { describe, expect, it } from 'vitest';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { WEB_PAGES } from '../../web/pages';
import { cognitoUser, cognitoUserCount, local, sesEmailsTo, uniqueEmail, userRecord } from './support/emulator';
import { call, completeFirstSignIn, signIn, temporaryPasswordsFor, tokensFor } from './support/local-api';

const NEW_PASSWORD = 'Recovered-Passw0rd-9!';

/** The one answer every well-formed request gets (request-mfa-reset.ts), whatever happened. */
const REQUESTED = { status: 'REQUESTED', message: expect.stringMatching(/^If the details match an account, a recovery link has been emailed/) };

/** The recovery link in an email body, and its token. */
function recoveryLinkIn(body: string): { link: string; token: string } {
  const link = /href="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
  const token = link === undefined ? null : new URL(link).searchParams.get('token');
  if (!link || !token) throw new Error(`no recovery link in: ${body}`);
  return { link, token };
}

describe('MFA recovery of a practitioner', () => {
  it('emails a one-time link; confirming recreates the Cognito user, which signs in anew and enrols a new TOTP', async () => {
    const practitioner = SAMPLE_PRACTITIONERS[0];
    const { email, password } = practitioner;
    const before = await cognitoUser(email);
    const userId = before.attributes['custom:userId'] as string;
    const sentBefore = (await sesEmailsTo(email)).length;

    const requested = await call('/mfa-recovery/request', { body: { username: email, password, license: practitioner.licenses[0] } });
    expect(requested.status).toBe(202);
    expect(requested.body).toEqual(REQUESTED);

    const sent = await sesEmailsTo(email);
    expect(sent).toHaveLength(sentBefore + 1);
    const { link, token } = recoveryLinkIn(sent[sent.length - 1].body);
    // Locally the recovery page is the web app's, on the local API's origin.
    expect(link.startsWith(`${local.apiUrl}${WEB_PAGES.recoveryLanding}?token=`)).toBe(true);

    const confirmed = await call('/mfa-recovery/confirm', { body: { token } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('RECOVERED');

    // A new Cognito user (new sub) with the same permanent id, and the database user points at it.
    const after = await cognitoUser(email);
    expect(after.attributes.sub).not.toBe(before.attributes.sub);
    expect(after.attributes['custom:userId']).toBe(userId);
    expect(after.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(await cognitoUserCount(email)).toBe(1);
    expect(await userRecord(userId)).toMatchObject({ cognitoSub: after.attributes.sub, cognitoUsername: after.Username, role: 'practitioner' });

    // The old password is gone with the old user; the invitation's temporary password starts a first sign-in.
    expect((await signIn(email, password)).status).toBe(401);
    const temporaryPassword = (await temporaryPasswordsFor(email)).pop() as string;
    const { secret } = await completeFirstSignIn(email, temporaryPassword, NEW_PASSWORD);
    expect((await cognitoUser(email)).UserStatus).toBe('CONFIRMED');
    expect((await tokensFor(email, NEW_PASSWORD, secret)).idToken).toEqual(expect.any(String));

    // The link works once.
    const reused = await call('/mfa-recovery/confirm', { body: { token } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.code).toBe('INVALID_RECOVERY_TOKEN');
    expect((await cognitoUser(email)).attributes.sub).toBe(after.attributes.sub);
  });

  it('answers a wrong password, a wrong license and an unknown user with the same 202, and sends nothing', async () => {
    const practitioner = SAMPLE_PRACTITIONERS[1];
    const { email, password } = practitioner;
    const license = practitioner.licenses[0];
    const stranger = uniqueEmail('stranger');
    const subBefore = (await cognitoUser(email)).attributes.sub;
    const sentBefore = (await sesEmailsTo(email)).length;

    const responses = await Promise.all([
      call('/mfa-recovery/request', { body: { username: email, password: `${password}-wrong`, license } }),
      call('/mfa-recovery/request', { body: { username: email, password, license: { ...license, licenseNumber: '999999' } } }),
      call('/mfa-recovery/request', { body: { username: stranger, password, license } }),
    ]);

    for (const response of responses) {
      expect(response.status).toBe(202);
      expect(response.body).toEqual(REQUESTED);
      expect(response.body).toEqual(responses[0].body);
    }
    expect(await sesEmailsTo(email)).toHaveLength(sentBefore);
    expect(await sesEmailsTo(stranger)).toHaveLength(0);
    expect((await cognitoUser(email)).attributes.sub).toBe(subBefore);
    expect(await cognitoUserCount(stranger)).toBe(0);
  });
});
