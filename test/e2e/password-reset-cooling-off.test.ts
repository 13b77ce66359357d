import { ConfirmForgotPasswordCommand, ForgotPasswordCommand } from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { keys } from '../../lambdas/adapters/dynamodb/table-layout';
import { SAMPLE_PRACTITIONERS } from '../../scripts/seed/practitioners';
import { cognito, local, seedPractitionerWithTotp, sesEmailsTo, tableItem, uniqueEmail } from './support/emulator';
import { adminToken, call, newestResetCodeFor, signIn } from './support/local-api';

/**
 * Issue 22, item 1: whoever reads the mailbox can reset the password; with the license data that
 * must not also reset the authenticator. Over the local API, as the attacker would do it: the web
 * client's ForgotPassword (the code lands in the outbox), ConfirmForgotPassword (the pool's
 * post-confirmation trigger records the reset), then POST /mfa-recovery/request with the new
 * password and correct license data: the same 202, but no link. An admin MFA reset still works.
 */
describe('mailbox + license data within the cooling-off after a password reset by email', () => {
  it('the reset is recorded; the recovery request gets 202 and no link; an admin can still reset the MFA', async () => {
    const email = uniqueEmail('cooling-off');
    const { password, licenses } = SAMPLE_PRACTITIONERS[0];
    const practitioner = await seedPractitionerWithTotp({ email, password, licenses });

    // The mailbox alone resets the password.
    await cognito.send(new ForgotPasswordCommand({ ClientId: local.webClientId, Username: email }));
    const code = await newestResetCodeFor(email);
    expect(code).toMatch(/^\d{6}$/);
    const newPassword = 'Taken-Over-Passw0rd-1!';
    await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: local.webClientId, Username: email, ConfirmationCode: code, Password: newPassword }));

    // Recorded where it happened: the User's lastPasswordResetAt (the audit record is in the same transaction).
    const user = await tableItem(keys.user(practitioner.userId));
    expect(Date.now() - Date.parse(String(user?.lastPasswordResetAt))).toBeLessThan(60_000);
    const trail = await call(`/users/${practitioner.userId}/audit`, { method: 'GET', token: await adminToken() });
    expect(trail.body.events).toContainEqual(expect.objectContaining({ event: 'PASSWORD_RESET_BY_EMAIL', actor: practitioner.userId }));

    // The new password and the license data: the one answer, and nothing sent.
    const sentBefore = (await sesEmailsTo(email)).length;
    const requested = await call('/mfa-recovery/request', { body: { username: email, password: newPassword, license: licenses[0] } });
    expect(requested.status).toBe(202);
    expect(await sesEmailsTo(email)).toHaveLength(sentBefore);
    // The authenticator is still needed to sign in (the sign-in helper asks for its code).
    const withoutCode = await signIn(email, newPassword);
    expect(withoutCode.status).toBe(400);
    expect(withoutCode.body.error.details).toEqual([expect.objectContaining({ field: 'totpCode' })]);

    // An admin MFA reset is never held to the cooling-off.
    const reset = await call(`/users/${practitioner.userId}/mfa-reset`, {
      token: await adminToken(),
      body: { reason: 'Owner called in after a password reset' },
    });
    expect(reset).toMatchObject({ status: 202, body: { userId: practitioner.userId, status: 'MFA_RESET' } });
  });
});
